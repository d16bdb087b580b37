"""Finished, realistic demo sessions of every template, built through the services.

``flask --app workshop demo --template NAME`` calls :func:`build_demo`, so a new trainer can
look at each kind of session (and its report and exports) without running one. Everything goes
through the same services a room uses, with the same rules, so a demo is also a smoke test of
the whole engine. The texts are the kind of thing said in Prato's and Ljubljana's sessions.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date

from sqlalchemy import select

from . import services
from .extensions import db
from .models import Facilitator, Participant, Prototype, Role, Stage, Workshop
from .services import Actor, moderation
from .services.behalf import add_person, capture_quote
from .services.imports import import_problems
from .session_templates import ThemeSpec

#: Languages of the demo rooms, cycled over the people who join.
LANGUAGES = ["ar", "it", "zh", "ur", "bn", "en", "uk", "fr", "ti", "it"]
DEMO_PROBLEMS = {
    0: [
        "Letters from school are only in Italian; I cannot help my child with the homework.",
        "No one explains how enrolment works when you arrive in the middle of the year.",
        "Parent meetings are at 3 pm, when we are at work.",
        "My daughter is put in a class two years below her age because of the language.",
    ],
    1: [
        "We are never asked before decisions are made about our neighbourhood.",
        "Council meetings are only in Italian and at times we cannot come.",
        "Associations of newcomers do not know how to get a room for meetings.",
    ],
    2: [
        "The registry office gives appointments only online, in Italian.",
        "Every office asks for the same documents again and again.",
        "Nobody tells you which office is responsible for what.",
        "Waiting for the residence permit renewal takes many months.",
    ],
}
DEMO_PROTOTYPES = {
    0: [
        (
            "Welcome desk for families at every school",
            "A parent mediator explains enrolment, letters and meetings in families' languages.",
            "Newly arrived families and teachers",
            "School board with the intercultural mediators' service",
            "Pilot in two schools from September",
            [0, 1],
        ),
        (
            "Evening parent meetings",
            "One parent meeting per term in the evening, with an interpreter on request.",
            "Working parents",
            "Head teachers",
            "Ask parents which evening works best",
            [2],
        ),
    ],
    1: [
        (
            "Neighbourhood listening table every three months",
            "Residents and councillors meet in the neighbourhood, with interpreters.",
            "Residents who never come to the town hall",
            "Participation office",
            "First table in the library in spring",
            [0, 1],
        ),
    ],
    2: [
        (
            "One-stop appointment in your language",
            "One appointment for all documents, bookable by phone with language support.",
            "Newcomers and the offices themselves",
            "Registry office and immigration desk",
            "Map which documents each office asks for",
            [0, 1, 2],
        ),
        (
            "Plain-language map of offices",
            "A one-page map of who does what, in ten languages, at every desk.",
            "Everyone who arrives in the city",
            "Communication office with residents' associations",
            "Collect the questions people ask most",
            [2],
        ),
    ],
}


LISTENING_ANSWERS = [
    [
        "The Italian course at the library is free and the teachers are patient.",
        "My neighbours helped me find a doctor.",
        "At the health centre there is now a mediator who speaks Urdu.",
        "The football club took my son without asking for papers.",
    ],
    [
        "Letters from the school and the town hall should come in our languages.",
        "Offices should say which documents they need, all at once.",
        "Meetings about our neighbourhood should be in the evening.",
        "It takes months to renew the residence permit and you cannot work meanwhile.",
        "Nobody explains how to rent a flat; agencies refuse us.",
    ],
]
LISTENING_QUOTES = [
    ("At the registry nobody explains the forms, they just say come back.", Role.RESIDENT, "ti"),
    ("We want to help, but we do not know who to call.", Role.OTHER, "it"),
]
ROUNDTABLE_THEMES = [
    ThemeSpec("Housing", "housing", "#1f5f99"),
    ThemeSpec("Labour market", "work", "#a33b20"),
    ThemeSpec("Health", "health", "#2c6e3f"),
    ThemeSpec("One-stop shops", "services", "#6b3fa0"),
    ThemeSpec("Culture", "culture", "#8a5a00"),
]
ROUNDTABLE_PROBLEMS = [
    ["Landlords refuse tenants with a foreign name.", "Rents near the station doubled."],
    ["Diplomas from abroad take two years to be recognised.", "Job centres only use Italian."],
    ["Night clinics have no interpreters.", "Nobody explains how to choose a family doctor."],
    ["Five offices for one residence permit.", "Opening hours end when work ends."],
    ["Festivals never include newcomers' associations.", "The library has no books in Tigrinya."],
]
ROUNDTABLE_PROTOTYPES = [
    ("Fair-rent register", "A public list of landlords who rent without discrimination."),
    ("Fast-track for diplomas", "One desk that checks foreign diplomas in eight weeks."),
    ("Interpreter on call", "A phone interpreter for every night clinic."),
    ("One appointment, every document", "One booking covers registry, permit and health card."),
    ("Open library nights", "Monthly evenings run with newcomers' associations."),
]
RESPONSES = [
    ("adopt", "It is in next year's education budget.", "Education department", 0),
    ("study", "We need to check the costs with the schools first.", "School board", 1),
    ("not_possible", "The national law sets the permit procedure.", "", 2),
]


def _demo_facilitator() -> tuple[Facilitator, str | None]:
    """The first facilitator, or a new ``demo`` account (and its password) on a new install."""
    import secrets

    facilitator = db.session.scalar(select(Facilitator).order_by(Facilitator.id))
    if facilitator is not None:
        return facilitator, None
    password = secrets.token_urlsafe(9)
    return services.create_facilitator("demo", password), password


def _crowd(workshop: Workshop, roles: list[Role], seated: bool = True) -> list[Participant]:
    """People joining, spread over the tables, in the room's languages."""
    themes = workshop.themes
    return [
        services.join(
            workshop,
            role=role,
            theme_id=themes[i % len(themes)].id if seated else None,
            language=LANGUAGES[i % len(LANGUAGES)],
        )
        for i, role in enumerate(roles)
    ]


