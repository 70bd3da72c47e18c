"""Home care: a person's profile, routines, self-massage sessions, their steps, and safety checks."""

import datetime
import secrets
import uuid
import zoneinfo
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from care.models.pain import PainReading
from care.models.personal import PersonalQuerySet, PersonalRecord
from care.models.questionnaire import NeckQuestionnaire as NeckQuestionnaire
from clinical.sides import LABEL
from clinical.timing import DEFAULT_SECONDS as DEFAULT_SECONDS
from clinical.timing import MAX_SECONDS as MAX_SECONDS
from clinical.timing import MIN_SECONDS as MIN_SECONDS
from clinical.timing import READY_ALLOWANCE as READY_ALLOWANCE

SIDE_CHOICES = list(LABEL.items())


def both_screens() -> list[int]:
    return [1, 2]


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class Profile(PersonalRecord, models.Model):
    """What a person chooses about reminders and the player; one per account."""

    class Country(models.TextChoices):
        """Where the person is, for the numbers to call; blank: worked out from the time zone."""

        FROM_TIME_ZONE = "", _("Work it out from my time zone")
        UK = "GB", _("United Kingdom")
        EU = "EU", _("A country of the European Union")
        US = "US", _("United States")
        CANADA = "CA", _("Canada")
        ELSEWHERE = "XX", _("Somewhere else: show every number")

    class EndSignal(models.TextChoices):
        SOUND = "sound", _("A short sound")
        VIBRATE = "vibrate", _("A vibration")
        BOTH = "both", _("Sound and vibration")
        NONE = "none", _("Nothing")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    person_path = "user"
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    country = models.CharField(_("where you are"), max_length=2, choices=Country, blank=True, default="")
    end_signal = models.CharField(_("end of an area"), max_length=10, choices=EndSignal, default=EndSignal.BOTH)
    ready_seconds = models.PositiveSmallIntegerField(
        _("getting into position"),
        choices=[
            (0, _("Wait until I tap “I'm in position”")),
            (15, _("Start by itself after 15 seconds")),
            (30, _("Start by itself after 30 seconds")),
            (45, _("Start by itself after 45 seconds")),
        ],
        default=0,
    )
    # The places of the last session the person started from the finder ("temple:left|..."), for the quick routine:
    # written when that session starts (care.recording.start), never by a page that is only looked at.
    last_finder = models.CharField(max_length=1000, blank=True, default="")
    spoken_cues = models.BooleanField(_("say the cues aloud (using this device's own voices)"), default=False)
    reminders = models.BooleanField(_("email me when a session is due"), default=False)
    reminder_time = models.TimeField(_("reminder time"), default=datetime.time(18, 0))
    calendar_token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    unsubscribe_token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    objects = PersonalQuerySet.as_manager()

    def __str__(self) -> str:
        return f"profile of {self.user}"

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")


INTERVAL_DAYS = (2, 7)  # a practitioner's "every N days": from the handout's 2 days of rest to once a week


