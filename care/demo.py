"""A demo patient with two years of believable history, for trying unknot and for benchmarks: sessions every
2 to 4 days with a few breaks, pain that eases over months with ups and downs, diary entries with where it hurt,
and now and then a tingling report. Made in a few bulk inserts."""

import random
import secrets
import uuid
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction

from care import door, routines, safety
from care.diary import WORSE
from care.models import NeckQuestionnaire, PainReading, Profile, Session, StepEvent
from care.routines import StepPlan
from clinical import ndi

EMAIL = "demo@example.com"
DAYS = 730
PLACES = [
    ["top-of-shoulder:right", "back-of-neck:right"],
    ["top-of-shoulder:right", "side-of-neck:right", "temple:right"],
    ["between-shoulder-blades"],
    ["occiput", "back-of-neck:left", "back-of-neck:right"],
    ["top-of-shoulder:left", "top-of-shoulder:right"],
]


def make_demo(now: datetime, seed: int = 7) -> tuple[User, str]:
    """Replaces the demo patient and their history; returns the person and a fresh password."""
    rng = random.Random(seed)  # noqa: S311  # made-up history, repeatable; not a secret
    password = secrets.token_urlsafe(9)
    with transaction.atomic():
        get_user_model().objects.filter(email=EMAIL).delete()  # a second run starts again
        person = get_user_model().objects.create_user("demo", EMAIL, password)
        EmailAddress.objects.create(user=person, email=EMAIL, verified=True, primary=True)
        Profile.objects.create(user=person, time_zone="Europe/London")
        start = now - timedelta(days=DAYS)
        records = door.as_themselves(person)
        safety.record(records, {}, start)
        safety.record(records, {}, now - timedelta(days=2))
        sessions, events, readings = [], [], []
        plan = routines.quick_plan()
        day = start + timedelta(hours=18)
        while day < now - timedelta(hours=3):
            progress = (day - start) / (now - start)
            before = score_near(rng, 7.2 - 4.0 * progress)
            session = Session(
                id=uuid.uuid4(),
                owner=person,
                routine_name="Quick session",
                steps=[{"muscle": s.muscle, "side": s.side, "seconds": s.seconds} for s in plan],
                started_at=day,
                finished_at=day + timedelta(minutes=11),
                active_seconds=sum(s.seconds for s in plan),
            )
            sessions.append(session)
            for index, step in enumerate(plan):
                at = day + timedelta(minutes=1 + index)
                kind = "skipped" if rng.random() < 0.05 else "done"
                events.append(step_event(session, index, step, kind, step.seconds if kind == "done" else 0, at))
                if kind == "done" and rng.random() < 0.01:
                    events.append(step_event(session, index, step, "nerve", 0, at))
            readings.append(PainReading(owner=person, session=session, kind="before", score=before, recorded_at=day))
            readings.append(
                PainReading(
                    owner=person,
                    session=session,
                    kind="after",
                    score=max(0, before - rng.choice((1, 2, 2, 3))),
                    recorded_at=day + timedelta(minutes=11),
                )
            )
            if rng.random() < 0.35:
                when = day + timedelta(days=1, hours=-8)
                if when < now:
                    readings.append(diary_reading(rng, person, when, score_near(rng, 6.5 - 4.0 * progress)))
            gap = rng.choice((2, 2, 3, 3, 3, 4)) if rng.random() > 0.03 else rng.randint(10, 21)  # a break now and then
            day += timedelta(days=gap, minutes=rng.randint(-90, 90))
        Session.objects.bulk_create(sessions)
        StepEvent.objects.bulk_create(events)
        PainReading.objects.bulk_create(readings)
        NeckQuestionnaire.objects.bulk_create(questionnaires(rng, person, start, now))
    return person, password


def questionnaires(rng: random.Random, person: User, start: datetime, now: datetime) -> list[NeckQuestionnaire]:
    """The neck questionnaire every two weeks, easing from moderate towards mild; driving now and then left out."""
    made = []
    when = start + timedelta(hours=17)
    while when < now:
        progress = (when - start) / (now - start)
        answers = {item_id: max(0, min(5, round(rng.gauss(2.4 - 1.6 * progress, 0.6)))) for item_id in ndi.ITEM_IDS}
        if rng.random() < 0.2:
            del answers["driving"]  # "I don't drive" that week
        made.append(NeckQuestionnaire(id=uuid.uuid4(), owner=person, answered_at=when, answers=answers))
        when += ndi.EVERY + timedelta(hours=rng.randint(-20, 20))
    return made


def step_event(session: Session, index: int, step: StepPlan, kind: str, seconds: int, at: datetime) -> StepEvent:
    return StepEvent(
        id=uuid.uuid4(),
        session=session,
        step=index,
        muscle=step.muscle,
        side=step.side,
        kind=kind,
        seconds=seconds,
        recorded_at=at,
    )


def score_near(rng: random.Random, centre: float) -> int:
    return max(0, min(10, round(rng.gauss(centre, 1.1))))


def diary_reading(rng: random.Random, person: User, when: datetime, score: int) -> PainReading:
    return PainReading(
        id=uuid.uuid4(),
        owner=person,
        kind="diary",
        score=score,
        recorded_at=when,
        marks=rng.choice(PLACES)[: max(1, score // 2)],
        worse=rng.sample(list(WORSE), k=rng.randint(0, 2)),
    )