def _supports(rng: random.Random, people: list[Participant], cards: list) -> None:
    for card in cards:
        for person in rng.sample(people, rng.randint(1, min(7, len(people)))):
            if person.id != card.author_id:
                services.set_support(person, card.id, True)


def _close(rng: random.Random, workshop: Workshop, people: list[Participant]) -> None:
    """End the session; most people answer the closing question."""
    services.advance_stage(workshop, Stage.CLOSED)
    for person in people:
        if rng.random() < 0.8:
            services.give_feedback(person, rng.choice([3, 4, 4, 5, 5]))


def _vote(rng: random.Random, workshop: Workshop, people: list[Participant]) -> None:
    prototype_ids = list(
        db.session.scalars(select(Prototype.id).where(Prototype.workshop_id == workshop.id))
    )
    for person in people:
        for _ in range(workshop.dot_budget):
            services.cast_vote(person, rng.choice(prototype_ids), 1)


def _workshop(facilitator: Facilitator, rng: random.Random) -> Workshop:
    """The co-projecting workshop, through every stage, with someone on paper."""
    workshop = services.create_workshop(
        facilitator,
        title="Living together in Prato: school, participation, services",
        place="Biblioteca Lazzerini, Prato",
        held_on=date.today(),
        dot_budget=3,
    )
    roles = [Role.RESIDENT] * 14 + [Role.DECISION_MAKER] * 4 + [Role.OTHER] * 2
    people = _crowd(workshop, roles)
    # A grandmother who writes on paper; the trainer types her input in.
    paper = add_person(
        Actor.trainer(workshop), role=Role.RESIDENT, language="ar", theme_id=workshop.themes[0].id
    )
    people.append(paper)
    services.advance_stage(workshop, Stage.PROBLEMS)
    problems: dict[int, list] = {}
    for index, texts in DEMO_PROBLEMS.items():
        table = [p for p in people if p.theme_id == workshop.themes[index].id]
        problems[index] = [
            services.post_problem(table[i % len(table)], text) for i, text in enumerate(texts)
        ]
    problems[0].append(
        services.post_problem(paper, "Nobody at school can read my daughter's Arabic report card.")
    )
    # Two people wrote the same thing; the trainer merges them, so "me too"s count once.
    twin = services.post_problem(people[3], "School letters only come in Italian.")
    moderation.merge_problems(Actor.trainer(workshop), twin.id, problems[0][0].id)
    _supports(rng, people, [p for group in problems.values() for p in group])
    services.advance_stage(workshop, Stage.FOCUS)
    for person in people:
        table = [p for i, g in problems.items() for p in g if p.theme_id == person.theme_id]
        for _ in range(workshop.dot_budget):
            services.cast_problem_vote(person, rng.choice(table[:3]).id, 1)
    services.advance_stage(workshop, Stage.PROTOTYPES)
    for index, canvases in DEMO_PROTOTYPES.items():
        table = [p for p in people if p.theme_id == workshop.themes[index].id]
        for i, (title, changes, benefits, acts, step, links) in enumerate(canvases):
            services.create_prototype(
                table[i % len(table)],
                title=title,
                what_changes=changes,
                who_benefits=benefits,
                who_acts=acts,
                first_step=step,
                problem_ids=[problems[index][k].id for k in links],
            )
    services.advance_stage(workshop, Stage.PLENARY)
    services.advance_stage(workshop, Stage.VOTE)
    _vote(rng, workshop, people)
    services.advance_stage(workshop, Stage.RESULTS)
    services.advance_stage(workshop, Stage.RESPONSE)
    officials = [p for p in people if p.role == Role.DECISION_MAKER]
    ranked = [p for entry in services.live.results(workshop) for p in entry["prototypes"][:1]]
    for (decision, reason, owner, who), prototype in zip(RESPONSES, ranked, strict=False):
        services.record_response(
            workshop,
            prototype["id"],
            decision=decision,
            reason=reason,
            owner=owner,
            participant=officials[who % len(officials)],
        )
    _close(rng, workshop, people)
    return workshop


