"""The one door to a person's records (care.door): who gets through, with what, and that there is no other way."""

import ast
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from access.relationship import CARER, THEMSELVES, Need
from care import door
from tests.cast import Role

ROOT = Path(__file__).resolve().parent.parent

# What each role may do with patient A's records through the door; None: A does not exist for them (404).
MAY = {
    Role.ANONYMOUS: None,
    Role.PATIENT: THEMSELVES,
    Role.OTHER: None,
    Role.STAFF: None,
    Role.CARER: CARER,
    Role.COLLEAGUE: None,
    Role.STRANGER: None,
    Role.FORMER: None,
    Role.OWNER: CARER,
}


def request_as(cast, role):
    request = RequestFactory().get("/")
    request.user = cast.person(role) or AnonymousUser()
    return request


def test_every_role_has_an_answer():
    assert set(MAY) == set(Role)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("need", [Need.READ, Need.ASSIGN, Need.EDIT, Need.EXPORT])
def test_the_door_answers_each_role_exactly(cast, role, need):
    request = request_as(cast, role)
    allowed = MAY[role]
    if allowed is None:
        with pytest.raises(Http404):
            door.patient_for(request, cast["patient"].pk, need)
    elif need in allowed:
        patient = door.patient_for(request, cast["patient"].pk, need)
        assert (patient.person, patient.may) == (cast["patient"], allowed)
    else:
        with pytest.raises(PermissionDenied):
            door.patient_for(request, cast["patient"].pk, need)


@pytest.mark.parametrize("role", [Role.CARER, Role.OWNER])
def test_a_carer_reads_exactly_the_patients_records(cast, role):
    patient = door.patient_for(request_as(cast, role), cast["patient"].pk)
    assert list(patient.sessions()) == [cast["session"]]
    assert list(patient.diary_entries()) == [cast["diary_entry"]]
    assert patient.routine(cast["routine"].pk) == cast["routine"]


def test_a_carer_cannot_change_the_diary(cast):
    from care import diary

    patient = door.patient_for(request_as(cast, Role.CARER), cast["patient"].pk)
    with pytest.raises(PermissionDenied):
        diary.save_entry(patient, 1, timezone.now(), [], [], "changed", cast["diary_entry"])
    cast["diary_entry"].refresh_from_db()
    assert cast["diary_entry"].score == 6


def test_someone_elses_record_is_not_found_through_ones_own_door(cast):
    own = door.patient_for(request_as(cast, Role.OTHER))
    with pytest.raises(Http404):
        own.session(cast["session"].pk)
    with pytest.raises(Http404):
        own.diary_entry(cast["diary_entry"].pk)


def test_a_withdrawal_closes_the_door_on_the_next_request(cast):
    assert door.patient_for(request_as(cast, Role.CARER), cast["patient"].pk)
    link = cast["link"]
    link.withdrawn_at = timezone.now()
    link.save()
    with pytest.raises(Http404):
        door.patient_for(request_as(cast, Role.CARER), cast["patient"].pk)
    with pytest.raises(Http404):
        door.patient_for(request_as(cast, Role.OWNER), cast["patient"].pk)


def test_leaving_the_clinic_closes_the_door(cast):
    from access.models import Membership

    Membership.objects.filter(person=cast.person(Role.CARER)).delete()
    with pytest.raises(Http404):
        door.patient_for(request_as(cast, Role.CARER), cast["patient"].pk)


def test_a_link_not_yet_consented_opens_nothing(cast):
    link = cast["link"]
    link.consented_at = None
    link.save()
    with pytest.raises(Http404):
        door.patient_for(request_as(cast, Role.CARER), cast["patient"].pk)


def test_reassigning_moves_access_to_the_new_practitioner(cast):
    link = cast["link"]
    link.practitioner = cast.person(Role.COLLEAGUE)
    link.save()
    with pytest.raises(Http404):
        door.patient_for(request_as(cast, Role.CARER), cast["patient"].pk)
    assert door.patient_for(request_as(cast, Role.COLLEAGUE), cast["patient"].pk).may == CARER


def test_a_deactivated_account_opens_nothing(cast):
    carer = cast.person(Role.CARER)
    carer.is_active = False
    carer.save()
    with pytest.raises(Http404):
        door.patient_for(request_as(cast, Role.CARER), cast["patient"].pk)


@pytest.mark.parametrize("bad", ["x", "", "1e9", -1, 0, "99999999999999999999999"])
def test_a_bad_patient_id_is_not_found(cast, bad):
    with pytest.raises(Http404):
        door.patient_for(request_as(cast, Role.CARER), bad)


def refuse(request):
    return False


def test_the_second_factor_hook_stops_a_carer_but_not_the_person(cast, settings):
    settings.UNKNOT_SECOND_FACTOR = "tests.test_door.refuse"
    with pytest.raises(door.SecondFactorNeeded):
        door.patient_for(request_as(cast, Role.CARER), cast["patient"].pk)
    assert door.patient_for(request_as(cast, Role.PATIENT)).person == cast["patient"]