class Routine(PersonalRecord, models.Model):
    """A person's routine: their own, or one a clinic assigned (clinic set), which only that clinic changes.
    Each change of an assigned routine is a new version (RoutineVersion); the person is told of it."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="routines")
    name = models.CharField(_("name"), max_length=80)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    clinic = models.ForeignKey("access.Clinic", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    interval_days = models.PositiveSmallIntegerField(
        _("how often"),
        null=True,
        blank=True,
        validators=[MinValueValidator(INTERVAL_DAYS[0]), MaxValueValidator(INTERVAL_DAYS[1])],
    )
    version = models.PositiveIntegerField(default=1)
    seen_version = models.PositiveIntegerField(default=1)  # the version the person last looked at
    notified_at = models.DateTimeField(null=True, blank=True)  # the last "your routine was updated" mail
    objects = PersonalQuerySet.as_manager()

    class Meta:
        ordering = ["-updated"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "clinic"], name="one_assigned_routine_per_clinic"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_assigned(self) -> bool:
        return self.clinic_id is not None

    @property
    def is_new_to_them(self) -> bool:
        return self.is_assigned and self.seen_version < self.version

    @property
    def total_seconds(self) -> int:
        return sum(step.seconds for step in self.steps.all())

    @property
    def minutes(self) -> int:
        """How long a session of it takes, getting into position included (steps prefetched: no query)."""
        steps = self.steps.all()
        return max(1, round(sum(step.seconds + READY_ALLOWANCE for step in steps) / 60))


class RoutineStep(PersonalRecord, models.Model):
    """One area of a routine: a muscle, on one side (each side its own step), for a time."""

    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="steps")
    person_path = "routine__owner"
    position = models.PositiveSmallIntegerField()
    muscle = models.CharField(max_length=40)
    side = models.CharField(max_length=5, choices=SIDE_CHOICES, blank=True, default="")
    seconds = models.PositiveSmallIntegerField(
        default=DEFAULT_SECONDS, validators=[MinValueValidator(MIN_SECONDS), MaxValueValidator(MAX_SECONDS)]
    )
    # A practitioner's own words and video for this area: theirs, shown beside the cited content, never in it.
    note = models.CharField(_("note"), max_length=500, blank=True)
    video_url = models.URLField(_("video link"), max_length=500, blank=True)
    objects = PersonalQuerySet.as_manager()

    class Meta:
        ordering = ["position"]
        constraints = [
            # One step per muscle and side keeps each area within the handout's two minutes per session.
            models.UniqueConstraint(fields=["routine", "muscle", "side"], name="one_step_per_muscle_side"),
            models.UniqueConstraint(fields=["routine", "position"], name="one_step_per_position"),
            models.CheckConstraint(
                condition=Q(seconds__gte=MIN_SECONDS) & Q(seconds__lte=MAX_SECONDS), name="step_within_two_minutes"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.muscle} {self.side or 'both'} {self.seconds}s"


PersonalManager = models.Manager.from_queryset(PersonalQuerySet)


class RoutineVersion(PersonalRecord, models.Model):
    """An assigned routine as it was from one change to the next: what the person was told changed, and what
    the practitioner reads each session against."""

    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="versions")
    person_path = "routine__owner"
    version = models.PositiveIntegerField()
    steps = models.JSONField(default=list)  # [{"muscle", "side", "seconds", "note", "video_url"}]
    interval_days = models.PositiveSmallIntegerField(null=True, blank=True)
    changed_at = models.DateTimeField()
    changed_by_id = models.BigIntegerField(null=True)
    objects = PersonalQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["routine", "version"], name="one_row_per_routine_version")]

    def __str__(self) -> str:
        return f"version {self.version}"


class SessionManager(PersonalManager["Session"]):
    def get_queryset(self) -> models.QuerySet["Session"]:
        readings = PainReading.objects.filter(session=OuterRef("pk"))
        # The annotations fill Session's pain_before and pain_after properties (the plugin sees a clash).
        return (
            super()
            .get_queryset()
            .annotate(  # type: ignore[no-redef]
                pain_before=Subquery(readings.filter(kind="before").values("score")[:1]),
                pain_after=Subquery(readings.filter(kind="after").values("score")[:1]),
            )
        )


class Session(PersonalRecord, models.Model):
    """A self-massage session. Its id is made by the device, so a save that arrives twice is kept once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care_sessions")
    routine = models.ForeignKey(Routine, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions")
    routine_name = models.CharField(max_length=80, blank=True)
    steps = models.JSONField(default=list, help_text="The routine's steps as they were when the session started.")
    routine_version = models.PositiveIntegerField(null=True, blank=True)  # of an assigned routine
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    # Ended by the person without finishing ("stopped early"): kept in the history, never counted as done.
    stopped_at = models.DateTimeField(null=True, blank=True)
    active_seconds = models.PositiveIntegerField(default=0)
    # One tap after the session: how it went, and what got in the way (ids of care.feedback.OBSTACLES).
    went = models.CharField(
        max_length=10, blank=True, choices=[("well", _("Well")), ("ok", _("OK")), ("hard", _("Hard"))]
    )
    obstacles = models.JSONField(default=list, blank=True)

    objects = SessionManager()

    class Meta:
        ordering = ["-started_at"]
        # A person's sessions by time: their progress, and each row of a clinic's dashboard (latest, this fortnight's).
        indexes = [
            models.Index(fields=["owner", "started_at"], name="session_owner_started"),
            models.Index(fields=["owner", "finished_at"], name="session_owner_finished"),
        ]

    def __str__(self) -> str:
        return f"session {self.id} of {self.owner}"

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None

    # The pain before and after live in PainReading; every query of sessions brings them along (SessionManager),
    # and a session made in this process reads them once.
    @property
    def pain_before(self) -> int | None:
        if "_pain_before" not in self.__dict__:
            self._pain_before = self._reading("before")
        return self._pain_before

    @pain_before.setter
    def pain_before(self, value: int | None) -> None:
        self._pain_before = value

    @property
    def pain_after(self) -> int | None:
        if "_pain_after" not in self.__dict__:
            self._pain_after = self._reading("after")
        return self._pain_after

    @pain_after.setter
    def pain_after(self, value: int | None) -> None:
        self._pain_after = value

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        super().refresh_from_db(*args, **kwargs)
        self.__dict__.pop("_pain_before", None)  # read again from the readings on next use
        self.__dict__.pop("_pain_after", None)

    def _reading(self, kind: str) -> int | None:
        return PainReading.objects.filter(session_id=self.pk, kind=kind).values_list("score", flat=True).first()

    @property
    def is_open(self) -> bool:
        """Can still be carried on: neither finished nor stopped early."""
        return self.finished_at is None and self.stopped_at is None


class StepEvent(PersonalRecord, models.Model):
    """What happened at one step of a session; its id is made by the device (saves are idempotent)."""

    class Kind(models.TextChoices):
        DONE = "done", _("Done")
        CUT_SHORT = "cut_short", _("Cut short")
        SKIPPED = "skipped", _("Skipped")
        NERVE = "nerve", _("Tingling, numbness or sharp pain")

    id = models.UUIDField(primary_key=True)
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="events")
    person_path = "session__owner"
    step = models.PositiveSmallIntegerField()
    muscle = models.CharField(max_length=40)
    side = models.CharField(max_length=5, blank=True, default="")
    kind = models.CharField(max_length=10, choices=Kind)
    seconds = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(MAX_SECONDS)])
    recorded_at = models.DateTimeField()
    objects = PersonalQuerySet.as_manager()

    class Meta:
        ordering = ["recorded_at"]
        constraints = [
            models.CheckConstraint(condition=Q(seconds__lte=MAX_SECONDS), name="event_within_two_minutes"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} at step {self.step}"


class SafetyCheck(PersonalRecord, models.Model):
    """A person's answers to the red-flag questions, kept on their record."""

    class Result(models.TextChoices):
        """The content's levels (clinical.schema.LEVELS), most severe first, plus clear."""

        EMERGENCY = "emergency", _("Get emergency care now")
        URGENT = "urgent", _("See a doctor today")
        CLINICIAN = "clinician", _("See a clinician before self-care")
        CLEAR = "clear", _("No warning signs")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_checks")
    answered_at = models.DateTimeField()
    answers = models.JSONField(help_text="Red-flag id to yes (true) or no (false).")
    result = models.CharField(max_length=10, choices=Result)
    version = models.PositiveSmallIntegerField(
        default=1, help_text="The red-flag set's version these answers were given to (content/safety.toml)."
    )
    cleared_at = models.DateTimeField(
        null=True, blank=True, help_text="When the person recorded a clinician's clearance."
    )
    cleared_note = models.CharField(max_length=200, blank=True)
    screens = models.JSONField(
        default=both_screens,
        help_text="The check's screens these answers cover: [1] when a sign on the first went straight to what "
        "to do, [2] when the second was asked alone afterwards, [1, 2] for a whole check.",
    )
    objects = PersonalQuerySet.as_manager()

    class Meta:
        ordering = ["-answered_at"]

    def __str__(self) -> str:
        return f"safety check of {self.owner} ({self.result})"

    @property
    def yes(self) -> list[str]:
        return [flag for flag, answer in self.answers.items() if answer]


class ReminderSent(models.Model):
    """One row per reminder, claimed before the mail is sent and marked sent afterwards.

    The unique (person, due date) pair means two senders never both claim one reminder; a claim that was
    never marked sent (the sender died, the mail failed) is taken over after CLAIM_TIMEOUT."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders_sent")
    due_date = models.DateField()
    claim = models.CharField(max_length=32, blank=True, default="", help_text="Which sender run holds the claim.")
    claimed_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "due_date"], name="one_reminder_per_due_date")]

    def __str__(self) -> str:
        return f"reminder for {self.owner} on {self.due_date}"


class SubmittedForm(models.Model):
    """A form's one-time key, kept when the form is saved: a second post of the same form changes nothing."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="submitted_forms")
    key = models.CharField(max_length=32)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "key"], name="one_submission_per_form_key")]

    def __str__(self) -> str:
        return f"form {self.key} of {self.owner}"


class ServerSession(models.Model):
    """The server-side sessions a person signed in with, so deleting the account can end every one of them."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="server_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    signed_in_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"server session of {self.owner}"
