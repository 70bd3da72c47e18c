"""Settings a person chooses for the session: how getting into position ends, and spoken cues."""

import pytest

from care.door import as_themselves

VALID = {"time_zone": "Europe/Lisbon", "end_signal": "both", "reminder_time": "18:00"}


@pytest.fixture
def signed_in(client, patient):
    client.force_login(patient)
    return client


def test_by_default_the_timer_waits_and_nothing_is_spoken(patient):
    profile = as_themselves(patient).profile()
    assert (profile.ready_seconds, profile.spoken_cues) == (0, False)


def test_a_countdown_and_spoken_cues_can_be_chosen(signed_in, patient):
    response = signed_in.post("/settings/", {**VALID, "ready_seconds": "30", "spoken_cues": "on"})
    assert response.status_code == 302
    profile = as_themselves(patient).profile()
    assert (profile.ready_seconds, profile.spoken_cues) == (30, True)


def test_a_countdown_that_is_not_offered_is_refused_at_its_field(signed_in, patient):
    response = signed_in.post("/settings/", {**VALID, "ready_seconds": "3"})
    assert response.status_code == 400
    assert "ready_seconds" in response.context["form"].errors
    assert as_themselves(patient).profile().ready_seconds == 0


def test_the_player_carries_the_choices(signed_in, patient):
    from django.utils import timezone

    from care import safety

    safety.record(as_themselves(patient), {}, timezone.now())
    profile = as_themselves(patient).profile()
    profile.ready_seconds, profile.spoken_cues = 15, True
    profile.save()
    data = signed_in.get("/session/").context["player"]
    assert (data["ready_seconds"], data["spoken_cues"]) == (15, True)
