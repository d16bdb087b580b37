"""Read models of a workshop: what the screens show and what exports are built from.

Everything here is plain data (dicts of ids, numbers and user-written text), never rendered
sentences, so every screen renders it in its own language. Each function runs a fixed, small
number of queries whatever the size of the room (no per-card queries).
"""

from __future__ import annotations

import json
import time
from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import (
    ModerationAction,
    Participant,
    Presence,
    Problem,
    ProblemVote,
    Prototype,
    Role,
    Stage,
    Support,
    TeamMember,
    TeamRole,
    Vote,
    Workshop,
    prototype_problems,
    utcnow,
)
from . import changes
from .photos import photo_ids, photo_url
from .rating_results import protect, rating_progress, rating_results
from .ratings import my_ratings
from .translations import prototype_translations_of, translations_of
from .votes import PROBLEM_VOTE_STAGES, my_problem_votes, my_votes

ROLES = tuple(role.value for role in Role)
TEAM_ROLES = tuple(role.value for role in TeamRole)


def timer(workshop: Workshop) -> dict[str, Any] | None:
    """The running countdown as screens need it, or None.

    ``remaining_ms`` is measured on the server when the message leaves, so a screen counts down
    from its own clock's "now" and every screen shows the same time whatever its clock says.
    """
    ends = workshop.timer_ends_at
    if ends is None:
        return None
    if ends.tzinfo is None:  # SQLite gives naive datetimes back; we store UTC
        from datetime import UTC

        ends = ends.replace(tzinfo=UTC)
    remaining = max(0, int((ends - utcnow()).total_seconds() * 1000))
    return {
        "seconds": workshop.timer_seconds,
        "remaining_ms": remaining,
        "locks": workshop.lock_at_zero,
    }


def header(workshop: Workshop) -> dict[str, Any]:
    """Stage, reveal state, timer and room counts: small, sent with every delta."""
    participants = db.session.scalar(
        select(func.count()).select_from(Participant).where(Participant.workshop_id == workshop.id)
    )
    dots_cast = db.session.scalar(
        select(func.coalesce(func.sum(Vote.dots), 0)).where(Vote.workshop_id == workshop.id)
    )
    return {
        "code": workshop.code,
        "template": workshop.template,
        "stage": workshop.stage.value,
        "stages": [s.value for s in workshop.stages],
        "revealed": workshop.results_revealed,
        "dot_budget": workshop.dot_budget,
        "participants": int(participants or 0),
        "dots_cast": int(dots_cast or 0),
        "timer": timer(workshop),
        "projector_theme_id": workshop.projector_theme_id,
        "round_id": workshop.current_round_id,
    }


def themes(workshop: Workshop) -> list[dict[str, Any]]:
    """The theme tables in wall order, named for this screen's reader (see ``theme_name``)."""
    from ..labels import theme_name

    return [
        {"id": t.id, "name": theme_name(t.name, t.icon), "icon": t.icon, "colour": t.colour}
        for t in workshop.themes
    ]


def merge_roots(workshop: Workshop) -> dict[int, int]:
    """Each card's id → the id of the card it ends up in after merges (itself if unmerged)."""
    parent = dict(
        db.session.execute(
            select(Problem.id, Problem.merged_into_id).where(Problem.workshop_id == workshop.id)
        ).all()
    )

    def root(pid: int) -> int:
        seen = set()
        while parent.get(pid) is not None and pid not in seen:  # a cycle is refused on merge
            seen.add(pid)
            pid = parent[pid]
        return pid

    return {pid: root(pid) for pid in parent}


def wall_problems(workshop: Workshop) -> list[Problem]:
    """The cards the room sees (approved, not hidden, not merged away), oldest first."""
    return list(
        db.session.scalars(
            select(Problem)
            .where(
                Problem.workshop_id == workshop.id,
                Problem.hidden.is_(False),
                Problem.approved.is_(True),
                Problem.merged_into_id.is_(None),
            )
            .order_by(Problem.id)
        )
    )


