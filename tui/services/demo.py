"""A realistic sample job search, relative to ``now``: for ``--demo``, tests, screenshots and benchmarks.

``small`` is a dozen companies telling a believable story (rejections at different stages,
one finished and one half-done reflection, actions in every column, check-ins past and due).
``large`` adds volume in the same shape: 1,000 applications, 300 rejections with
reflections, 10,000 action items and 3,000 check-ins. Deterministic for a given ``now``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo

from ..domain.models import (
    OUTSIDE_FACTORS,
    ActionItem,
    ActionStatus,
    Application,
    CheckIn,
    CheckInKind,
    CheckInState,
    FeedbackState,
    Lesson,
    Priority,
    Reflection,
    Rejection,
    Stage,
)
from ..store import Store

SIZES = ("small", "large")


@dataclass
class DemoData:
    applications: list[Application] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    reflections: list[Reflection] = field(default_factory=list)
    actions: list[ActionItem] = field(default_factory=list)
    checkins: list[CheckIn] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in ("applications", "rejections", "reflections", "actions", "checkins")}


class _Builder:
    """Assigns ids in insertion order so records can point at each other before saving."""

    def __init__(self, now: datetime, zone: tzinfo) -> None:
        self.now = now
        self.zone = zone
        self.today = now.astimezone(zone).date()
        self.data = DemoData()

    def at(self, days_ago: float, hour: int = 10) -> datetime:
        day = self.today - timedelta(days=int(days_ago))
        return datetime.combine(day, time(hour), tzinfo=self.zone).astimezone(self.now.tzinfo)

    def day(self, days_ago: int) -> date:
        return self.today - timedelta(days=days_ago)

    def application(self, company: str, role: str, applied_days_ago: int, path: list[tuple[Stage, int]], **extra: str) -> Application:
        created = self.at(applied_days_ago, 9)
        app = Application(
            id=len(self.data.applications) + 1,
            company=company,
            role=role,
            applied_on=self.day(applied_days_ago),
            created_at=created,
            updated_at=created,
            timeline=(),
            **extra,  # type: ignore[arg-type]
        ).moved_to(Stage.APPLIED, created)
        for stage, days_ago in path:
            app = app.moved_to(stage, self.at(days_ago, 14))
        self.data.applications.append(app)
        return app

    def rejection(self, app: Application, **fields: object) -> Rejection:
        last = app.timeline[-2].stage if len(app.timeline) >= 2 else Stage.APPLIED
        rejection = Rejection(
            id=len(self.data.rejections) + 1,
            application_id=app.id,
            on=app.timeline[-1].at.astimezone(self.zone).date(),
            stage=last,
            created_at=app.timeline[-1].at,
            **fields,  # type: ignore[arg-type]
        )
        self.data.rejections.append(rejection)
        return rejection

    def action(self, title: str, status: ActionStatus, due_in: int | None, priority: Priority = Priority.NORMAL, origin: str = "", reflection_id: int | None = None, created_days_ago: int = 5, done_days_ago: int | None = None) -> ActionItem:
        item = ActionItem(
            id=len(self.data.actions) + 1,
            title=title,
            status=status,
            due=self.today + timedelta(days=due_in) if due_in is not None else None,
            priority=priority,
            origin=origin,
            reflection_id=reflection_id,
            created_at=self.at(created_days_ago, 11),
            completed_at=self.at(done_days_ago, 16) if done_days_ago is not None else None,
        )
        self.data.actions.append(item)
        return item

    def checkin(self, rejection: Rejection, due_days_ago: float, sequence: int, interval: float, mood: int | None = None, state: CheckInState = CheckInState.PENDING, hour: int = 10) -> CheckIn:
        due = self.at(due_days_ago, hour)
        checkin = CheckIn(
            id=len(self.data.checkins) + 1,
            kind=CheckInKind.CHECK_IN,
            due_at=due,
            rejection_id=rejection.id,
            application_id=rejection.application_id,
            topic="ladder",
            sequence=sequence,
            interval_days=interval,
            state=state,
            mood=mood,
            created_at=due - timedelta(days=interval),
            answered_at=due + timedelta(hours=1) if mood is not None else None,
        )
        self.data.checkins.append(checkin)
        return checkin


def build_demo(now: datetime, zone: tzinfo, size: str = "small") -> DemoData:
    """The sample search for ``size`` (``small`` or ``large``), everything relative to ``now``."""
    if size not in SIZES:
        raise ValueError(f"size must be one of {', '.join(SIZES)}")
    b = _Builder(now, zone)
    _small_story(b)
    if size == "large":
        _add_volume(b, applications=1000, rejections=300, actions=10_000, checkins=3000)
    return b.data


def _small_story(b: _Builder) -> None:
    northwind = b.application(
        "Northwind Analytics", "Data Analyst", 40,
        [(Stage.SCREENING, 34), (Stage.INTERVIEW, 27), (Stage.FINAL_ROUND, 20), (Stage.REJECTED, 16)],
        contact_name="Priya Shah", contact_email="priya.shah@northwind.example", location="Remote", source="Referral",
    )
    bluefin = b.application(
        "Bluefin Labs", "Backend Engineer", 21,
        [(Stage.SCREENING, 17), (Stage.INTERVIEW, 9), (Stage.REJECTED, 3)],
        contact_name="Tom Okafor", contact_email="tom@bluefin.example", location="Berlin", source="LinkedIn",
    )
    harbor = b.application(
        "Harbor & Finch", "Product Analyst", 12, [(Stage.REJECTED, 1)], location="London", source="Company site",
    )
    b.application("Lumen Health", "Analytics Engineer", 24, [(Stage.SCREENING, 18), (Stage.INTERVIEW, 8)],
                  contact_name="Ana Ruiz", contact_email="ana.ruiz@lumen.example", location="Hybrid")
    b.application("Cobalt Systems", "Data Engineer", 9, [], source="Job board", link="https://jobs.example/cobalt/123")
    b.application("Quarry Studio", "Insights Analyst", 11, [(Stage.SCREENING, 4)], contact_name="Lee Wong")
    b.application("Tidewater Bank", "BI Developer", 26, [], location="Manchester")
    b.application("Orchard Robotics", "Data Scientist", 30, [(Stage.SCREENING, 25), (Stage.INTERVIEW, 15), (Stage.FINAL_ROUND, 2)],
                  contact_name="Sam Patel", contact_email="sam@orchard.example")
    b.application("Pinecone Media", "Analyst", 35, [(Stage.SCREENING, 30), (Stage.INTERVIEW, 21), (Stage.OFFER, 1)])
    b.application("Meridian Logistics", "Reporting Analyst", 45, [(Stage.SCREENING, 40), (Stage.WITHDRAWN, 33)])
    b.application("Kestrel Games", "Data Analyst", 60, [(Stage.GHOSTED, 20)])
    b.application("Atlas Civic Tech", "Data Analyst", 2, [], source="Meetup")

    done = b.rejection(
        northwind, reason="Went with a candidate with more SQL depth",
        feedback_state=FeedbackState.RECEIVED, feedback_asked_on=b.day(15), feedback_received_on=b.day(10),
        feedback_text="Strong communication; the live SQL exercise was slower than others.",
        closed_at=b.at(4, 18),
    )
    half = b.rejection(bluefin, reason="", feedback_state=FeedbackState.ASKED, feedback_asked_on=b.day(2))
    b.rejection(harbor, reason="Position filled")

    sql = b.action("Practise window functions for 20 min a day", ActionStatus.DOING, 2, Priority.HIGH,
                   "Lesson: Northwind Analytics", 1, created_days_ago=9)
    mock = b.action("Book a mock live-coding session with Jo", ActionStatus.DONE, -5, Priority.NORMAL,
                    "Lesson: Northwind Analytics", 1, created_days_ago=9, done_days_ago=3)
    story = b.action("Write two STAR stories about stakeholder work", ActionStatus.TODO, -1, Priority.NORMAL,
                     "Lesson: Northwind Analytics", 1, created_days_ago=9)
    b.action("Send thank-you note to Orchard panel", ActionStatus.TODO, 0, Priority.HIGH, created_days_ago=1)
    b.action("Update CV with the dashboard project", ActionStatus.TODO, 4, Priority.LOW, created_days_ago=6)
    b.action("Research Lumen Health's data stack", ActionStatus.DOING, 1, Priority.NORMAL, created_days_ago=3)
    b.action("Apply to two roles from the saved list", ActionStatus.TODO, 6, Priority.NORMAL, created_days_ago=2)
    b.action("Ask Priya for a LinkedIn recommendation", ActionStatus.DONE, None, Priority.LOW, created_days_ago=12, done_days_ago=8)
    b.action("Tidy GitHub portfolio README", ActionStatus.DONE, -9, Priority.LOW, created_days_ago=20, done_days_ago=10)

    b.data.reflections.append(Reflection(
        id=1, rejection_id=done.id, step=5, mood_before=2, mood_after=4,
        outside_factors=(OUTSIDE_FACTORS[2], OUTSIDE_FACTORS[3]),
        harsh_thought="I always freeze in technical rounds.",
        reframe="I slowed down in one live exercise; I did well in three earlier rounds.",
        ask_feedback=True, went_well="Got to the final round; the panel liked my dashboard walkthrough.",
        lessons=(Lesson("Live SQL under time pressure", (sql.id, mock.id)), Lesson("Have crisp stakeholder stories", (story.id,))),
        closing_note="One slow exercise, not a verdict on me.",
        started_at=b.at(15, 19), updated_at=b.at(4, 18), completed_at=b.at(4, 18),
    ))
    b.data.reflections.append(Reflection(
        id=2, rejection_id=half.id, step=3, mood_before=2,
        outside_factors=(OUTSIDE_FACTORS[0],),
        harsh_thought="Nobody wants someone without a CS degree.",
        reframe="", ask_feedback=True,
        started_at=b.at(2, 20), updated_at=b.at(2, 20),
    ))
    # Spaced check-ins after Northwind: answered ones (the mood trend) and the next one, due now.
    moods = [(14, 1, 1, 2), (13, 2, 1, 3), (11, 3, 1.5, 3), (8, 4, 2.25, 4)]
    for days_ago, seq, interval, mood in moods:
        b.checkin(done, days_ago, seq, interval, mood=mood, state=CheckInState.DONE)
    b.checkin(done, 0, 5, 5.6, hour=max(0, b.now.astimezone(b.zone).hour - 1))
    b.checkin(half, -1, 1, 1.0)


_COMPANIES = ("Acorn", "Beacon", "Cedar", "Delta", "Ember", "Fjord", "Granite", "Helix", "Iris", "Juniper",
              "Kite", "Lattice", "Maple", "Nimbus", "Onyx", "Prism", "Quill", "Raven", "Sable", "Tundra")
_SUFFIXES = ("Labs", "Systems", "Health", "Analytics", "Bank", "Media", "Works", "Cloud", "Group", "Energy")
_ROLES = ("Data Analyst", "Backend Engineer", "Product Analyst", "Data Engineer", "BI Developer", "Data Scientist")
_ACTIONS = ("Practise a SQL kata", "Rewrite the CV summary", "Mock interview with a friend", "Read about the company's product",
            "Ask for a referral", "Polish a portfolio project", "Prepare questions for the panel", "Review statistics basics")


def _add_volume(b: _Builder, applications: int, rejections: int, actions: int, checkins: int) -> None:
    """Bulk records in the same shape as the story, from a fixed seed."""
    rng = random.Random(20261125)
    stages = [Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEW, Stage.FINAL_ROUND, Stage.GHOSTED, Stage.WITHDRAWN]
    start = len(b.data.applications)
    for n in range(start, applications):
        applied = rng.randint(1, 360)
        path: list[tuple[Stage, int]] = []
        target = rng.choice(stages)
        if target is not Stage.APPLIED:
            path.append((target, max(0, applied - rng.randint(1, 20))))
        name = f"{_COMPANIES[n % 20]} {_SUFFIXES[(n // 20) % 10]} {n // 200 + 1}"
        b.application(name, rng.choice(_ROLES), applied, path)
    pool = [a for a in b.data.applications[start:]]
    rng.shuffle(pool)
    for app in pool[: rejections - len(b.data.rejections)]:
        rejected_at = max(0, int((b.today - app.applied_on).days) - rng.randint(1, 10)) if app.applied_on else 0  # type: ignore[operator]
        app_index = app.id - 1
        updated = app.moved_to(Stage.REJECTED, b.at(rejected_at, 15))
        b.data.applications[app_index] = updated
        rejection = b.rejection(updated, reason=rng.choice(["", "Position filled", "More experienced candidate"]),
                                closed_at=b.at(max(0, rejected_at - 7), 18) if rng.random() < 0.6 else None)
        b.data.reflections.append(Reflection(
            id=len(b.data.reflections) + 1, rejection_id=rejection.id, step=5 if rejection.closed_at else rng.randint(1, 4),
            mood_before=rng.randint(1, 3), mood_after=rng.randint(3, 5) if rejection.closed_at else None,
            outside_factors=(rng.choice(OUTSIDE_FACTORS),), harsh_thought="I never get past this stage.",
            started_at=b.at(rejected_at, 20), updated_at=b.at(rejected_at, 20),
            completed_at=rejection.closed_at,
        ))
    statuses = [ActionStatus.TODO, ActionStatus.DOING, ActionStatus.DONE]
    for n in range(len(b.data.actions), actions):
        status = rng.choice(statuses)
        created = rng.randint(1, 300)
        b.action(
            f"{rng.choice(_ACTIONS)} #{n}", status, rng.randint(-30, 60) if rng.random() < 0.8 else None,
            rng.choice(list(Priority)), created_days_ago=created,
            done_days_ago=rng.randint(0, created) if status is ActionStatus.DONE else None,
        )
    rejected = b.data.rejections
    for n in range(len(b.data.checkins), checkins):
        rejection = rejected[n % len(rejected)]
        answered = rng.random() < 0.9
        b.checkin(rejection, rng.randint(1, 300) if answered else rng.randint(-30, 0), n % 6 + 1, float(rng.choice([1, 3, 7, 14, 30])),
                  mood=rng.randint(1, 5) if answered else None,
                  state=CheckInState.DONE if answered else CheckInState.PENDING)


def write_demo(store: Store, data: DemoData) -> None:
    """Write the sample into an empty store, in batches (one write per table)."""
    if not store.is_empty():
        raise ValueError("the demo goes only into an empty store")
    with store.transaction():
        store.applications.add_many(data.applications, keep_ids=True)
        store.rejections.add_many(data.rejections, keep_ids=True)
        store.reflections.add_many(data.reflections, keep_ids=True)
        store.actions.add_many(data.actions, keep_ids=True)
        store.checkins.add_many(data.checkins, keep_ids=True)


def fill_demo_store(store: Store, now: datetime, zone: tzinfo, size: str = "small") -> DemoData:
    data = build_demo(now, zone, size)
    write_demo(store, data)
    return data


__all__ = ["SIZES", "DemoData", "build_demo", "fill_demo_store", "write_demo"]
