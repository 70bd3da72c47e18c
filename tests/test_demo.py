"""The demo patient: two years of history, replaced on a second run, never made by accident in production."""

import itertools

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings

from care.models import NeckQuestionnaire, PainReading, Session


@override_settings(DEBUG=True)
def test_the_demo_patient_has_two_years_of_sessions_and_diary(db, capsys):
    call_command("demo")
    out = capsys.readouterr().out
    person = get_user_model().objects.get(email="demo@example.com")
    assert EmailAddress.objects.get(user=person).verified
    sessions = list(Session.objects.filter(owner=person).order_by("started_at"))
    assert len(sessions) > 150
    span = sessions[-1].started_at - sessions[0].started_at
    assert span.days > 700
    gaps = [(b.started_at - a.started_at).days for a, b in itertools.pairwise(sessions)]
    assert min(gaps) >= 1 and max(gaps) >= 10  # every 2-4 days, with a break or two
    assert all(s.pain_before is not None and s.pain_after is not None for s in sessions)
    assert PainReading.objects.filter(owner=person, kind="diary").exclude(marks=[]).count() > 40
    neck = list(NeckQuestionnaire.objects.filter(owner=person).order_by("answered_at"))
    assert 45 <= len(neck) <= 55  # every two weeks
    assert neck[0].score.total > neck[-1].score.total  # easing over the two years
    assert "Sign in at /accounts/login/ with demo@example.com and the password " in out
    password = out.rsplit(" ", 1)[-1].strip()
    assert person.check_password(password)


@override_settings(DEBUG=True)
def test_a_second_run_replaces_the_demo_history(db):
    call_command("demo")
    first = Session.objects.count()
    call_command("demo")
    assert get_user_model().objects.filter(email="demo@example.com").count() == 1
    assert Session.objects.count() == first


@override_settings(DEBUG=False)
def test_with_debug_off_it_refuses_unless_told(db):
    with pytest.raises(CommandError, match="--allow-production"):
        call_command("demo")
    assert not get_user_model().objects.filter(email="demo@example.com").exists()
    call_command("demo", allow_production=True)
    assert get_user_model().objects.filter(email="demo@example.com").exists()
