"""The safety check: the red flags of the safety page, asked before self-care and kept on the record.

Every level (emergency, urgent, clinician) holds sessions back until the person records a clinician's
clearance. Answers are kept with the version of the question set they were given to, so a person who
answered an older set (without the heart and artery questions, say) is asked again.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from care import door
from care.door import Patient
from care.models import SafetyCheck
from clinical.content import content
from clinical.schema import LEVELS, RedFlag, RetiredFlag

ASK_AGAIN_AFTER = timedelta(weeks=4)
PAIN_RISE = 3  # a rise of 3 or more on the 0-10 scale asks the questions again
DEVICE_COOKIE = settings.SAFETY_COOKIE_NAME  # __Host- prefixed in production
DEVICE_MAX_AGE = 24 * 3600  # a device remembers a clear answer for a day (no account needed)


@dataclass(frozen=True)
class Need:
    """Whether a person must (re)answer the questions before a session, or is held back, and why."""

    ask: bool
    blocked: SafetyCheck | None
    reason: str
    last_answered: datetime | None = None  # when the whole check was last answered
    screen: int | None = None  # ask only this screen of the check (the second, never answered); None: all


def current_version() -> int:
    return content().rules.red_flag_version


def red_flags() -> dict[str, RedFlag]:
    return {flag.id: flag for flag in content().rules.red_flags}


def wording(flag_id: str) -> RedFlag | RetiredFlag | None:
    """A flag as it was asked, current or retired, so old answers keep their old wording."""
    safety = content().rules
    return red_flags().get(flag_id) or next((f for f in safety.retired_flags if f.id == flag_id), None)


def result_of(answers: dict[str, bool]) -> str:
    """The most severe level among the signs that hold, or clear. A two-part sign holds only when both of its
    parts were answered yes (its own id, if given, is ignored: the parts decide)."""
    levels = {flag.urgency for flag in red_flags().values() if flag.holds(answers)}
    return next((level for level in LEVELS if level in levels), SafetyCheck.Result.CLEAR)


def record(
    patient: Patient,
    answers: dict[str, bool],
    now: datetime,
    screens: tuple[int, ...] = (1, 2),
    version: int | None = None,
) -> SafetyCheck:
    """Keeps a person's answers; `version` is the question set they were asked (a device's answers taken on at
    sign-up can be of an older one, and are then asked again)."""
    patient.require(door.Need.EDIT)
    return SafetyCheck.objects.create(
        owner=patient.person,
        answered_at=now,
        answers=answers,
        result=result_of(answers),
        version=current_version() if version is None else version,
        screens=sorted(screens),
    )


def record_clearance(check: SafetyCheck, note: str, now: datetime) -> SafetyCheck:
    """The person records that a clinician has cleared them for self-care."""
    if check.result == SafetyCheck.Result.CLEAR or check.cleared_at:
        return check
    check.cleared_at = now
    check.cleared_note = note.strip()[:200]
    check.save(update_fields=["cleared_at", "cleared_note"])
    return check


def _pain_rose(patient: Patient, since: datetime) -> bool:
    """Whether the latest session (since the last check) shows pain up by 3: after it against before it, or its
    before against the one before. A skipped "pain before" falls back on the last one given, so skipping the
    question never hides a rise."""
    sessions = list(
        patient.sessions().order_by("-started_at").values("started_at", "pain_before", "pain_after")[:3]  # type: ignore[misc]  # annotations of the manager
    )
    if not sessions or sessions[0]["started_at"] < since:
        return False
    latest, earlier = sessions[0], [s["pain_before"] for s in sessions[1:] if s["pain_before"] is not None]
    before, after = latest["pain_before"], latest["pain_after"]
    baseline = before if before is not None else next(iter(earlier), None)
    if baseline is not None and after is not None and after - baseline >= PAIN_RISE:
        return True
    return before is not None and bool(earlier) and before - earlier[0] >= PAIN_RISE


def need(patient: Patient, now: datetime) -> Need:
    """Whether the person must answer the check (all of it, or only the screen never answered), is held back
    by a sign not yet cleared, or may start; from their last few checks (one query)."""
    checks = list(patient.safety_checks().order_by("-answered_at")[:3])
    last = checks[0] if checks else None
    if last is None:
        return Need(True, None, _("Before your first session, a few quick safety questions."))
    if last.result != SafetyCheck.Result.CLEAR and last.cleared_at is None:
        return Need(False, last, _("Your last safety check found a warning sign."))
    if last.version < current_version():
        return Need(
            True,
            None,
            _(
                "We have updated the safety questions (about the heart, blood vessels, cancer and infection, among others)."
            ),
        )
    # A sign on the first screen goes straight to what to do; once a clinician's clearance is recorded, the
    # second screen is asked alone, and the two together make the whole check, dated by the older one.
    covered: set[int] = set()
    whole_since = last.answered_at
    for check in checks:
        if check.version < current_version() or (check.result != SafetyCheck.Result.CLEAR and not check.cleared_at):
            break
        covered |= set(check.screens or (1, 2))
        whole_since = check.answered_at
        if covered >= {1, 2}:
            break
    if not covered >= {1, 2}:
        missing_only_second = 1 in covered
        return Need(
            True, None, _("A few questions you were not asked last time."), screen=2 if missing_only_second else None
        )
    if now - whole_since >= ASK_AGAIN_AFTER:
        return Need(True, None, _("It has been 4 weeks since your last safety check."))
    if _pain_rose(patient, last.answered_at):
        return Need(True, None, _("Your pain went up by 3 or more. Let's check the warning signs again."))
    return Need(False, None, "", last.answered_at)


def annotate_safety(people: QuerySet, now: datetime, person: str = "pk") -> QuerySet:
    """need() for many people in one query: adds safety_hold (a warning sign not yet cleared) and
    safety_check_due (never answered, an older question set, or 4 weeks since). The pain-rise rule needs
    each person's last two sessions and stays with need()."""
    latest = SafetyCheck.objects.filter(owner=OuterRef(person)).order_by("-answered_at")
    people = people.annotate(
        _check_result=Subquery(latest.values("result")[:1]),
        _check_cleared=Subquery(latest.values("cleared_at")[:1]),
        _check_version=Subquery(latest.values("version")[:1]),
        _check_at=Subquery(latest.values("answered_at")[:1]),
    )
    hold = Q(_check_result__isnull=False) & ~Q(_check_result=SafetyCheck.Result.CLEAR) & Q(_check_cleared__isnull=True)
    due = Q(_check_at__isnull=True) | Q(_check_version__lt=current_version()) | Q(_check_at__lte=now - ASK_AGAIN_AFTER)
    return people.annotate(
        safety_hold=ExpressionWrapper(hold, output_field=BooleanField()),
        safety_check_due=ExpressionWrapper(~hold & due, output_field=BooleanField()),
    )


