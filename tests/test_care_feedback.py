"""One tap after a session: how it went and what got in the way."""

import uuid

import pytest
from django.utils import timezone

from care import recording, routines, safety
from care.door import as_themselves
from care.models import Session


@pytest.fixture
def finished(patient):
    safety.record(as_themselves(patient), {}, timezone.now())
    session, _ = recording.start(as_themselves(patient), uuid.uuid4(), routines.handout_plan()[:1], 5, timezone.now())
    return recording.finish(as_themselves(session.owner), session, 3, 90, timezone.now())


def test_one_tap_keeps_how_it_went_and_what_got_in_the_way(client, patient, finished):
    client.force_login(patient)
    response = client.post(f"/sessions/{finished.pk}/feedback/", {"went": "hard", "obstacles": ["time", "no-ball"]})
    assert response.status_code == 302 and response.url == "/home/"
    session = Session.objects.get(pk=finished.pk)
    assert (session.went, session.obstacles) == ("hard", ["time", "no-ball"])
    page = client.get(f"/sessions/{finished.pk}/").content.decode()
    assert "It was hard" in page and "Not enough time, No ball to hand" in page


@pytest.mark.parametrize("data", [{}, {"went": "amazing"}, {"went": "well", "obstacles": ["weather"]}])
def test_a_bad_answer_changes_nothing(client, patient, finished, data):
    client.force_login(patient)
    client.post(f"/sessions/{finished.pk}/feedback/", data)
    session = Session.objects.get(pk=finished.pk)
    assert (session.went, session.obstacles) == ("", [])


def test_the_end_of_a_session_asks_how_it_went(client, patient, finished):
    client.force_login(patient)
    page = client.get("/session/").content.decode()
    assert "How did it go?" in page and 'name="went" value="well"' in page
