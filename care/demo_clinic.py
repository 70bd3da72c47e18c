"""A demo clinic for trying the practitioner's side and for measuring it: an owner and two practitioners, each
with an authenticator app, and N patients with up to two years of varied history (keeping to their routine or
not, easing or rising pain, a warning sign that holds them back, tingling, consent withdrawn, joined but not
started, invited but not joined). Made in a few bulk inserts, so 500 patients take a minute or two."""

import random
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import transaction

from access.models import CareLink, Clinic, Membership
from care import routines, safety, schedule
from care.demo import diary_reading, questionnaires, score_near, step_event
from care.models import (
    NeckQuestionnaire,
    PainReading,
    Profile,
    Routine,
    RoutineStep,
    RoutineVersion,
    SafetyCheck,
    Session,
    StepEvent,
)
from care.routines import StepPlan

DOMAIN = "demo-clinic.example"
LONDON = ZoneInfo("Europe/London")  # every demo person's zone
REMINDER = time(18, 0)  # and the reminder's time (the default)
WINDOW = schedule.OVERDUE_AFTER - schedule.DUE_AFTER  # a session is kept within a day of falling due
CLINIC = "Demo clinic"
STAFF = (
    ("owner", Membership.Role.OWNER, "Dr Ana Owen"),
    ("practitioner1", Membership.Role.PRACTITIONER, "Sam Pryce"),
    ("practitioner2", Membership.Role.PRACTITIONER, "Kim Hale"),
)
# The first patients cover every kind the dashboard tells apart, so even a small clinic shows them all; the
# rest are drawn with these weights.
KINDS = ("keeping", "held", "rising", "not started", "withdrawn", "lapsed", "tingling", "invited", "easing")
WEIGHTS = (30, 3, 6, 4, 4, 8, 3, 3, 20)
FIRST_NAMES = ("Alex", "Bea", "Cai", "Dana", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jo", "Kit", "Lena", "Max", "Nia")
LAST_NAMES = ("Adams", "Brook", "Cole", "Dale", "Evans", "Frost", "Gray", "Hill", "Ives", "Jones", "Khan", "Lowe")


@dataclass
class SignIn:
    email: str
    password: str
    role: str
    authenticator_key: str = ""


@dataclass
class DemoClinic:
    clinic: Clinic
    staff: list[SignIn]
    patient_password: str
    patients: int
    kinds: dict[str, int]


def patient_email(number: int) -> str:
    return f"patient{number}@{DOMAIN}"


def make_demo_clinic(now: datetime, patients: int, seed: int = 11) -> DemoClinic:
    """Replaces the demo clinic, its members and its patients with new ones; returns how to sign in."""
    rng = random.Random(seed)  # noqa: S311  # made-up history, repeatable; not a secret
    with transaction.atomic():
        old = get_user_model().objects.filter(email__endswith=f"@{DOMAIN}")
        Clinic.objects.filter(memberships__person__in=old).delete()
        old.delete()  # a second run starts again
        clinic = Clinic.objects.create(name=CLINIC, created_at=now - timedelta(days=800))
        staff = [_member(clinic, name, role, shown, now) for name, role, shown in STAFF]
        members = list(Membership.objects.filter(clinic=clinic).values_list("person_id", flat=True))
        password = secrets.token_urlsafe(9)
        people = _patients(patients, password, now)
        kinds = [KINDS[n] if n < len(KINDS) else rng.choices(KINDS, WEIGHTS)[0] for n in range(patients)]
        history = _History(rng, now)
        links = []
        for number, (person, kind) in enumerate(zip(people, kinds, strict=True), start=1):
            practitioner = members[number % len(members)]
            links.append(history.of(clinic, person, practitioner, kind, f"{_name(rng)} ({number})"))
        history.save(links)
    counts = {kind: kinds.count(kind) for kind in KINDS}
    return DemoClinic(clinic, staff, password, patients, counts)


def _member(clinic: Clinic, name: str, role: str, shown: str, now: datetime) -> SignIn:
    email = f"{name}@{DOMAIN}"
    password = secrets.token_urlsafe(9)
    person = get_user_model().objects.create_user(f"demo-{name}", email, password)
    EmailAddress.objects.create(user=person, email=email, verified=True, primary=True)
    Profile.objects.create(user=person, time_zone="Europe/London")
    Membership.objects.create(clinic=clinic, person=person, role=role, display_name=shown, joined_at=now)
    key = generate_totp_secret()
    TOTP.activate(person, key)
    return SignIn(email, password, role, key)


def _patients(count: int, password: str, now: datetime) -> list[User]:
    hashed = make_password(password)  # once: hashing 500 passwords would take minutes
    model = get_user_model()
    model.objects.bulk_create(
        model(username=f"demo-patient-{n}", email=patient_email(n), password=hashed, date_joined=now)
        for n in range(1, count + 1)
    )
    people = list(model.objects.filter(username__startswith="demo-patient-", email__endswith=f"@{DOMAIN}"))
    people.sort(key=lambda person: int(person.username.rsplit("-", 1)[1]))
    EmailAddress.objects.bulk_create(EmailAddress(user=p, email=p.email, verified=True, primary=True) for p in people)
    Profile.objects.bulk_create(Profile(user=p, time_zone="Europe/London") for p in people)
    return people


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _held_answers() -> dict[str, bool]:
    """One yes to a sign that asks for a clinician before self-care (the person is held back until cleared)."""
    for flag in safety.red_flags().values():
        answers = {flag.id: True}
        if safety.result_of(answers) == SafetyCheck.Result.CLINICIAN:
            return answers
    raise LookupError("the safety check has no sign that asks for a clinician")


class _History:
    """Rows for many patients, inserted together at the end."""

    def __init__(self, rng: random.Random, now: datetime) -> None:
        self.rng, self.now = rng, now
        self.new_routines: list[Routine] = []
        self.steps: list[RoutineStep] = []
        self.versions: list[RoutineVersion] = []
        self.sessions: list[Session] = []
        self.events: list[StepEvent] = []
        self.readings: list[PainReading] = []
        self.checks: list[SafetyCheck] = []
        self.questionnaires: list[NeckQuestionnaire] = []
        self.plan = routines.quick_plan()

    def of(self, clinic: Clinic, person: User, practitioner: int, kind: str, label: str) -> CareLink:
        rng, now = self.rng, self.now
        # up to two years; long enough for what the kind shows (a rise, a lapse) to fall in the dashboard's weeks
        days = {
            "keeping": rng.randint(28, 730),
            "easing": rng.choice((14, 30, 90, 180, 365, 730)),
        }.get(kind) or rng.choice((90, 180, 365, 730))
        start = now - timedelta(days=days)
        link = CareLink(clinic=clinic, label=label, practitioner_id=practitioner, created_at=start - timedelta(days=1))
        if kind == "invited":
            return link  # an entry made for someone who has not joined yet: no account behind it
        link.patient = person
        link.consented_at = start
        self.checks.append(_check(person, {}, start - timedelta(minutes=5)))
        if kind == "not started":
            link.consented_at = now - timedelta(days=rng.randint(3, 20))
            return link
        every = rng.choice((2, 3)) if kind in ("rising", "tingling") else rng.choice((2, 3, 3, 7))
        routine, plan = self._routine(clinic, person, practitioner, every, start)
        ends = now - timedelta(days=rng.randint(21, 60)) if kind == "lapsed" else now
        if kind == "withdrawn":
            link.withdrawn_at = ends = now - timedelta(days=rng.randint(5, 40))
            routine.clinic, routine.interval_days = None, None  # withdrawal makes the routine the person's own
        keep = {"keeping": 0.9, "easing": 0.8, "rising": 0.7, "lapsed": 0.6}.get(kind, 0.75)
        self._sessions(
            person, routine, plan, every, keep, start, ends, rising=kind == "rising", tingling=kind == "tingling"
        )
        if kind == "held":
            self.checks.append(_check(person, _held_answers(), now - timedelta(days=rng.randint(1, 10))))
        if days >= 30 and rng.random() < 0.8:
            self.questionnaires += questionnaires(rng, person, start, ends)
        return link

    def _routine(
        self, clinic: Clinic, person: User, by: int, every: int, start: datetime
    ) -> tuple[Routine, list[StepPlan]]:
        routine = Routine(owner=person, name="From your clinic", clinic=clinic, assigned_by_id=by, interval_days=every)
        self.new_routines.append(routine)
        chosen = self.rng.sample(self.plan, k=min(len(self.plan), self.rng.randint(3, 6)))
        self.steps += [
            RoutineStep(routine=routine, position=n, muscle=s.muscle, side=s.side, seconds=s.seconds)
            for n, s in enumerate(chosen)
        ]
        steps = [
            {"muscle": s.muscle, "side": s.side, "seconds": s.seconds, "note": "", "video_url": ""} for s in chosen
        ]
        self.versions.append(
            RoutineVersion(
                routine=routine, version=1, steps=steps, interval_days=every, changed_at=start, changed_by_id=by
            )
        )
        return routine, chosen

    def _sessions(
        self,
        person: User,
        routine: Routine,
        plan: list[StepPlan],
        every: int,
        keep: float,
        start: datetime,
        ends: datetime,
        **kind: bool,
    ) -> None:
        rng = self.rng
        day, kept = start + timedelta(hours=rng.randint(7, 20)), True  # the first session starts the schedule
        while day < ends - timedelta(hours=3):
            progress = (day - start) / (ends - start)
            before = score_near(rng, 7.0 - 3.5 * progress)
            if kind["rising"] and (weeks := (self.now - day) / timedelta(weeks=1)) < 4:
                before = score_near(rng, 7.0 - weeks)  # up by about a point a week over the last four
            if kept:
                tingling = kind["tingling"] and day > self.now - timedelta(days=10)
                self._session(person, routine, plan, day, before, tingling=tingling)
            if rng.random() < 0.3:
                self.readings.append(diary_reading(rng, person, day + timedelta(hours=14), before))
            # The next on the day it falls due, once the evening's reminder has come (the schedule's rule, which
            # the page before an appointment counts by); a missed one, and the next is due from its window's end.
            due = schedule.due_moment(day, LONDON, REMINDER, timedelta(days=every))
            recent = due > self.now - timedelta(days=10)
            kept = rng.random() < keep or (kind["tingling"] and recent)  # tingling shows in the last fortnight
            day = due + timedelta(minutes=rng.randint(0, 180)) if kept else due + WINDOW

    def _session(
        self, person: User, routine: Routine, plan: list[StepPlan], day: datetime, before: int, tingling: bool
    ) -> None:
        rng = self.rng
        cut_short = rng.random() < 0.04
        minutes = 2 + len(plan) * 2
        session = Session(
            id=uuid.uuid4(),
            owner=person,
            routine=routine,
            routine_name=routine.name,
            routine_version=1 if routine.clinic_id else None,
            steps=[{"muscle": s.muscle, "side": s.side, "seconds": s.seconds} for s in plan],
            started_at=day,
            finished_at=None if cut_short else day + timedelta(minutes=minutes),
            stopped_at=day + timedelta(minutes=3) if cut_short else None,
            active_seconds=sum(s.seconds for s in plan),
        )
        self.sessions.append(session)
        for index, step in enumerate(plan[:1] if cut_short else plan):
            at = day + timedelta(minutes=1 + index)
            self.events.append(step_event(session, index, step, "done", step.seconds, at))
            if tingling and index == 0:
                self.events.append(step_event(session, index, step, "nerve", 0, at))
        self.readings.append(PainReading(owner=person, session=session, kind="before", score=before, recorded_at=day))
        if not cut_short:
            after = max(0, before - rng.choice((1, 2, 2, 3)))
            done = day + timedelta(minutes=minutes)
            self.readings.append(
                PainReading(owner=person, session=session, kind="after", score=after, recorded_at=done)
            )

    def save(self, links: list[CareLink]) -> None:
        CareLink.objects.bulk_create(links)
        Routine.objects.bulk_create(self.new_routines)
        RoutineStep.objects.bulk_create(self.steps)
        RoutineVersion.objects.bulk_create(self.versions)
        SafetyCheck.objects.bulk_create(self.checks)
        Session.objects.bulk_create(self.sessions, batch_size=2000)
        StepEvent.objects.bulk_create(self.events, batch_size=2000)
        PainReading.objects.bulk_create(self.readings, batch_size=2000)
        NeckQuestionnaire.objects.bulk_create(self.questionnaires)


def _check(person: User, answers: dict[str, bool], at: datetime) -> SafetyCheck:
    return SafetyCheck(
        owner=person,
        answered_at=at,
        answers=answers,
        result=safety.result_of(answers),
        version=safety.current_version(),
    )
