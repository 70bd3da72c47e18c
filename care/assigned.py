"""Routines a practitioner assigns: built from the handout, the finder or the clinic's last one, with the
seconds per area, how often (every 2 to 7 days), a note and a video link per area. Each change is a new version
the person is told of (on home, and by a mail with no health data in it, at most one an hour), and sees what
changed; the practitioner sees how each version was followed."""

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from atlas.sequences import sequence
from care import data_version
from care.door import Need, Patient, as_themselves
from care.models import INTERVAL_DAYS, Routine, RoutineStep, RoutineVersion
from care.routines import StepPlan, check_plan
from clinic import overlay
from clinic.overlay import check_video_url, video_host
from clinical.content import content
from clinical.sides import STEP
from unknot import mail

MAIL_AT_MOST_EVERY = timedelta(hours=1)


@dataclass(frozen=True)
class AssignedStep:
    muscle: str
    side: str  # "left", "right" or "" (both at once)
    seconds: int
    note: str = ""
    video_url: str = ""

    @property
    def plan(self) -> StepPlan:
        return StepPlan(self.muscle, self.side, self.seconds)


def areas(routine: Routine) -> list[dict]:
    """A routine's areas as a page lists them: "Trapezius, left side", the time, the note, the video's site."""
    defaults = overlay.links(routine.clinic_id) if routine.clinic_id else {}
    found = []
    for s in routine.steps.all():
        video = s.video_url or overlay.video_for(defaults, s.muscle)  # the area's own, else the clinic's default
        found.append(
            {
                "name": _area({"muscle": s.muscle, "side": s.side}),
                "muscle": s.muscle,
                "seconds": s.seconds,
                "note": s.note,
                "video_url": video,
                "video_host": video_host(video) if video else "",
            }
        )
    return found


def steps_of(routine: Routine) -> list[AssignedStep]:
    return [AssignedStep(s.muscle, s.side, s.seconds, s.note, s.video_url) for s in routine.steps.all()]


def assign(
    patient: Patient,
    *,
    clinic_id: int,
    clinic_name: str,
    by_id: int,
    steps: list[AssignedStep],
    interval_days: int,
    now: datetime,
) -> Routine:
    """Gives the person this routine from this clinic, or changes the one it gave: a new version either way, in
    one transaction (a bad plan changes nothing)."""
    patient.require(Need.ASSIGN)
    check_plan([step.plan for step in steps])
    if not INTERVAL_DAYS[0] <= interval_days <= INTERVAL_DAYS[1]:
        raise ValidationError(_("Choose every 2 to 7 days."))
    steps = [
        AssignedStep(s.muscle, s.side, s.seconds, s.note.strip()[:500], check_video_url(s.video_url)) for s in steps
    ]
    name = (_("From %(clinic)s") % {"clinic": clinic_name})[:80]
    with transaction.atomic():
        routine = patient.clinics_routine(clinic_id).select_for_update().first()
        if routine is None:
            routine = Routine.objects.create(
                owner=patient.person,
                clinic_id=clinic_id,
                assigned_by_id=by_id,
                name=name,
                interval_days=interval_days,
                version=1,
                seen_version=0,
            )
        else:
            routine.version += 1
            routine.name, routine.interval_days, routine.assigned_by_id = name, interval_days, by_id
            routine.save()
            routine.steps.all().delete()
        RoutineStep.objects.bulk_create(
            RoutineStep(
                routine=routine,
                position=index,
                muscle=s.muscle,
                side=s.side,
                seconds=s.seconds,
                note=s.note,
                video_url=s.video_url,
            )
            for index, s in enumerate(steps)
        )
        RoutineVersion.objects.create(
            routine=routine,
            version=routine.version,
            steps=[asdict(s) for s in steps],
            interval_days=interval_days,
            changed_at=now,
            changed_by_id=by_id,
        )
    _tell(patient, routine, clinic_name, now)
    return routine


def _tell(patient: Patient, routine: Routine, clinic_name: str, now: datetime) -> None:
    """One mail at most an hour per routine, saying only that it changed and where to see it."""
    due = Q(notified_at__isnull=True) | Q(notified_at__lt=now - MAIL_AT_MOST_EVERY)
    assert routine.clinic_id is not None
    if not patient.clinics_routine(routine.clinic_id).filter(due).update(notified_at=now):
        return
    context = {
        "clinic": clinic_name,
        "link": settings.SITE_URL.rstrip("/") + reverse("care:routine_edit", kwargs={"routine_id": routine.pk}),
    }
    subject = render_to_string("care/email/routine_updated_subject.txt", context).strip()
    body = render_to_string("care/email/routine_updated_message.txt", context)
    mail.queue(EmailMessage(subject, body, to=[patient.person.email]))