def _supporters(
    workshop: Workshop, roots: dict[int, int], ids: set[int] | None = None
) -> dict[int, set[int]]:
    """Who said "me too" to each card, merged cards' people counted once on their target.

    With ``ids`` (a delta), only the supports of those cards and of cards merged into them
    are read, not the whole workshop's.
    """
    people: dict[int, set[int]] = defaultdict(set)
    query = (
        select(Support.problem_id, Support.participant_id)
        .join(Problem, Problem.id == Support.problem_id)
        .where(Problem.workshop_id == workshop.id)
    )
    if ids is not None:
        query = query.where(Support.problem_id.in_([p for p, r in roots.items() if r in ids]))
    for problem_id, participant_id in db.session.execute(query):
        people[roots.get(problem_id, problem_id)].add(participant_id)
    return people


def problems(
    workshop: Workshop, ids: set[int] | None = None, *, everything: bool = False
) -> list[dict[str, Any]]:
    """Cards with their "me too" counts, oldest first (all, or just ``ids``).

    The room (``everything`` False) gets only the cards on the wall; a requested card that
    left the wall (hidden, merged, awaiting approval) comes as ``{"id": …, "gone": true}`` so
    screens drop it. Moderators (``everything``) get every card with its moderation state.
    """
    query = select(Problem).where(Problem.workshop_id == workshop.id).order_by(Problem.id)
    if ids is not None:
        query = query.where(Problem.id.in_(ids))
    rows = db.session.scalars(query).all()
    roots = merge_roots(workshop)
    people = _supporters(workshop, roots, ids)
    translated = translations_of(workshop, [problem.id for problem in rows])
    result = []
    for problem in rows:
        if not everything and not problem.on_wall:
            if ids is not None:
                result.append({"id": problem.id, "gone": True})
            continue
        card = {
            "id": problem.id,
            "theme_id": problem.theme_id,
            "text": problem.text,
            "role": problem.author_role.value,
            "supports": len(people.get(problem.id, ())),
            "origin": problem.origin.value,
            "focus": problem.focus,
            "round_id": problem.round_id,
            "language": problem.language,
            # Every translation: each screen picks its reader's language (broadcasts are data).
            "translations": translated.get(problem.id, {}),
        }
        if everything:
            card.update(
                hidden=problem.hidden,
                approved=problem.approved,
                merged_into=problem.merged_into_id,
                original_text=problem.original_text,
            )
        result.append(card)
    return result + _deleted(ids, {problem.id for problem in rows})


def _deleted(ids: set[int] | None, found: set[int]) -> list[dict[str, Any]]:
    """Requested cards that no longer exist (withdrawn by their author) leave every screen."""
    return [{"id": ident, "gone": True} for ident in sorted((ids or set()) - found)]


#: Keys only moderators' cards carry (see ``everything`` in :func:`problems`/:func:`prototypes`).
_MODERATOR_KEYS = ("hidden", "approved", "merged_into", "original_text")


