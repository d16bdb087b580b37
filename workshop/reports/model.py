"""The report as data: what the HTML page, the PDF and the DOCX show, built from JSON records.

Every report format is drawn from this one model, and the model from the JSON record alone
(``json_export``), so the numbers in the PDF, the DOCX and the data files cannot drift apart.
It holds data, not sentences: labels are translated where the model is rendered.

Small-group protection lives here and only here. Counts of people show a role with fewer than
:data:`MIN_GROUP` people as "fewer than 3". Dots and scores (what people chose) never stand for
fewer than three people: roles that small are pooled together, or with the largest role when
even the pool is too small ("Residents and others: 14"), so no subtraction from the total gives
one or two people's choices away, and the residents / decision makers comparison survives when
it can. The raw data exports keep exact counts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

ROLES = ("resident", "decision_maker", "other")
#: Fewer people than this in a role: the report says "fewer than 3", not their numbers.
MIN_GROUP = 3
#: How many prototypes "at a glance" lists.
TOP_PROTOTYPES = 3
#: Percentage points between the residents' and decision makers' share of dots from which a
#: prototype is marked as one the two groups see differently.
GAP_THRESHOLD = 10


@dataclass
class Group:
    """One cell of a split: a role, or several small roles pooled; ``value`` ``None`` is
    "fewer than 3" (a count of people too small to show)."""

    roles: tuple[str, ...]
    value: Any
    people: int


@dataclass
class Split:
    """A number split by role, protected by the small-group rule."""

    total: Any
    groups: list[Group]

    @property
    def withheld(self) -> bool:
        """Whether the small-group rule changed anything (a pooled or hidden role)."""
        return any(len(g.roles) > 1 or g.value is None for g in self.groups)

    def role(self, role: str) -> Any:
        """The role's own number, or ``None`` when it is pooled, hidden or absent."""
        for group in self.groups:
            if group.roles == (role,):
                return group.value
        return None

    def group_of(self, role: str) -> Group | None:
        """The group a role's number is counted in, if anyone of that role took part."""
        return next((g for g in self.groups if role in g.roles), None)


def pool(people: dict[str, int]) -> list[tuple[str, ...]]:
    """Which roles stand together so that every group is at least :data:`MIN_GROUP` people.

    Roles with nobody are left out. Small roles are pooled together; if that pool is still
    small, it joins the largest role (residents, as a rule), keeping the others apart.
    """
    present = [r for r in ROLES if people.get(r, 0) > 0]
    small = tuple(r for r in present if people[r] < MIN_GROUP)
    large = [r for r in present if people[r] >= MIN_GROUP]
    if not small:
        return [(r,) for r in present]
    if sum(people[r] for r in small) >= MIN_GROUP or not large:
        return [(r,) for r in large] + [small]
    biggest = max(large, key=lambda r: people[r])
    merged = tuple(r for r in ROLES if r == biggest or r in small)
    return [merged if r == biggest else (r,) for r in large]


def split(values: dict[str, int], people: dict[str, int]) -> Split:
    """Dots by role, pooled so that no group is fewer than three people (see :func:`pool`)."""
    total = values.get("total", sum(values.get(role, 0) for role in ROLES))
    return Split(
        total,
        [
            Group(roles, sum(values.get(r, 0) for r in roles), sum(people[r] for r in roles))
            for roles in pool(people)
        ],
    )


def headcount(counts: dict[str, int]) -> Split:
    """People by role: a role of one or two people is shown as "fewer than 3" (``None``)."""
    return Split(
        sum(counts.get(r, 0) for r in ROLES),
        [
            Group((r,), counts[r] if counts[r] >= MIN_GROUP else None, counts[r])
            for r in ROLES
            if counts.get(r, 0)
        ],
    )


def averages(by_role: dict[str, dict[str, Any]]) -> list[Group]:
    """Average scores by role, pooled like dots (a pool's average weighs each rater once)."""
    people = {r: by_role[r]["count"] for r in ROLES}
    groups = []
    for roles in pool(people):
        n = sum(people[r] for r in roles)
        total = sum(by_role[r]["average"] * people[r] for r in roles if people[r])
        groups.append(Group(roles, round(total / n, 2), n))
    return groups