def mark_seen(patient: Patient, routine: Routine) -> None:
    """The person has seen the routine as it is now: home stops saying it changed."""
    if Need.EDIT in patient.may and routine.is_new_to_them:
        patient.routines().filter(pk=routine.pk).update(seen_version=F("version"))


def _area(step: dict) -> str:
    info = content().muscles.get(step["muscle"])
    label = info.label if info else step["muscle"]
    return _("%(muscle)s, %(side)s") % {"muscle": label, "side": str(STEP[step["side"] or ""]).lower()}


def changes(patient: Patient, routine: Routine) -> list[str]:
    """What the last change did, in plain words: areas added or taken out, time, notes, links and how often."""
    versions = list(patient.routine_versions().filter(routine=routine).order_by("-version")[:2])
    if not versions:
        return []
    if len(versions) == 1:
        return [_("Your practitioner gave you this routine.")]
    now, before = versions
    old = {(s["muscle"], s["side"]): s for s in before.steps}
    new = {(s["muscle"], s["side"]): s for s in now.steps}
    said = [_("Added: %(area)s.") % {"area": _area(s)} for key, s in new.items() if key not in old]
    said += [_("Taken out: %(area)s.") % {"area": _area(s)} for key, s in old.items() if key not in new]
    for key, s in new.items():
        if key not in old:
            continue
        if s["seconds"] != old[key]["seconds"]:
            said.append(_("%(area)s: now %(seconds)s seconds.") % {"area": _area(s), "seconds": s["seconds"]})
        if s["note"] != old[key]["note"]:
            said.append(_("%(area)s: a new note.") % {"area": _area(s)})
        if s["video_url"] != old[key]["video_url"]:
            said.append(_("%(area)s: a new video link.") % {"area": _area(s)})
    if [k for k in new] != [k for k in old if k in new] and not said:
        said.append(_("The order of the areas changed."))
    if now.interval_days != before.interval_days:
        said.append(_("Now every %(days)s days.") % {"days": now.interval_days})
    return said or [_("Nothing you will notice changed.")]


def followed(patient: Patient, routine: Routine) -> list[dict]:
    """Each version of an assigned routine with the sessions done of it: started, finished, cut short."""
    versions = list(patient.routine_versions().filter(routine=routine).order_by("-version"))
    sessions = patient.sessions().filter(routine=routine).values("routine_version", "finished_at", "stopped_at")
    counts = {v.version: [0, 0, 0] for v in versions}  # started, finished, stopped early
    for session in sessions:
        count = counts.get(session["routine_version"] or 0)
        if count is not None:
            count[0] += 1
            count[1] += session["finished_at"] is not None
            count[2] += session["stopped_at"] is not None
    return [
        {
            "version": v,
            "started": counts[v.version][0],
            "finished": counts[v.version][1],
            "stopped": counts[v.version][2],
        }
        for v in versions
    ]


def step_by_step(routine: Routine) -> list[dict]:
    """The handout video topics of a clinic's routine's areas, each step by step in pictures, with the clinic's
    own link for the topic where it set one (clinic.overlay): the atlas's panels, on a personal page."""
    defaults = overlay.links(routine.clinic_id) if routine.clinic_id else {}
    topics = dict.fromkeys(topic for s in routine.steps.all() if (topic := overlay.topic_of(s.muscle)))
    found = []
    for topic in topics:
        video = defaults.get(overlay.topic_key(topic), "")
        found.append(
            {"sequence": sequence(topic), "video_url": video, "video_host": video_host(video) if video else ""}
        )
    return found


def make_their_own(person: User, clinic_id: int) -> None:
    """After the person stops sharing with a clinic, the routine it gave them becomes theirs: the clinic's default
    links it showed are written into its areas as they were, and it leaves the clinic (they may change or delete
    it; the clinic can no longer change what it shows)."""
    patient = as_themselves(person)
    defaults = overlay.links(clinic_id)
    for routine in patient.routines().filter(clinic_id=clinic_id).prefetch_related("steps"):
        for step in routine.steps.all():
            if not step.video_url and (video := overlay.video_for(defaults, step.muscle)):
                patient.routine_steps().filter(pk=step.pk).update(video_url=video)
    patient.routines().filter(clinic_id=clinic_id).update(clinic=None)
    data_version.bump([person.pk])
