import uuid, json
import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone

from access.relationship import CARER, THEMSELVES, Need
from care import door
from tests.cast import Role
from tests.test_door import raw_reads


def req(user):
    r = RequestFactory().get("/")
    r.user = user
    return r


# ---------- (4) AST scan holes ----------
HOLES = {
    "module alias": "from care import models as m\nm.PainReading.objects.all()",
    "dotted import": "import care.models\ncare.models.PainReading.objects.all()",
    "relative import": "from .models import PainReading\nPainReading.objects.all()",
    "name alias": "from care.models import PainReading\nPR = PainReading\nPR.objects.all()",
    "getattr manager": "from care.models import PainReading\ngetattr(PainReading, 'objects').all()",
    "User values across relation": "User.objects.values_list('pain_readings__note', flat=True)",
    "User filter across relation": "User.objects.filter(care_sessions__routine_name__icontains='x')",
    "OuterRef on every user": "from care.models import PainReading\nUser.objects.annotate(n=Subquery(PainReading.objects.filter(owner=OuterRef('pk')).values('note')[:1]))",
    "getattr reverse": "getattr(user, 'pain_readings').all()",
    "reverse via var named care": "care = session.owner\ncare.pain_readings.all()",
    "raw SQL": "connection.cursor().execute('select note from care_painreading')",
    "save() over someone's pk": "from care.models import PainReading\nPainReading(id=their_id, owner=me, score=0).save()",
    "bulk upsert": "from care.models import Session\nSession.objects.bulk_create(rows, update_conflicts=True, unique_fields=['id'], update_fields=['owner'])",
}

def test_scan_holes():
    missed = {k: raw_reads(v) for k, v in HOLES.items()}
    print("\nSCAN:", json.dumps(missed, indent=1))


# ---------- (2) what a carer's READ|ASSIGN Patient can still do ----------
def test_carer_patient_writes(cast):
    from care import routines, feedback
    carer = door.patient_for(req(cast.person(Role.CARER)), cast["patient"].pk)
    assert carer.may == CARER
    out = {}
    n = carer.diary_entries().update(note="written by carer")
    cast["diary_entry"].refresh_from_db(); out["diary .update()"] = (n, cast["diary_entry"].note)
    prof = carer.profile(); prof.reminders = True; prof.calendar_token = "carer-chosen"; prof.save()
    out["profile().save()"] = door.as_themselves(cast["patient"]).profiles().values_list("calendar_token", flat=True).first()
    feedback.record(carer.session(cast["session"].pk), "hard", ["pain"])
    out["feedback.record"] = door.as_themselves(cast["patient"]).sessions().values_list("went", flat=True).first()
    r = routines.save_routine(carer, "carer renamed", routines.handout_plan()[:1], cast["routine"])
    out["save_routine over patient's own routine"] = (r.pk == cast["routine"].pk, r.name)
    carer.neck_questionnaire(cast["neck_questionnaire"].pk).delete()
    out["questionnaire .delete()"] = door.as_themselves(cast["patient"]).neck_questionnaires().count()
    print("\nCARER:", out)


def test_calendar_token_of_deactivated_and_full_read(cast):
    p = cast["patient"]; p.is_active = False; p.save()
    t = door.by_calendar_token(cast["calendar_token"])
    print("\nTOKEN: deactivated still opens:", t is not None, "may", t.may, "is_themselves", t.is_themselves,
          "diary notes readable:", list(t.diary_entries().values_list("note", flat=True)))


# ---------- (3) per-request cache not keyed by viewer ----------
def test_cache_survives_user_switch(cast):
    a, b = cast["patient"], cast.person(Role.OTHER)
    r = req(a)
    door.patient_for(r)              # middleware opens A's own door
    r.user = b                        # login(request, B) mid-request
    got = door.patient_for(r, a.pk, Need.EDIT)
    print("\nCACHE: B got A with", got.may, "viewer", got.viewer, "notes", list(got.diary_entries().values_list("note", flat=True)))


def test_odd_ids(cast):
    r = req(cast.person(Role.CARER)); pid = cast["patient"].pk
    res = {}
    for v in [True, float(pid) + 0.9, str(pid) + " ", "\u0660" * 0 + str(pid).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")), [pid], {"a": 1}]:
        try:
            res[repr(v)] = door.patient_for(req(cast.person(Role.CARER)), v).person.pk
        except (Http404, PermissionDenied) as e:
            res[repr(v)] = type(e).__name__
        except Exception as e:
            res[repr(v)] = "UNHANDLED " + type(e).__name__
    print("\nIDS (patient pk=%s):" % pid, res)


# ---------- (1) API bodies with someone else's ids ----------
def test_api_foreign_ids(client, cast):
    a_routine, a_session = cast["routine"], cast["session"]
    from care.door import as_themselves
    a_event = as_themselves(cast["patient"]).step_events().first()
    cast.sign_in(client, Role.OTHER)
    steps = [{"muscle": "trapezius", "side": "left", "seconds": 60}]
    other_session = as_themselves(cast.person(Role.OTHER)).sessions().first()
    res = {}
    r = client.post("/api/v1/sessions", {"id": str(uuid.uuid4()), "pain_before": 3, "steps": steps, "routine": a_routine.pk}, content_type="application/json")
    res["start with A's routine"] = (r.status_code, r.content[:80])
    r = client.post("/api/v1/sessions", {"id": str(a_session.pk), "pain_before": 3, "steps": steps}, content_type="application/json")
    res["start with A's session id"] = (r.status_code, r.content[:80])
    if a_event:
        r = client.post(f"/api/v1/v1/sessions/{other_session.pk}/events", {"id": str(a_event.pk), "step": 0, "kind": "done", "seconds": 60}, content_type="application/json")
        res["event with A's event id"] = (r.status_code, r.content[:80])
    r = client.get("/api/v1/sessions?limit=200&offset=0")
    res["list sessions ids"] = [s["id"] for s in r.json()["items"]]
    r = client.get("/api/v1/routines?limit=200&offset=0")
    res["list routines"] = [x["name"] for x in r.json()["items"]]
    r = client.post("/diary/new/", {"score": 3, "note": "x", "entry_id": str(cast["diary_entry"].pk), "id": str(cast["diary_entry"].pk)})
    res["diary_new post with A's id"] = r.status_code
    print("\nAPI:", res, "A session", a_session.pk, "A event", a_event and a_event.pk)
    assert str(a_session.pk) not in res["list sessions ids"]