def test_the_door_is_asked_once_per_request(cast, django_assert_num_queries):
    request = request_as(cast, Role.CARER)
    with django_assert_num_queries(2):  # the relationship, then the person
        first = door.patient_for(request, cast["patient"].pk)
    with django_assert_num_queries(0):
        assert door.patient_for(request, cast["patient"].pk) is first


def test_the_persons_own_door_costs_no_query(cast, django_assert_num_queries):
    with django_assert_num_queries(0):
        door.patient_for(request_as(cast, Role.PATIENT))


def test_a_carers_read_of_progress_costs_what_the_persons_own_does(cast):
    from care import progress

    def queries(role):
        with CaptureQueriesContext(connection) as captured:
            patient = door.patient_for(request_as(cast, role), cast["patient"].pk)
            progress.summary(patient, timezone.now(), 28)
            progress.then_and_now(patient, timezone.now(), 28)
        return len(captured)

    # The door's own two queries (the relationship and the person), and nothing that grows with the records.
    assert queries(Role.CARER) == queries(Role.PATIENT) + 2


# The code itself: personal records are read only in care/door.py.
PERSONAL = {
    "Profile",
    "Routine",
    "RoutineStep",
    "Session",
    "StepEvent",
    "SafetyCheck",
    "PainReading",
    "NeckQuestionnaire",
}
# The names of the reverse relations to those records on a person (User.routines, ...).
REVERSE = {"profile", "routines", "care_sessions", "safety_checks", "pain_readings", "neck_questionnaires"}
WRITES = {"create", "bulk_create"}  # a new record names its owner; it reads nothing
OWNER_FIELDS = {"owner", "user", "session__owner", "routine__owner", "owner_id", "user_id"}


def _is_outer_ref(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "OuterRef"


def raw_reads(source: str) -> list[str]:
    """Each read of a personal model that does not go through a Patient: Model.objects.<anything but a
    create> (an OuterRef subquery inside a per-person annotation is scoped by its outer rows and allowed),
    Model._default_manager, and a person's reverse relations (person.routines)."""
    tree = ast.parse(source)
    # The names the module gives care's personal models (django's own Session model is another thing).
    personal = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("care.models")
        for alias in node.names
        if alias.name in PERSONAL
    }
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        model = getattr(node.value, "id", None)
        if model in personal and node.attr in {"_default_manager", "_base_manager"}:
            found.append(f"line {node.lineno}: {model}.{node.attr}")
        elif model in personal and node.attr == "objects":
            method = parents.get(node)
            name = method.attr if isinstance(method, ast.Attribute) else None
            call = parents.get(method) if method is not None else None
            scoped_by_outer = (
                name == "filter"
                and isinstance(call, ast.Call)
                and any(k.arg in OWNER_FIELDS and _is_outer_ref(k.value) for k in call.keywords)
            )
            if name not in WRITES and not scoped_by_outer:
                found.append(f"line {node.lineno}: {model}.objects.{name}")
        elif node.attr in REVERSE and isinstance(node.ctx, ast.Load):
            called = isinstance(parents.get(node), ast.Call) and parents[node].func is node  # patient.routines()
            if called or getattr(node.value, "id", "") in {"care", "routines"}:  # a Patient's method, a module
                continue
            found.append(f"line {node.lineno}: .{node.attr}")
    return found


def project_modules():
    for package in ("unknot", "api", "care", "access", "guide", "atlas", "clinical", "bench"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_no_module_but_the_door_reads_personal_records():
    # The door itself, and the models' own methods (they read from a record already reached, e.g. a session's
    # pain before and after).
    allowed = {ROOT / "care" / "door.py", *(ROOT / "care" / "models").glob("*.py")}
    found = {
        str(path.relative_to(ROOT)): reads
        for path in project_modules()
        if path not in allowed and (reads := raw_reads(path.read_text()))
    }
    assert found == {}


@pytest.mark.parametrize(
    "code",
    [
        "Session.objects.filter(owner=user)",
        "Session.objects.get(pk=session_id)",
        "PainReading.objects.all()",
        "Routine._default_manager.filter(pk=1)",
        "user.routines.all()",
        "request.user.profile.time_zone",
        "StepEvent.objects.filter(session__owner=user, kind='nerve')",
        "Records.objects.filter(pk=1)",
    ],
)
def test_the_scan_finds_a_raw_read(code):
    imports = (
        "from care.models import PainReading, Routine, Session, StepEvent\nfrom care.models import Profile as Records\n"
    )
    assert raw_reads(imports + code)


def test_the_scan_tells_djangos_session_from_cares():
    assert raw_reads("from django.contrib.sessions.models import Session\nSession.objects.filter(pk=1)") == []


@pytest.mark.parametrize(
    "code",
    [
        "Session.objects.create(owner=user, started_at=now)",
        "PainReading.objects.bulk_create(rows)",
        "Session.objects.filter(owner=OuterRef('pk')).values('finished_at')[:1]",
        "patient.sessions().filter(pk=1)",
        "from care import routines; routines.handout_plan()",
    ],
)
def test_the_scan_lets_writes_and_the_door_pass(code):
    assert raw_reads("from care.models import PainReading, Session\n" + code) == []