@dataclass
class Text:
    """Something a person typed, in its own language, with the reader's translation if any."""

    text: str
    language: str | None
    translation: str | None = None
    translation_language: str | None = None
    machine: bool = False


@dataclass
class ProblemEntry:
    id: int
    text: Text
    origin: str
    supports: int
    focus: bool
    author_role: str
    #: The listening question it answers, when it came from a listening round.
    round_prompt: str | None
    #: For a card brought from an earlier session: that session's title and code.
    source_title: str | None
    source_code: str | None
    source_problem_id: int | None
    #: Dots on it per problem-vote stage (``focus``, ``prioritise``), split by role.
    priority: dict[str, Split]
    #: Titles of the prototypes that answer it.
    answered_by: list[str] = field(default_factory=list)


@dataclass
class Response:
    decision: str
    reason: str
    owner: str
    due_on: str | None


@dataclass
class PrototypeEntry:
    id: int
    theme_id: int
    rank: int | None
    title: Text
    #: The canvas, in order: (field key, text); empty fields left out.
    canvas: list[tuple[str, Text]]
    dots: Split
    #: Decision makers' share of their dots minus residents' share of theirs, in percentage
    #: points; ``None`` when the two are pooled together or either cast no dots.
    gap: float | None
    problems: list[str]
    response: Response | None
    #: The table's photo of the paper prototype, as a ``data:`` URI (the report is one file).
    photo: str | None = None

    @property
    def disagree(self) -> bool:
        return self.gap is not None and abs(self.gap) >= GAP_THRESHOLD


@dataclass
class ThemeSection:
    id: int | None
    name: str
    icon: str
    colour: str
    problems: list[ProblemEntry]
    prototypes: list[PrototypeEntry]
    participants: Split

    @property
    def focus(self) -> list[ProblemEntry]:
        return [p for p in self.problems if p.focus]


@dataclass
class RatingCell:
    criterion: str
    count: int
    average: float | None
    distribution: list[int]
    #: Averages by role, small roles pooled (see :func:`averages`).
    by_role: list[Group]

    @property
    def withheld(self) -> bool:
        return any(len(g.roles) > 1 for g in self.by_role)


@dataclass
class RatingEntry:
    item: Text
    cells: list[RatingCell]


@dataclass
class StageSpan:
    stage: str
    started: datetime
    minutes: float | None


@dataclass
class Methodology:
    template: str
    stages: list[StageSpan]
    dot_budget: int
    focus_count: int
    premoderation: bool
    #: language → (by people, by machine), over cards and prototypes.
    translations: dict[str, tuple[int, int]]
    hidden_cards: int
    hidden_prototypes: int
    merged_cards: int
    edited_cards: int
    moved_cards: int


@dataclass
class SessionReport:
    code: str
    title: str
    place: str
    date: date | None
    template: str
    exported_at: datetime
    languages: list[str]
    #: team role → how many (the trainer is always one).
    team: dict[str, int]
    #: (role, name) of the trainer and team, only when the trainer chose to name them.
    team_names: list[tuple[str, str]]
    participants: Split
    by_language: list[tuple[str, int]]
    themes: list[ThemeSection]
    unsorted: list[ProblemEntry]
    cards: int
    supports: int
    prototypes: int
    dots: int
    voters: int
    feedback_answers: int
    feedback_average: float | None
    feedback_distribution: list[int]
    top: list[PrototypeEntry]
    ratings: list[RatingEntry]
    methodology: Methodology
    #: Whether any number in this session's report is withheld by the small-group rule.
    withheld: bool = False

    @property
    def has_prototypes(self) -> bool:
        return self.prototypes > 0


@dataclass
class Trace:
    """A problem followed from the session where it was raised to where it was worked on."""

    text: Text
    raised_in: str
    #: (session title, supports there, prototypes answering it there) per later session.
    steps: list[tuple[str, int, list[str]]]


