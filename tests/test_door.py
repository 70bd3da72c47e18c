"""The one door to a person's records (care.door): who gets through, with what, and that there is no other way."""

import ast
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from access.relationship import CARER, THEMSELVES, Need
from care import door
from tests.cast import SECOND_FACTOR, Role, confirm_second_factor

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


def request_as(cast, role, second_factor=True):
    """A request of this role's, its session confirmed with the second factor where their work needs it."""
    request = RequestFactory().get("/")
    request.user = cast.person(role) or AnonymousUser()
    request.session = SessionStore()
    if second_factor and role in SECOND_FACTOR:
        confirm_second_factor(request.session, request.user)
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


@pytest.mark.parametrize("bad", ["x", "", "1e9", -1, 0, "99999999999999999999999", True, 1.9, " 1", "١", [1], {}])
def test_a_bad_patient_id_is_not_found(cast, bad):
    with pytest.raises(Http404):
        door.patient_for(request_as(cast, Role.CARER), bad)


def test_a_carer_can_change_or_delete_nothing_they_read(cast):
    from care import routines

    patient = door.patient_for(request_as(cast, Role.CARER), cast["patient"].pk)
    attempts = {
        "update a diary": lambda: patient.diary_entries().update(note="written by carer"),
        "delete the diary": lambda: patient.diary_entries().delete(),
        "save an entry": lambda: patient.diary_entry(cast["diary_entry"].pk).save(),
        "delete an entry": lambda: patient.diary_entry(cast["diary_entry"].pk).delete(),
        "delete a questionnaire": lambda: patient.neck_questionnaire(cast["neck_questionnaire"].pk).delete(),
        "save the settings": lambda: patient.profile().save(),
        "give a session feedback": lambda: patient.session(cast["session"].pk).save(),
        "create through a list": lambda: patient.routines().create(owner=cast["patient"], name="x"),
        "rewrite the person's routine": lambda: routines.save_routine(
            patient, "carer renamed", routines.handout_plan()[:1], cast["routine"]
        ),
    }
    for what, attempt in attempts.items():
        with pytest.raises(PermissionDenied):
            attempt()
        assert what  # every attempt refused
    cast["diary_entry"].refresh_from_db()
    cast["routine"].refresh_from_db()
    assert (cast["diary_entry"].note, cast["routine"].name) == ("mark-patient-diary", "Pat's secret routine")


def test_the_person_still_changes_their_own(cast):
    patient = door.patient_for(request_as(cast, Role.PATIENT))
    entry = patient.diary_entry(cast["diary_entry"].pk)
    entry.note = "changed by me"
    entry.save()
    assert patient.diary_entries().filter(note="changed by me").count() == 1


def test_a_sign_in_mid_request_opens_the_door_afresh(cast):
    request = request_as(cast, Role.PATIENT)
    door.patient_for(request)  # the middleware opens the person's own door
    request.user = cast.person(Role.OTHER)
    with pytest.raises(Http404):
        door.patient_for(request, cast["patient"].pk)


def test_a_closed_accounts_calendar_link_opens_nothing(cast):
    token = cast["calendar_token"]
    assert door.by_calendar_token(token) is not None
    cast["patient"].is_active = False
    cast["patient"].save()
    assert door.by_calendar_token(token) is None


def refuse(request):
    return False


def test_the_second_factor_hook_stops_a_carer_but_not_the_person(cast, settings):
    settings.UNKNOT_SECOND_FACTOR = "tests.test_door.refuse"
    with pytest.raises(door.SecondFactorNeeded):
        door.patient_for(request_as(cast, Role.CARER), cast["patient"].pk)
    assert door.patient_for(request_as(cast, Role.PATIENT)).person == cast["patient"]


def test_the_door_is_asked_once_per_request(cast, django_assert_num_queries):
    request = request_as(cast, Role.CARER)
    with django_assert_num_queries(2):  # the relationship with the person loaded in it, then the audit row
        first = door.patient_for(request, cast["patient"].pk)
    with django_assert_num_queries(0):
        assert door.patient_for(request, cast["patient"].pk) is first


def test_the_persons_own_door_costs_no_query(cast, django_assert_num_queries):
    with django_assert_num_queries(0):
        door.patient_for(request_as(cast, Role.PATIENT))


def test_a_carers_read_of_progress_costs_what_the_persons_own_does(cast):
    from care import progress

    def queries(role):
        request = request_as(cast, role)
        with CaptureQueriesContext(connection) as captured:
            patient = door.patient_for(request, cast["patient"].pk)
            progress.summary(patient, timezone.now(), 28)
            progress.then_and_now(patient, timezone.now(), 28)
        return len(captured)

    # The door's own two queries (the relationship with the person loaded in it, the audit row), and nothing that
    # grows with the records.
    assert queries(Role.CARER) == queries(Role.PATIENT) + 2


