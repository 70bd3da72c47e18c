"""Pain before can be skipped: the session is kept without a reading before it, the API takes null, and the
pages, progress and the pain-rise rule of the safety check cope with a session that has none."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from care import progress, recording, safety
from care.door import as_themselves
from care.models import PainReading, Session
from care.routines import StepPlan
from tests.safety_answers import answered_on_this_device

PLAN = [StepPlan("trapezius", "left", 60)]


def session_of(person, before, after, at):
    patient = as_themselves(person)
    session, _ = recording.start(patient, uuid.uuid4(), PLAN, before, at)
    recording.record_event(patient, session, uuid.uuid4(), 0, "done", 60, at + timedelta(minutes=1))
    return recording.finish(patient, session, after, 60, at + timedelta(minutes=2))


@pytest.fixture
def api(client, patient):
    safety.record(as_themselves(patient), {}, timezone.now())
    client.force_login(patient)
    return client


def start(client, **changes):
    body = {"id": str(uuid.uuid4()), "steps": [{"muscle": "trapezius", "side": "left", "seconds": 60}], **changes}
    return client.post("/api/v1/sessions", body, content_type="application/json")


def test_a_session_is_kept_without_pain_before(patient):
    session = session_of(patient, None, 3, timezone.now() - timedelta(hours=1))
    session = as_themselves(patient).session(session.pk)
    assert (session.pain_before, session.pain_after, session.is_finished) == (None, 3, True)
    assert list(PainReading.objects.filter(session=session).values_list("kind", flat=True)) == ["after"]


def test_the_api_takes_a_skipped_pain_before_as_null(api, patient):
    response = start(api, pain_before=None)
    assert response.status_code == 201
    assert response.json()["pain_before"] is None
    assert Session.objects.get(pk=response.json()["id"]).pain_before is None


def test_the_api_still_asks_the_device_to_say_so_and_refuses_a_score_off_the_scale(api):
    assert start(api).status_code in {400, 422}  # left out is not skipped: the device sends null
    assert start(api, pain_before=11).status_code in {400, 422}
    assert start(api, pain_before=True).status_code in {400, 422}
    assert Session.objects.count() == 0


def test_pain_after_3_above_the_last_pain_given_asks_the_check_again_when_before_was_skipped(patient):
    now = timezone.now()
    safety.record(as_themselves(patient), {}, now - timedelta(days=3))
    session_of(patient, 2, 2, now - timedelta(days=2))
    session_of(patient, None, 5, now - timedelta(hours=1))
    need = safety.need(as_themselves(patient), now)
    assert need.ask and "3 or more" in need.reason


def test_a_skipped_pain_before_alone_asks_nothing(patient):
    now = timezone.now()
    safety.record(as_themselves(patient), {}, now - timedelta(days=3))
    session_of(patient, None, 8, now - timedelta(hours=1))  # nothing to compare with
    assert not safety.need(as_themselves(patient), now).ask
    session_of(patient, 4, 5, now - timedelta(minutes=30))  # the one skipped before is passed over
    assert not safety.need(as_themselves(patient), now).ask


def test_a_rise_between_sessions_skips_over_a_session_without_pain_before(patient):
    now = timezone.now()
    safety.record(as_themselves(patient), {}, now - timedelta(days=5))
    session_of(patient, 2, 2, now - timedelta(days=4))
    session_of(patient, None, 2, now - timedelta(days=2))
    session_of(patient, 5, 5, now - timedelta(hours=1))  # 5 before against the last 2 given
    assert safety.need(as_themselves(patient), now).ask


def test_progress_counts_the_session_and_averages_only_the_pain_given(patient):
    now = timezone.now()
    session_of(patient, 6, 4, now - timedelta(days=3))
    session_of(patient, None, 3, now - timedelta(days=2))
    summary = progress.summary(as_themselves(patient), now, 30)
    assert summary.sessions == 2
    assert (summary.before_end, summary.relief) == (6.0, 2.0)


def test_pages_show_a_dash_for_the_pain_not_given(client, patient):
    session = session_of(patient, None, 3, timezone.now() - timedelta(hours=1))
    safety.record(as_themselves(patient), {}, timezone.now())
    client.force_login(patient)
    answered_on_this_device(client)
    shown = {
        reverse("care:home"): "Pain – → 3",
        reverse("care:sessions"): "pain – → 3",
        reverse("care:session", args=[session.pk]): "– / 10",
    }
    for url, words in shown.items():
        page = client.get(url).content.decode()
        assert words in page and "None" not in page, url
    assert client.get(reverse("care:progress")).status_code == 200


def test_carrying_on_a_session_without_pain_before_goes_on_with_it(client, patient):
    patient_ = as_themselves(patient)
    session, _ = recording.start(patient_, uuid.uuid4(), PLAN, None, timezone.now())
    safety.record(patient_, {}, timezone.now())
    client.force_login(patient)
    answered_on_this_device(client)
    player = client.get(reverse("care:resume", args=[session.pk])).context["player"]
    assert player["resume"] == {"started": True, "pain_before": None, "done": {}}