@dataclass
class Report:
    sessions: list[SessionReport]
    language: str
    traces: list[Trace] = field(default_factory=list)

    @property
    def combined(self) -> bool:
        return len(self.sessions) > 1


def _parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _text(text: str, language: str | None, translations: list[dict], reader: str, key: str) -> Text:
    """The original and, when it is in another language, the reader's translation of it."""
    reader = reader.split("_")[0].split("-")[0]
    if language != reader:
        for t in translations:
            if t["language"] == reader and t.get(key):
                return Text(text, language, t[key], reader, bool(t.get("machine")))
    return Text(text, language)


def build_report(records: list[dict[str, Any]], language: str = "en") -> Report:
    """The report of one session, or the combined report of several, for a reader of
    ``language`` (which picks the translations shown beside the originals)."""
    records = sorted(records, key=_held)  # a programme reads in the order it happened
    sessions = [_session(record, language) for record in records]
    return Report(sessions, language, _traces(records, language) if len(records) > 1 else [])


def _held(record: dict[str, Any]) -> tuple[str, str]:
    """When a session took place: its date, else the day it was created."""
    w = record["workshop"]
    return (w["date"] or w["created_at"][:10], w["created_at"])


def _people_by_role(pseudonyms: list[str], roles: dict[str, str]) -> dict[str, int]:
    counts = Counter(roles[p] for p in set(pseudonyms))
    return {role: counts.get(role, 0) for role in ROLES}