# The code itself: personal records are read only in care/door.py.
PERSONAL = {
    "Profile",
    "Routine",
    "RoutineStep",
    "RoutineVersion",
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


def _personal_names(tree: ast.AST) -> tuple[set[str], set[str]]:
    """The names a module gives care's personal models, and the names it gives care's models module itself,
    through any form of import (absolute, relative, aliased)."""
    models, modules = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = ("." * node.level) + (node.module or "")
            for alias in node.names:
                if alias.name in PERSONAL and module.startswith(("care.models", ".")):
                    models.add(alias.asname or alias.name)
                if alias.name == "models" and module in {"care", "."}:
                    modules.add(alias.asname or "models")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("care.models"):
                    modules.add(alias.asname or alias.name)
    return models, modules


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def raw_reads(source: str) -> list[str]:
    """Each read of a personal model that does not go through a Patient: Model.objects.<anything but a
    create> (an OuterRef subquery inside a per-person annotation is scoped by its outer rows and allowed),
    Model._default_manager, a person's reverse relations (person.routines, getattr(person, "routines")),
    lookups across them from another model ("care_sessions__started_at"), raw SQL and cursors."""
    tree = ast.parse(source)
    personal, modules = _personal_names(tree)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _dotted(node.func)
            if (
                name == "getattr"
                and len(node.args) > 1
                and getattr(node.args[1], "value", None) in REVERSE | {"objects"}
            ):
                found.append(f"line {node.lineno}: getattr(..., {node.args[1].value!r})")  # type: ignore[attr-defined]
            if name.endswith((".raw", ".cursor", ".extra")):
                found.append(f"line {node.lineno}: {name}()")
            texts = [k.arg for k in node.keywords if k.arg] + [
                a.value for a in node.args if isinstance(a, ast.Constant)
            ]
            for text in texts:
                if isinstance(text, str) and text.split("__")[0] in REVERSE and "__" in text:
                    found.append(f"line {node.lineno}: lookup {text!r}")
            continue
        if not isinstance(node, ast.Attribute):
            continue
        owner = _dotted(node.value)
        model = owner.rpartition(".")[2] if owner.rpartition(".")[0] in modules else owner
        is_personal = model in personal or (owner.rpartition(".")[0] in modules and model in PERSONAL)
        if is_personal and node.attr in {"_default_manager", "_base_manager"}:
            found.append(f"line {node.lineno}: {model}.{node.attr}")
        elif is_personal and node.attr == "objects":
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
            if called or owner in {"care", "routines"} or owner in modules:  # a Patient's method, a module
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
    # Raw SQL that reads no one's records, and why.
    cursors = {"unknot/storage.py": "the health check's `select 1` and the storage probe"}
    found = {
        name: reads
        for path in project_modules()
        if path not in allowed
        and (name := str(path.relative_to(ROOT)))
        and (reads := [r for r in raw_reads(path.read_text()) if not (name in cursors and r.endswith("cursor()"))])
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
        "models.PainReading.objects.all()",
        "care.models.PainReading.objects.all()",
        "getattr(user, 'pain_readings').all()",
        "User.objects.values_list('pain_readings__note')",
        "User.objects.filter(care_sessions__started_at__gte=now)",
        "PainReading.objects.raw('select * from care_painreading')",
        "connection.cursor()",
    ],
)
def test_the_scan_finds_a_raw_read(code):
    imports = (
        "import care.models\nfrom care import models\n"
        "from care.models import PainReading, Routine, Session, StepEvent\nfrom care.models import Profile as Records\n"
    )
    assert raw_reads(imports + code)


def test_the_scan_follows_a_relative_import():
    assert raw_reads("from .models import PainReading\nPainReading.objects.all()")


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


@pytest.mark.parametrize("role", [Role.CARER, Role.OWNER])
def test_an_authenticator_is_not_enough_the_sign_in_must_have_used_it(cast, role):
    from access.second_factor import has_authenticator

    assert has_authenticator(cast[role])
    with pytest.raises(door.SecondFactorNeeded):
        door.patient_for(request_as(cast, role, second_factor=False), cast["patient"].pk)


def test_a_patient_needs_no_second_factor_for_their_own(cast):
    assert door.patient_for(request_as(cast, Role.PATIENT, second_factor=False)).person == cast["patient"]