def device_value(
    ticked: Iterable[str] = (), answered_at: datetime | None = None, screens: Iterable[int] = (1, 2)
) -> str:
    """What the device cookie holds after a clear answer: the question set, when, the screens answered and what
    was ticked (a part of a two-part sign can be, alone). A person who signs up on that device within the day takes
    the answers with them (care.guest_work), and they are scored again there: the cookie is never a verdict."""
    at = int((answered_at or timezone.now()).timestamp())
    return f"clear:{current_version()}:{at}:{''.join(str(n) for n in sorted(screens))}:{','.join(sorted(ticked))}"


@dataclass(frozen=True)
class DeviceAnswers:
    """A device's answers to the check, as its cookie keeps them for a day."""

    version: int
    answered_at: datetime
    screens: tuple[int, ...]
    ticked: frozenset[str]


def device_answers(request: HttpRequest) -> DeviceAnswers | None:
    """The answers this device gave without an account in the last day; None when it has none (or an older
    cookie's, which kept only a verdict)."""
    value = request.get_signed_cookie(DEVICE_COOKIE, default=None, salt="safety", max_age=DEVICE_MAX_AGE)
    parts = (value or "").split(":")
    if len(parts) != 5 or parts[0] != "clear":
        return None
    try:
        version, at = int(parts[1]), datetime.fromtimestamp(int(parts[2]), tz=UTC)
        screens = tuple(sorted({int(n) for n in parts[3] if n in "12"}))
    except ValueError:
        return None
    ticked = frozenset(value for value in parts[4].split(",") if value)
    return DeviceAnswers(version, at, screens or (1, 2), ticked)


def device_is_clear(request: HttpRequest) -> bool:
    """A device without an account answered the current set of questions with no sign, within a day."""
    answers = device_answers(request)
    return answers is not None and answers.version == current_version()


def remember_device(
    request: HttpRequest, response: HttpResponse, ticked: Iterable[str] = (), screens: Iterable[int] = (1, 2)
) -> None:
    response.set_signed_cookie(
        DEVICE_COOKIE,
        device_value(ticked, timezone.now(), screens),
        salt="safety",
        max_age=DEVICE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