def _listening(facilitator: Facilitator, rng: random.Random) -> Workshop:
    """Two listening rounds in a small circle, with quotes the trainer captured."""
    workshop = services.create_workshop(
        facilitator,
        template="listening",
        title="Listening session: arriving in Prato",
        place="Centro Pecci, Prato",
        held_on=date.today(),
    )
    people = _crowd(workshop, [Role.RESIDENT] * 9 + [Role.OTHER], seated=False)
    trainer = Actor.trainer(workshop)
    services.advance_stage(workshop, Stage.LISTEN)
    cards = []
    for round_, answers in zip(workshop.rounds, LISTENING_ANSWERS, strict=True):
        services.open_round(workshop, round_.id)
        cards += [services.post_problem(people[i], text) for i, text in enumerate(answers)]
        for text, role, language in LISTENING_QUOTES[: len(workshop.rounds)]:
            if round_.position == 1:
                capture_quote(trainer, text, role=role, language=language)
    _supports(rng, people, cards)
    # The trainer tags each answer with its theme, and hides one that named a person.
    for card in services.live.wall_problems(workshop):
        theme = workshop.themes[card.id % len(workshop.themes)]
        moderation.move_problem(trainer, card.id, theme.id)
    named = services.post_problem(people[0], "Ask for Marco at the registry, his mobile is 333…")
    moderation.hide_problem(trainer, named.id)
    services.advance_stage(workshop, Stage.RESULTS)
    _close(rng, workshop, people)
    return workshop