def room_view(cards: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What the room may see of moderator cards (``everything=True``), without reading again.

    A card off the wall (hidden, merged, waiting for approval) becomes ``{"id", "gone": true}``;
    the others lose their moderation fields. Equal to asking with ``everything=False`` for the
    same ids, which the broadcaster would otherwise do a second time every tick.
    """
    view = []
    for card in cards:
        off_wall = (
            card.get("hidden")
            or card.get("approved") is False
            or card.get("merged_into") is not None
        )
        if off_wall:
            view.append({"id": card["id"], "gone": True})
        else:
            view.append({k: v for k, v in card.items() if k not in _MODERATOR_KEYS})
    return view


def prototypes(
    workshop: Workshop, ids: set[int] | None = None, *, everything: bool = False
) -> list[dict[str, Any]]:
    """Prototypes with their canvas, the problems they answer (after merges) and the response.

    As with :func:`problems`, the room gets ``{"id": …, "gone": true}`` for a hidden one.
    """
    query = (
        select(Prototype, Participant.role)
        .options(selectinload(Prototype.response))  # one query for all responses, not one each
        .outerjoin(Participant, Participant.id == Prototype.author_id)
        .where(Prototype.workshop_id == workshop.id)
        .order_by(Prototype.id)
    )
    if ids is not None:
        query = query.where(Prototype.id.in_(ids))
    rows = db.session.execute(query).all()
    links: dict[int, list[int]] = defaultdict(list)
    if rows:
        roots = merge_roots(workshop)
        wanted = [prototype.id for prototype, _ in rows]
        for prototype_id, problem_id in db.session.execute(
            select(prototype_problems.c.prototype_id, prototype_problems.c.problem_id)
            .where(prototype_problems.c.prototype_id.in_(wanted))
            .order_by(prototype_problems.c.problem_id)
        ):
            target = roots.get(problem_id, problem_id)  # a merged card's links follow it
            if target not in links[prototype_id]:
                links[prototype_id].append(target)
    translated = prototype_translations_of(workshop, [prototype.id for prototype, _ in rows])
    photos = photo_ids(workshop.id) if rows else {}
    result = []
    for p, role in rows:
        if p.hidden and not everything:
            if ids is not None:
                result.append({"id": p.id, "gone": True})
            continue
        entry = {
            "id": p.id,
            "theme_id": p.theme_id,
            "title": p.title,
            "what_changes": p.what_changes,
            "who_benefits": p.who_benefits,
            "who_acts": p.who_acts,
            "first_step": p.first_step,
            "language": p.language,
            "translations": translated.get(p.id, {}),
            "problem_ids": sorted(links[p.id]),
            "role": role.value if role else None,
            "origin": p.origin.value,
            "response": response(p),
            # A new photo is a new row: the address changes, so it may be cached for good.
            "photo": photo_url(workshop.code, photos[p.id]) if p.id in photos else None,
        }
        if everything:
            entry["hidden"] = p.hidden
        result.append(entry)
    return result + _deleted(ids, {p.id for p, _ in rows})


def response(prototype: Prototype) -> dict[str, Any] | None:
    """A prototype's decision-maker response as data (the decision is a key, not a sentence)."""
    r = prototype.response
    if r is None:
        return None
    return {
        "decision": r.decision.value,
        "reason": r.reason,
        "owner": r.owner,
        "due_on": r.due_on.isoformat() if r.due_on else None,
    }


def _empty_split() -> dict[str, int]:
    return {"total": 0, **dict.fromkeys(ROLES, 0)}


def _add(result: dict[str, dict[str, int]], key: int, role: Role, dots: int | None) -> None:
    entry = result.setdefault(str(key), _empty_split())
    entry[role.value] += int(dots or 0)
    entry["total"] += int(dots or 0)


def problem_tallies(workshop: Workshop, stage: Stage) -> dict[str, dict[str, int]]:
    """Dots per card in ``stage`` (Focus or Prioritise), in total and by the voter's role.

    Dots on a card that was merged count for the card it went into; hidden cards have none.
    """
    roots = merge_roots(workshop)
    result = {str(p.id): _empty_split() for p in wall_problems(workshop)}
    for problem_id, role, dots in db.session.execute(
        select(ProblemVote.problem_id, Participant.role, func.sum(ProblemVote.dots))
        .join(Participant, Participant.id == ProblemVote.participant_id)
        .where(ProblemVote.workshop_id == workshop.id, ProblemVote.stage == stage.value)
        .group_by(ProblemVote.problem_id, Participant.role)
    ):
        target = str(roots.get(problem_id, problem_id))
        if target in result:
            _add(result, int(target), role, dots)
    return result


def tallies(workshop: Workshop) -> dict[str, dict[str, int]]:
    """Dots per prototype, in total and split by the voter's role (keys are prototype ids).

    Hidden prototypes are left out: moderation took them out of the vote.
    """
    result: dict[str, dict[str, int]] = {}
    for prototype_id in db.session.scalars(
        select(Prototype.id).where(
            Prototype.workshop_id == workshop.id, Prototype.hidden.is_(False)
        )
    ):
        result[str(prototype_id)] = _empty_split()
    rows = db.session.execute(
        select(Vote.prototype_id, Participant.role, func.sum(Vote.dots))
        .join(Participant, Participant.id == Vote.participant_id)
        .join(Prototype, Prototype.id == Vote.prototype_id)
        .where(Vote.workshop_id == workshop.id, Prototype.hidden.is_(False))
        .group_by(Vote.prototype_id, Participant.role)
    )
    for prototype_id, role, dots in rows:
        _add(result, prototype_id, role, dots)
    return result


def participation(workshop: Workshop) -> dict[str, Any]:
    """How many people joined, by role, by table, and by table and role."""
    by_role = dict.fromkeys(ROLES, 0)
    by_theme: dict[str, int] = {str(t.id): 0 for t in workshop.themes}
    by_table: dict[str, dict[str, int]] = {
        str(t.id): dict.fromkeys(ROLES, 0) for t in workshop.themes
    }
    for role, theme_id, n in db.session.execute(
        select(Participant.role, Participant.theme_id, func.count())
        .where(Participant.workshop_id == workshop.id)
        .group_by(Participant.role, Participant.theme_id)
    ):
        by_role[role.value] += n
        by_theme[str(theme_id)] = by_theme.get(str(theme_id), 0) + n
        by_table.setdefault(str(theme_id), dict.fromkeys(ROLES, 0))[role.value] += n
    return {
        "total": sum(by_role.values()),
        "by_role": by_role,
        "by_theme": by_theme,
        "by_table": by_table,
    }


def results(workshop: Workshop) -> list[dict[str, Any]]:
    """Per theme, its prototypes ranked by total dots (ties: the earlier prototype first)."""
    counts = tallies(workshop)
    by_theme: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for prototype in prototypes(workshop):
        by_theme[prototype["theme_id"]].append(
            {**prototype, "tally": counts.get(str(prototype["id"]))}
        )
    ranked = []
    for theme in themes(workshop):
        entries = sorted(by_theme[theme["id"]], key=lambda p: (-p["tally"]["total"], p["id"]))
        ranked.append({"theme": theme, "prototypes": entries})
    return ranked


def decides_on_problems(workshop: Workshop) -> bool:
    """Whether the session's outcome is its cards (listening, meeting), not prototypes."""
    stages = set(workshop.stages)
    return Stage.PROTOTYPES not in stages and bool({Stage.LISTEN, Stage.PROBLEMS} & stages)


def problem_results(workshop: Workshop) -> list[dict[str, Any]]:
    """What a session without prototypes decided: its cards per theme, most wanted first.

    A meeting ranks by the priority dots (with the split by role); a listening session, which
    has no dots, by its "me too"s. Cards still waiting for a theme tag come last, in their own
    group (``theme`` None).
    """
    stage = problem_vote_stage(workshop)
    counts = problem_tallies(workshop, stage) if stage is not None else {}
    groups: dict[int | None, list[dict[str, Any]]] = defaultdict(list)
    for card in problems(workshop):
        groups[card["theme_id"]].append({**card, "tally": counts.get(str(card["id"]))})

    def rank(card: dict[str, Any]) -> tuple[int, int, int]:
        dots = card["tally"]["total"] if card["tally"] else 0
        return (-dots, -card["supports"], card["id"])

    ranked = [
        {"theme": theme, "problems": sorted(groups.pop(theme["id"], []), key=rank)}
        for theme in themes(workshop)
    ]
    if groups.get(None):
        ranked.append({"theme": None, "problems": sorted(groups[None], key=rank)})
    return [group for group in ranked if group["problems"]]


def problem_vote_stage(workshop: Workshop) -> Stage | None:
    """The stage whose problem dots screens show: the current one, else the last one held."""
    if workshop.stage in PROBLEM_VOTE_STAGES:
        return workshop.stage
    held = [s for s in workshop.stages if s in PROBLEM_VOTE_STAGES]
    order = list(Stage)
    past = [s for s in held if order.index(s) < order.index(workshop.stage)]
    return past[-1] if past else None


#: Moderation steps whose record offers "undo" (the others are undone by their opposite).
UNDOABLE_ACTIONS = ("hide", "move", "merge", "edit", "hide_prototype")


def moderation_log(workshop: Workshop, limit: int = 30) -> list[dict[str, Any]]:
    """The latest moderation steps, newest first: what, on which card, by whom (role), when.

    For the team's screens only; ``details`` carries the step's parameters as data (a merge's
    target, a move's tables, pre-moderation on/off), never a sentence.
    """
    rows = db.session.scalars(
        select(ModerationAction)
        .where(ModerationAction.workshop_id == workshop.id)
        .order_by(ModerationAction.id.desc())
        .limit(limit)
    )
    log = []
    for row in rows:
        details = json.loads(row.details or "{}")
        log.append(
            {
                "id": row.id,
                "action": row.action,
                "problem_id": row.problem_id,
                "prototype_id": row.prototype_id,
                "role": details.get("role"),
                "member_id": row.member_id,
                "at": row.at.isoformat(),
                "undone": row.undone_at is not None,
                "undoable": row.action in UNDOABLE_ACTIONS
                and row.undone_at is None
                # a withdrawn card's steps stay in the log without the state undo needs
                and "before" in details,
                "details": {
                    k: v for k, v in details.items() if k not in ("role", "before", "after")
                },
            }
        )
    return log


#: How long the room's part of a snapshot is served again (while nothing has moved).
ROOM_SNAPSHOT_TTL = 2.0

#: Per workshop: how many transactions of this process changed what a room's snapshot shows.
#: A change is in the database at once but in the seq only at the next tick: a phone posting a
#: card without JavaScript must see it on the page it is sent back to. People joining or
#: connecting do not count: phones show nothing of that, the projector's count follows in the
#: next delta, and a join storm is when sharing the snapshot matters.
_changed: defaultdict[int, int] = defaultdict(int)


def _note_changes(committed: Iterable[changes.Change]) -> None:
    for change in committed:
        if change.kind not in ("presence", "participants"):
            _changed[change.workshop_id] += 1


changes.subscribe(_note_changes)
ROOM_SNAPSHOTS_KEPT = 64


def snapshot(
    workshop: Workshop,
    *,
    participant: Participant | None = None,
    with_tallies: bool = False,
    moderator: bool = False,
) -> dict[str, Any]:
    """Everything a screen needs to draw the workshop from scratch, with the current seq.

    ``participant`` adds the phone's own state (its "me too"s, dots and remaining budget), which
    is never broadcast. ``with_tallies`` is decided by the caller from the viewer's rights;
    ``moderator`` adds cards off the wall with their moderation state (made for each moderator;
    the room's part is shared, see :func:`_shared_room_snapshot`).
    """
    if moderator:
        data = _room_snapshot(workshop, with_tallies=with_tallies, moderator=True)
    else:
        data = _shared_room_snapshot(workshop, with_tallies, phone=participant is not None)
    if participant is not None:
        allocation, remaining = my_votes(participant)
        data["me"] = {
            "role": participant.role.value,
            "theme_id": participant.theme_id,
            "mine": sorted(
                db.session.scalars(select(Problem.id).where(Problem.author_id == participant.id))
            ),
            "supported": sorted(
                db.session.scalars(
                    select(Support.problem_id).where(Support.participant_id == participant.id)
                )
            ),
            "votes": {str(k): v for k, v in allocation.items()},
            "remaining": remaining,
        }
        if workshop.stage in PROBLEM_VOTE_STAGES:
            problem_allocation, problem_remaining = my_problem_votes(participant, workshop.stage)
            data["me"]["problem_votes"] = {str(k): v for k, v in problem_allocation.items()}
            data["me"]["problem_remaining"] = problem_remaining
        if Stage.RATE in workshop.stages:
            data["me"]["ratings"] = {
                f"{item}:{criterion}": score
                for (item, criterion), score in my_ratings(participant).items()
            }
    return data


def _shared_room_snapshot(workshop: Workshop, with_tallies: bool, phone: bool) -> dict[str, Any]:
    """The room's part of a snapshot, made again only when it may have changed.

    What every phone or projector of a workshop gets alike is kept per app, by workshop,
    reader's language and whether tallies are shown: during a join storm dozens of phones a
    second ask for the same one. It is valid while the workshop's seq has not moved (every
    change a screen sees moves it, in any process, at the next tick; for phones the pseq,
    which people joining do not move), nor ``_changed`` (this process's commits, at once), and
    for ``ROOM_SNAPSHOT_TTL`` seconds at most. A shallow
    copy: callers add or replace top-level keys, never change what is inside. The timer's
    remaining time is measured now, not when the snapshot was made.
    """
    from flask import current_app
    from flask_babel import get_locale

    kept: OrderedDict[tuple[int, str, bool, bool], tuple[tuple[int, int], float, dict[str, Any]]]
    kept = current_app.extensions.setdefault("tavola_room_snapshots", OrderedDict())
    key = (workshop.id, str(get_locale() or ""), with_tallies, phone)
    version = (workshop.phone_seq if phone else workshop.seq, _changed[workshop.id])
    now = time.monotonic()
    cached = kept.get(key)
    if cached is not None and cached[0] == version and now - cached[1] < ROOM_SNAPSHOT_TTL:
        data = dict(cached[2])
        data["workshop"] = {**data["workshop"], "timer": timer(workshop)}
        return data
    fresh = _room_snapshot(workshop, with_tallies=with_tallies, moderator=False)
    kept[key] = (version, now, fresh)
    kept.move_to_end(key)
    while len(kept) > ROOM_SNAPSHOTS_KEPT:
        kept.popitem(last=False)
    return dict(fresh)


def _room_snapshot(workshop: Workshop, *, with_tallies: bool, moderator: bool) -> dict[str, Any]:
    """What every screen of the room (or every moderator) gets alike, read from the database."""
    data: dict[str, Any] = {
        "seq": workshop.seq,
        # Phones follow the deltas meant for them, numbered apart (see the broadcaster).
        "pseq": workshop.phone_seq,
        "workshop": header(workshop),
        "themes": themes(workshop),
        "rounds": [{"id": r.id, "prompt": r.prompt} for r in workshop.rounds],
        "problems": problems(workshop, everything=moderator),
        "prototypes": prototypes(workshop, everything=moderator),
    }
    vote_stage = problem_vote_stage(workshop)
    if with_tallies:
        data["tallies"] = tallies(workshop)
        if vote_stage is not None:
            data["problem_tallies"] = problem_tallies(workshop, vote_stage)
    if moderator:
        data["moderation"] = moderation_log(workshop)
    if Stage.RATE in workshop.stages:
        # Progress only (never scores) while the round runs; the room's protected results
        # once revealed (the control screen's page shows the exact numbers).
        data["rating_progress"] = rating_progress(workshop)
        if with_tallies and workshop.results_revealed:
            data["rating_results"] = protect(rating_results(workshop))
    return data


def _by_table(workshop: Workshop, rows: Any) -> dict[str, dict[str, int]]:
    by_table = {str(t.id): dict.fromkeys(ROLES, 0) for t in workshop.themes}
    for role, theme_id, n in rows:
        by_table.setdefault(str(theme_id), dict.fromkeys(ROLES, 0))[role.value] += n
    return by_table


#: What the projector gets of :func:`presence`; the control screen's is a superset.
PUBLIC_PRESENCE = ("total", "by_table", "team")


def presence(workshop: Workshop, *, control: bool = False) -> dict[str, Any]:
    """Who is connected now: people on phones by table and role, the team by role.

    Counts people, not connections (a phone with two tabs open counts once). ``control`` adds
    what only the trainer's screen shows: how many joined on a phone per table and role (so
    "joined minus connected" is who dropped out), the team invited by role, and the display
    names of the disconnected, only for those who gave one.
    """
    people = func.count(func.distinct(Participant.id))
    connected = _by_table(
        workshop,
        db.session.execute(
            select(Participant.role, Participant.theme_id, people)
            .join(Presence, Presence.participant_id == Participant.id)
            .where(Presence.workshop_id == workshop.id)
            .group_by(Participant.role, Participant.theme_id)
        ),
    )
    team = dict.fromkeys(TEAM_ROLES, 0)
    for role, n in db.session.execute(
        select(TeamMember.role, func.count(func.distinct(TeamMember.id)))
        .join(Presence, Presence.member_id == TeamMember.id)
        .where(Presence.workshop_id == workshop.id, TeamMember.revoked_at.is_(None))
        .group_by(TeamMember.role)
    ):
        team[role.value] = n
    data: dict[str, Any] = {
        "total": sum(sum(roles.values()) for roles in connected.values()),
        "by_table": connected,
        "team": team,
    }
    if not control:
        return data
    on_phone = (Participant.workshop_id == workshop.id, Participant.token.is_not(None))
    data["joined"] = _by_table(
        workshop,
        db.session.execute(
            select(Participant.role, Participant.theme_id, func.count())
            .where(*on_phone)
            .group_by(Participant.role, Participant.theme_id)
        ),
    )
    invited = dict.fromkeys(TEAM_ROLES, 0)
    for role, n in db.session.execute(
        select(TeamMember.role, func.count())
        .where(TeamMember.workshop_id == workshop.id, TeamMember.revoked_at.is_(None))
        .group_by(TeamMember.role)
    ):
        invited[role.value] = n
    data["team_invited"] = invited
    return data
