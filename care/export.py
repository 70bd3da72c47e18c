"""Everything unknot keeps about a person, for them to download: one JSON document, or a zip of CSV files (one
per kind of record). Times are ISO 8601 in UTC; ids are the ones the API uses."""

import csv
import io
import json
import zipfile
from datetime import UTC
from typing import Any

from django.utils import timezone

from access import audit
from care.door import Need, Patient
from care.models import PainReading
from clinic import patient_invitations, trail
from clinical import ndi

FORMAT_VERSION = 1


def _when(value: Any) -> str | None:
    return value.astimezone(UTC).isoformat() if value else None


def everything(patient: Patient) -> dict:
    """The person's records as plain data (reached through the door, like every page)."""
    patient.require(Need.EXPORT)
    user = patient.person
    profile = patient.profile()
    sessions = patient.sessions().order_by("started_at")
    events = patient.step_events().filter(session__in=sessions).order_by("recorded_at")
    return {
        "format": "unknot export",
        "version": FORMAT_VERSION,
        "exported_at": _when(timezone.now()),
        "person": {"email": user.email, "joined": _when(user.date_joined)},
        "settings": {
            "time_zone": profile.time_zone,
            "reminders": profile.reminders,
            "reminder_time": profile.reminder_time.strftime("%H:%M"),
            "end_signal": profile.end_signal,
            "ready_seconds": profile.ready_seconds,
            "spoken_cues": profile.spoken_cues,
        },
        "routines": [
            {
                "id": r.pk,
                "name": r.name,
                "steps": [{"muscle": s.muscle, "side": s.side, "seconds": s.seconds} for s in r.steps.all()],
            }
            for r in patient.routines().prefetch_related("steps")
        ],
        "sessions": [
            {
                "id": str(s.pk),
                "name": s.routine_name,
                "started_at": _when(s.started_at),
                "finished_at": _when(s.finished_at),
                "stopped_at": _when(s.stopped_at),
                "pain_before": s.pain_before,
                "pain_after": s.pain_after,
                "active_seconds": s.active_seconds,
                "went": s.went,
                "obstacles": s.obstacles,
            }
            for s in sessions
        ],
        "steps": [
            {
                "session": str(e.session_id),
                "step": e.step,
                "muscle": e.muscle,
                "side": e.side,
                "kind": e.kind,
                "seconds": e.seconds,
                "recorded_at": _when(e.recorded_at),
            }
            for e in events
        ],
        "pain_diary": [
            {
                "id": str(r.pk),
                "recorded_at": _when(r.recorded_at),
                "score": r.score,
                "where": r.marks,
                "worse_with": r.worse,
                "note": r.note,
            }
            for r in patient.pain_readings().filter(kind=PainReading.Kind.DIARY).order_by("recorded_at")
        ],
        "neck_questionnaires": [
            {
                "id": str(q.pk),
                "answered_at": _when(q.answered_at),
                "answers": {item_id: q.answers.get(item_id) for item_id in ndi.ITEM_IDS},
                "score_of_50": float(q.score.total) if q.score.total is not None else None,
                "band": q.score.band,
            }
            for q in patient.neck_questionnaires().order_by("answered_at")
        ],
        "safety_checks": [
            {
                "answered_at": _when(c.answered_at),
                "result": c.result,
                "answers": c.answers,
                "question_set": c.version,
                "screens": c.screens,  # [1]: a sign went straight to what to do; [2]: asked alone after clearance
                "cleared_at": _when(c.cleared_at),
                "cleared_note": c.cleared_note,
            }
            for c in patient.safety_checks().order_by("answered_at")
        ],
        "clinics": [
            {"clinic": link.clinic.name, "sharing_since": _when(link.consented_at), "stopped": _when(link.withdrawn_at)}
            for link in patient_invitations.links_of(user)
        ],
        # who at a clinic opened, printed or downloaded the record (the audit trail about this person)
        "record_opened": [
            {"at": _when(line.at), "who": line.who, "clinic": line.clinic, "what": line.action}
            for line in trail.for_patient(audit.opened_record_of(user.pk))
        ],
    }


def as_json(patient: Patient) -> bytes:

    return json.dumps(everything(patient), ensure_ascii=False, indent=2).encode()


def as_csv_zip(patient: Patient) -> bytes:
    """A zip with one CSV per kind of record; lists inside a row are joined with "|"."""
    data = everything(patient)
    tables = {
        "settings.csv": [data["settings"]],
        "routines.csv": [
            {"routine": r["id"], "name": r["name"], "position": n, **step}
            for r in data["routines"]
            for n, step in enumerate(r["steps"], start=1)
        ],
        "sessions.csv": data["sessions"],
        "steps.csv": data["steps"],
        "pain_diary.csv": data["pain_diary"],
        "neck_questionnaires.csv": [
            {
                "id": q["id"],
                "answered_at": q["answered_at"],
                **q["answers"],
                "score_of_50": q["score_of_50"],
                "band": q["band"],
            }
            for q in data["neck_questionnaires"]
        ],
        "clinics.csv": data["clinics"],
        "record_opened.csv": data["record_opened"],
        "safety_checks.csv": [
            {**c, "answers": "|".join(flag for flag, yes in c["answers"].items() if yes)} for c in data["safety_checks"]
        ],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in tables.items():
            archive.writestr(name, _csv(rows))
    return buffer.getvalue()


def _csv(rows: list[dict]) -> str:
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({key: _cell(value) for key, value in row.items()})
    return out.getvalue()


def _cell(value: Any) -> Any:
    """A list joined with "|"; text a spreadsheet would run as a formula is kept as text (a leading ')."""
    if isinstance(value, list):
        value = "|".join(map(str, value))
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