def _meeting(facilitator: Facilitator, rng: random.Random) -> Workshop:
    """A face-to-face meeting that starts from a listening session's wall."""
    listening = _listening(facilitator, rng)
    workshop = services.create_workshop(
        facilitator,
        template="meeting",
        title="Meeting with the council: what to work on first",
        place="Palazzo Comunale, Prato",
        held_on=date.today(),
        dot_budget=3,
    )
    import_problems(Actor.trainer(workshop), listening.id)
    roles = [Role.RESIDENT] * 8 + [Role.DECISION_MAKER] * 4
    people = _crowd(workshop, roles, seated=False)
    services.advance_stage(workshop, Stage.PROBLEMS)
    services.post_problem(people[-1], "Our staff have no training in intercultural mediation.")
    services.advance_stage(workshop, Stage.PRIORITISE)
    cards = [card["id"] for card in services.live.problems(workshop)]
    for person in people:
        # Residents and officials weigh differently: the report shows where they disagree.
        pool = cards[:6] if person.role == Role.RESIDENT else cards[3:]
        for _ in range(workshop.dot_budget):
            services.cast_problem_vote(person, rng.choice(pool), 1)
    services.advance_stage(workshop, Stage.RESULTS)
    _close(rng, workshop, people)
    return workshop


def _roundtable(facilitator: Facilitator, rng: random.Random) -> Workshop:
    """An open day with the city's own five themes and only the stages it needs."""
    workshop = services.create_workshop(
        facilitator,
        template="roundtable",
        title="Open day: a city for everyone",
        place="Mestna hiša, Ljubljana",
        held_on=date.today(),
        themes=ROUNDTABLE_THEMES,
        stages=[Stage.PROBLEMS, Stage.PROTOTYPES, Stage.VOTE, Stage.RESULTS],
        dot_budget=2,
    )
    roles = [Role.RESIDENT] * 15 + [Role.DECISION_MAKER] * 5
    people = _crowd(workshop, roles)
    services.advance_stage(workshop, Stage.PROBLEMS)
    cards = []
    for theme, texts in zip(workshop.themes, ROUNDTABLE_PROBLEMS, strict=True):
        table = [p for p in people if p.theme_id == theme.id]
        cards += [services.post_problem(table[i], text) for i, text in enumerate(texts)]
    _supports(rng, people, cards)
    services.advance_stage(workshop, Stage.PROTOTYPES)
    for theme, (title, changes) in zip(workshop.themes, ROUNDTABLE_PROTOTYPES, strict=True):
        author = next(p for p in people if p.theme_id == theme.id)
        answered = [c.id for c in cards if c.theme_id == theme.id][:1]
        services.create_prototype(author, title=title, what_changes=changes, problem_ids=answered)
    services.advance_stage(workshop, Stage.VOTE)
    _vote(rng, workshop, people)
    services.advance_stage(workshop, Stage.RESULTS)
    _close(rng, workshop, people)
    return workshop


def _review(facilitator: Facilitator, rng: random.Random) -> Workshop:
    """An intercultural review: residents and officials rate the 14 index areas."""
    workshop = services.create_workshop(
        facilitator,
        template="review",
        title="Intercultural review of Prato",
        place="Palazzo Comunale, Prato",
        held_on=date.today(),
    )
    roles = [Role.RESIDENT] * 12 + [Role.DECISION_MAKER] * 6 + [Role.OTHER] * 3
    people = _crowd(workshop, roles, seated=False)
    services.advance_stage(workshop, Stage.RATE)
    for person in people:
        # Officials tend to rate the city higher than residents do: the gap the report shows.
        lean = 1 if person.role == Role.DECISION_MAKER else 0
        for item in workshop.rating_items:
            for criterion in workshop.criteria:
                if rng.random() < 0.9:  # some skip an area they know nothing about
                    score = min(5, max(1, rng.choice([1, 2, 2, 3, 3, 4]) + lean))
                    services.rate(person, item.id, criterion.id, score)
    services.advance_stage(workshop, Stage.RESULTS)
    _close(rng, workshop, people)
    return workshop


BUILDERS: dict[str, Callable[[Facilitator, random.Random], Workshop]] = {
    "workshop": _workshop,
    "listening": _listening,
    "meeting": _meeting,
    "roundtable": _roundtable,
    "review": _review,
}


def build_demo(template: str, seed: int = 7) -> tuple[Workshop, str | None]:
    """A finished session of ``template``; returns it and the password of a new demo account.

    The caller commits.
    """
    facilitator, password = _demo_facilitator()
    return BUILDERS[template](facilitator, random.Random(seed)), password