def _session(record: dict[str, Any], language: str) -> SessionReport:
    w = record["workshop"]
    roles = {p["id"]: p["role"] for p in record["participants"]}
    participation = record["participation"]
    themes = {t["id"]: t for t in record["themes"]}
    rounds = {r["id"]: r["prompt"] for r in record["rounds"]}
    voters = _people_by_role([v["participant"] for v in record["votes"]], roles)
    problem_voters = {
        stage: _people_by_role(
            [v["participant"] for v in record["problem_votes"] if v["stage"] == stage], roles
        )
        for stage in {v["stage"] for v in record["problem_votes"]}
    }

    visible = [
        p
        for p in record["problems"]
        if not p["hidden"] and p["approved"] and p["merged_into"] is None
    ]
    prototypes = [p for p in record["prototypes"] if not p["hidden"]]
    problem_text = {p["id"]: p["text"] for p in record["problems"]}
    answered = _answered_by(record)
    ranks = {r["prototype_id"]: r["rank"] for res in record["results"] for r in res["ranking"]}
    # Each group's dots over the whole session: the base of its share on each prototype.
    group_totals: Counter[tuple[str, ...]] = Counter()
    for p in prototypes:
        for group in split(p["dots"] or {}, voters).groups:
            group_totals[group.roles] += group.value

    def problem_entry(p: dict[str, Any]) -> ProblemEntry:
        source = p.get("source") or {}
        return ProblemEntry(
            id=p["id"],
            text=_text(p["text"], p["language"], p.get("translations", []), language, "text"),
            origin=p["origin"],
            supports=p["supports"],
            focus=p["focus"],
            author_role=p["author_role"],
            round_prompt=rounds.get(p["round_id"]),
            source_title=source.get("workshop_title"),
            source_code=source.get("workshop_code"),
            source_problem_id=source.get("problem_id"),
            priority={
                stage: split(dots, problem_voters.get(stage, {}))
                for stage, dots in p.get("priority_dots", {}).items()
            },
            answered_by=answered.get(p["id"], []),
        )

    def prototype_entry(p: dict[str, Any]) -> PrototypeEntry:
        dots = split(p["dots"] or {"total": 0}, voters)
        gap = None
        residents, deciders = dots.group_of("resident"), dots.group_of("decision_maker")
        # Only decision makers on their own: a pool with others would not say what they chose.
        if residents and deciders and deciders.roles == ("decision_maker",):
            shares = group_totals[residents.roles], group_totals[deciders.roles]
            if all(shares):
                gap = round(100 * deciders.value / shares[1] - 100 * residents.value / shares[0], 1)
        translations = p.get("translations", [])
        canvas = [
            (key, _text(p[key], p["language"], translations, language, key))
            for key in ("what_changes", "who_benefits", "who_acts", "first_step")
            if p[key]
        ]
        r = p.get("response")
        photo = p.get("photo")
        return PrototypeEntry(
            id=p["id"],
            theme_id=p["theme_id"],
            rank=ranks.get(p["id"]),
            title=_text(p["title"], p["language"], translations, language, "title"),
            canvas=canvas,
            dots=dots,
            gap=gap,
            problems=[problem_text[i] for i in p["problem_ids"] if i in problem_text],
            response=Response(r["decision"], r["reason"], r["owner"], r["due_on"]) if r else None,
            photo=f"data:image/jpeg;base64,{photo['jpeg_base64']}" if photo else None,
        )

    def order(p: dict[str, Any]) -> tuple:
        priority = sum(d["total"] for d in p.get("priority_dots", {}).values())
        return (not p["focus"], -priority, -p["supports"], p["id"])

    proto_entries = [prototype_entry(p) for p in prototypes]
    sections = []
    for theme_id, theme in themes.items():
        sections.append(
            ThemeSection(
                id=theme_id,
                name=theme["name"],
                icon=theme["icon"],
                colour=theme["colour"],
                problems=[
                    problem_entry(p)
                    for p in sorted(visible, key=order)
                    if p["theme_id"] == theme_id
                ],
                prototypes=sorted(
                    (e for e in proto_entries if e.theme_id == theme_id),
                    key=lambda e: (e.rank or 0, e.id),
                ),
                participants=headcount(participation["by_table"].get(str(theme_id), {})),
            )
        )
    unsorted = [problem_entry(p) for p in sorted(visible, key=order) if p["theme_id"] is None]

    top = sorted(
        (e for e in proto_entries if e.dots.total > 0), key=lambda e: (-e.dots.total, e.id)
    )[:TOP_PROTOTYPES]
    by_language = Counter(p["language"] for p in record["participants"])
    used = Counter(p["language"] for p in record["participants"])
    used.update(p["language"] for p in visible if p["language"])
    fb = record["feedback_summary"]
    team = Counter(m["role"] for m in record["team"])

    session = SessionReport(
        code=w["code"],
        title=w["title"],
        place=w["place"],
        date=date.fromisoformat(w["date"]) if w["date"] else None,
        template=w["template"],
        exported_at=_parse_time(record["exported_at"]),
        languages=[code for code, _ in used.most_common()],
        team={"trainer": 1, **dict(team)},
        team_names=[(t["role"], t["name"]) for t in record.get("team_names", [])],
        participants=headcount(participation["by_role"]),
        by_language=by_language.most_common(),
        themes=sections,
        unsorted=unsorted,
        cards=len(visible),
        supports=sum(p["supports"] for p in visible),
        prototypes=len(prototypes),
        dots=sum(p["dots"].get("total", 0) for p in prototypes),
        voters=sum(voters.values()),
        feedback_answers=fb["answers"],
        feedback_average=fb["average"],
        feedback_distribution=fb["distribution"],
        top=top,
        ratings=_ratings(record, language),
        methodology=_methodology(record),
    )
    session.withheld = _any_withheld(session)
    return session


def _any_withheld(session: SessionReport) -> bool:
    splits = [session.participants]
    for theme in session.themes:
        splits.append(theme.participants)
        splits += [p.dots for p in theme.prototypes]
        for problem in theme.problems:
            splits += list(problem.priority.values())
    cells = [cell for entry in session.ratings for cell in entry.cells]
    return any(s.withheld for s in splits) or any(c.withheld for c in cells)


