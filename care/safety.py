"""The safety check: the red flags of the safety page, asked before self-care and kept on the record."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from atlas.content import content
from care.models import SafetyCheck, Session

ASK_AGAIN_AFTER = timedelta(weeks=4)
PAIN_RISE = 3  # a rise of 3 or more on the 0-10 scale asks the questions again
DEVICE_COOKIE = "unknot-safety"
DEVICE_MAX_AGE = 24 * 3600  # a device remembers a clear answer for a day (no account needed)


@dataclass(frozen=True)
class Need:
    """Whether a person must (re)answer the questions before a session, or is held back, and why."""

    ask: bool
    blocked: SafetyCheck | None
    reason: str


def result_of(answers: dict[str, bool]) -> str:
    flags = {flag.id: flag for flag in content().safety.red_flags}
    yes = [flags[flag_id] for flag_id, answer in answers.items() if answer]
    if any(flag.urgency == "emergency" for flag in yes):
        return SafetyCheck.Result.EMERGENCY
    if yes:
        return SafetyCheck.Result.CLINICIAN
    return SafetyCheck.Result.CLEAR


def parse_answers(data) -> dict[str, bool]:
    """Every question must be answered yes or no; anything else is refused with a clear message."""
    answers: dict[str, bool] = {}
    missing = []
    for flag in content().safety.red_flags:
        value = data.get(f"flag-{flag.id}")
        if value not in {"yes", "no"}:
            missing.append(flag.sign)
        else:
            answers[flag.id] = value == "yes"
    if missing:
        raise ValidationError(
            _("Please answer every question (yes or no). Not answered: %(list)s.") % {"list": "; ".join(missing)}
        )
    return answers


def record(user: AbstractBaseUser, answers: dict[str, bool], now: datetime) -> SafetyCheck:
    return SafetyCheck.objects.create(owner=user, answered_at=now, answers=answers, result=result_of(answers))


def record_clearance(check: SafetyCheck, note: str, now: datetime) -> SafetyCheck:
    """The person records that a clinician has cleared them for self-care."""
    if check.result == SafetyCheck.Result.CLEAR or check.cleared_at:
        return check
    check.cleared_at = now
    check.cleared_note = note.strip()[:200]
    check.save(update_fields=["cleared_at", "cleared_note"])
    return check


def _pain_rose(user: AbstractBaseUser, since: datetime) -> bool:
    sessions = list(
        Session.objects.filter(owner=user).order_by("-started_at").values("started_at", "pain_before", "pain_after")[:2]
    )
    if not sessions or sessions[0]["started_at"] < since:
        return False
    latest = sessions[0]
    before, after = latest["pain_before"], latest["pain_after"]
    if before is not None and after is not None and after - before >= PAIN_RISE:
        return True
    if len(sessions) == 2 and latest["pain_before"] is not None and sessions[1]["pain_before"] is not None:
        return latest["pain_before"] - sessions[1]["pain_before"] >= PAIN_RISE
    return False


def need(user: AbstractBaseUser, now: datetime) -> Need:
    last = SafetyCheck.objects.filter(owner=user).order_by("-answered_at").first()
    if last is None:
        return Need(True, None, _("Before your first session, a few quick safety questions."))
    if last.result != SafetyCheck.Result.CLEAR and last.cleared_at is None:
        return Need(False, last, _("Your last safety check found a warning sign."))
    if now - last.answered_at >= ASK_AGAIN_AFTER:
        return Need(True, None, _("It has been 4 weeks since your last safety check."))
    if _pain_rose(user, last.answered_at):
        return Need(True, None, _("Your pain went up by 3 or more. Let's check the warning signs again."))
    return Need(False, None, "")