def _ratings(record: dict[str, Any], language: str) -> list[RatingEntry]:
    items = {i["id"]: i for i in record["rating_items"]}
    criteria = {c["id"]: c["name"] for c in record["criteria"]}
    entries = []
    for result in record["rating_results"]:
        item = items[result["item_id"]]
        cells = []
        for cell in result["criteria"]:
            cells.append(
                RatingCell(
                    criterion=criteria[cell["criterion_id"]],
                    count=cell["count"],
                    average=cell["average"],
                    distribution=cell["distribution"],
                    by_role=averages(cell["by_role"]),
                )
            )
        entries.append(RatingEntry(Text(item["text"], None), cells))
    return entries


def _methodology(record: dict[str, Any]) -> Methodology:
    w = record["workshop"]
    history = w["stage_history"]
    end = _parse_time(record["exported_at"])
    stages = []
    for i, change in enumerate(history):
        started = _parse_time(change["at"])
        if change["stage"] == "closed":
            stages.append(StageSpan("closed", started, None))
            continue
        until = _parse_time(history[i + 1]["at"]) if i + 1 < len(history) else end
        stages.append(StageSpan(change["stage"], started, (until - started).total_seconds() / 60))
    translations: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for thing in record["problems"] + record["prototypes"]:
        for t in thing.get("translations", []):
            translations[t["language"]][1 if t.get("machine") else 0] += 1
    moves = Counter(
        a["problem_id"]
        for a in record["moderation"]
        if a["action"] == "move" and not a["undone_at"]
    )
    return Methodology(
        template=w["template"],
        stages=stages,
        dot_budget=w["dot_budget"],
        focus_count=w["focus_count"],
        premoderation=w["premoderation"],
        translations={k: (v[0], v[1]) for k, v in sorted(translations.items())},
        hidden_cards=sum(1 for p in record["problems"] if p["hidden"]),
        hidden_prototypes=sum(1 for p in record["prototypes"] if p["hidden"]),
        merged_cards=sum(1 for p in record["problems"] if p["merged_into"] is not None),
        edited_cards=sum(1 for p in record["problems"] if p["original_text"] is not None),
        moved_cards=len(moves),
    )


def _answered_by(record: dict[str, Any]) -> defaultdict[int, list[str]]:
    """Problem id → titles of the (visible) prototypes that answer it."""
    answered: defaultdict[int, list[str]] = defaultdict(list)
    for prototype in record["prototypes"]:
        if not prototype["hidden"]:
            for problem_id in prototype["problem_ids"]:
                answered[problem_id].append(prototype["title"])
    return answered


def _traces(records: list[dict[str, Any]], language: str) -> list[Trace]:
    """Problems raised in one selected session and brought into later ones (a listening
    session's card imported into a meeting, then into the workshop), with what became of them in
    each: the "me too"s there and the prototypes that answer them. Followed through any number
    of imports, as long as each session on the way is selected."""
    cards = {(r["workshop"]["code"], p["id"]): (r, p) for r in records for p in r["problems"]}

    def root(problem: dict[str, Any]) -> tuple[dict[str, Any] | None, dict[str, Any]]:
        record = None
        while problem.get("source"):
            key = (problem["source"]["workshop_code"], problem["source"]["problem_id"])
            if key not in cards:
                break
            record, problem = cards[key]
        return record, problem

    traces: dict[tuple[str, int], Trace] = {}
    for record in records:
        answered_by = _answered_by(record)
        supports = {q["id"]: q["supports"] for q in record["problems"]}
        seen: set[tuple[str, int]] = set()
        for problem in record["problems"]:
            origin, first = root(problem)
            if origin is None or problem["hidden"]:
                continue
            key = (origin["workshop"]["code"], first["id"])
            trace = traces.get(key)
            if trace is None:
                text = _text(
                    first["text"],
                    first["language"],
                    first.get("translations", []),
                    language,
                    "text",
                )
                trace = traces[key] = Trace(text, origin["workshop"]["title"], [])
            if key in seen:  # two imports merged here: one step
                continue
            seen.add(key)
            target = problem["merged_into"] or problem["id"]
            trace.steps.append(
                (record["workshop"]["title"], supports.get(target, 0), answered_by[target])
            )
    return list(traces.values())
