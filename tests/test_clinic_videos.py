"""A clinic's default video links: set by its owner per muscle and per handout video topic, shown to its patients
as their practitioner's where an area has no link of its own, in the player and on the routine, never on a public
page; an edit shows on the next request."""

import pytest

from access.models import Clinic, ClinicVideo
from care.models import Routine
from clinic import overlay
from tests.cast import Role
from tests.test_assigned_routines import AREAS, post

# committed for real: a change puts its revision in the shared cache once it is committed
pytestmark = pytest.mark.django_db(transaction=True)

TRAPEZIUS_TOPIC = overlay.topic_key("Trapezius and levator scapulae")


def links_form(**links: str) -> dict[str, str]:
    return {key: "" for key in overlay.link_keys()} | links


@pytest.fixture
def owner(client, cast):
    return cast.sign_in(client, Role.OWNER)


def given_routine(client, cast) -> Routine:
    """A's practitioner gives A a routine: trapezius with no link of its own, levator scapulae with one."""
    cast.sign_in(client, Role.CARER)
    post(client, cast["link"].pk, AREAS)
    return Routine.objects.get(owner=cast["patient"], clinic=cast["clinic"])


def test_the_owner_sets_a_link_for_a_muscle_and_a_topic(owner, cast):
    data = links_form(
        **{"muscle:trapezius": "https://videos.example/trap", TRAPEZIUS_TOPIC: "https://videos.example/t"}
    )
    response = owner.post("/clinic/videos/", data)
    assert response.status_code == 302 and response.url == "/clinic/videos/"
    assert dict(ClinicVideo.objects.values_list("key", "url")) == {
        "muscle:trapezius": "https://videos.example/trap",
        TRAPEZIUS_TOPIC: "https://videos.example/t",
    }
    assert Clinic.objects.get(pk=cast["clinic"].pk).overlay_revision == 1
    assert 'value="https://videos.example/trap"' in owner.get("/clinic/videos/").content.decode()


def test_a_link_that_is_not_https_is_refused_at_its_field_and_nothing_changes(owner):
    response = owner.post("/clinic/videos/", links_form(**{"muscle:trapezius": "http://videos.example/trap"}))
    assert response.status_code == 400
    assert "A video link must start with https:// and name a website." in response.content.decode()
    assert not ClinicVideo.objects.exists()


def test_an_emptied_link_is_removed(owner, cast):
    owner.post("/clinic/videos/", links_form(**{"muscle:trapezius": "https://videos.example/trap"}))
    owner.post("/clinic/videos/", links_form())
    assert not ClinicVideo.objects.exists()


def test_a_practitioner_sees_the_links_but_cannot_change_them(client, cast):
    overlay.save(cast["clinic"].pk, {"muscle:trapezius": "https://videos.example/trap"})
    cast.sign_in(client, Role.CARER)
    page = client.get("/clinic/videos/").content.decode()
    assert "https://videos.example/trap" in page and "owner changes these links." in page
    response = client.post("/clinic/videos/", links_form(**{"muscle:trapezius": "https://elsewhere.example/x"}))
    assert response.status_code == 403
    assert ClinicVideo.objects.get().url == "https://videos.example/trap"


def test_another_clinics_owner_neither_sees_nor_changes_this_clinics_links(client, cast):
    overlay.save(cast["clinic"].pk, {"muscle:trapezius": "https://videos.example/trap"})
    cast.sign_in(client, Role.STRANGER)
    assert "https://videos.example/trap" not in client.get("/clinic/videos/").content.decode()
    client.post("/clinic/videos/", links_form(**{"muscle:trapezius": "https://elsewhere.example/x"}))
    assert ClinicVideo.objects.get(clinic=cast["clinic"]).url == "https://videos.example/trap"


def test_an_area_without_its_own_link_shows_the_clinics_muscle_link_on_the_routine(client, cast):
    routine = given_routine(client, cast)
    overlay.save(cast["clinic"].pk, {"muscle:trapezius": "https://videos.example/trap"})
    cast.sign_in(client, Role.PATIENT)
    page = client.get(f"/routines/{routine.pk}/").content.decode()
    assert 'href="https://videos.example/trap"' in page and "Video from your practitioner (videos.example)" in page
    assert 'href="https://www.youtube.com/watch?v=abc"' in page  # an area's own link comes first


def test_the_topic_link_stands_in_when_the_muscle_has_none(client, cast):
    routine = given_routine(client, cast)
    overlay.save(cast["clinic"].pk, {TRAPEZIUS_TOPIC: "https://videos.example/topic"})
    cast.sign_in(client, Role.PATIENT)
    assert 'href="https://videos.example/topic"' in client.get(f"/routines/{routine.pk}/").content.decode()


def test_the_muscle_link_comes_before_the_topic_link():
    links = {"muscle:trapezius": "https://a.example/m", TRAPEZIUS_TOPIC: "https://a.example/t"}
    assert overlay.video_for(links, "trapezius") == "https://a.example/m"
    assert overlay.video_for(links, "levator-scapulae") == "https://a.example/t"
    assert overlay.video_for(links, "masseter") == ""


def test_the_player_shows_an_edited_link_on_the_next_request(client, cast):
    routine = given_routine(client, cast)
    cast.sign_in(client, Role.PATIENT)
    url = f"/session/start/{routine.pk}/"
    for _ in range(3):  # kept in the page cache by now
        assert "videos.example" not in client.get(url).content.decode()
    overlay.save(cast["clinic"].pk, {"muscle:trapezius": "https://videos.example/one"})
    assert '"video_url": "https://videos.example/one"' in client.get(url).content.decode()
    overlay.save(cast["clinic"].pk, {"muscle:trapezius": "https://videos.example/two"})
    page = client.get(url).content.decode()
    assert '"video_url": "https://videos.example/two"' in page and "videos.example/one" not in page


def test_a_patients_own_routine_never_shows_a_clinics_links(client, cast):
    overlay.save(cast["clinic"].pk, {"muscle:trapezius": "https://videos.example/trap"})
    cast.sign_in(client, Role.PATIENT)
    own = Routine.objects.filter(owner=cast["patient"], clinic__isnull=True).first()
    assert own is not None
    assert "videos.example" not in client.get(f"/session/start/{own.pk}/").content.decode()


def test_the_public_atlas_never_shows_a_clinics_links(client, cast):
    overlay.save(
        cast["clinic"].pk,
        {"muscle:trapezius": "https://videos.example/trap", TRAPEZIUS_TOPIC: "https://videos.example/t"},
    )
    given_routine(client, cast)
    cast.sign_in(client, Role.PATIENT)
    assert "videos.example" not in client.get("/atlas/trapezius/").content.decode()
    client.logout()
    assert "videos.example" not in client.get("/atlas/trapezius/").content.decode()


def test_the_routine_shows_each_topic_step_by_step_with_the_clinics_topic_link(client, cast):
    routine = given_routine(client, cast)
    overlay.save(cast["clinic"].pk, {TRAPEZIUS_TOPIC: "https://videos.example/topic"})
    cast.sign_in(client, Role.PATIENT)
    page = client.get(f"/routines/{routine.pk}/").content.decode()
    panel = page[page.index("Step by step: Trapezius and levator scapulae") :]
    assert panel.index('href="https://videos.example/topic"') < panel.index("</details>")
    assert "Video from your practitioner (videos.example)" in panel


def test_the_printed_handout_carries_the_clinics_link_where_an_area_has_none(client, cast):
    from care import handout
    from care.door import as_themselves

    routine = given_routine(client, cast)
    overlay.save(cast["clinic"].pk, {"muscle:trapezius": "https://videos.example/trap"})
    printed = handout.for_patient(as_themselves(cast["patient"]), routine, cast["clinic"], "Dr Lee", "Ann")
    videos = {step.muscle: step.video_url for step in printed.steps}
    assert videos == {
        "trapezius": "https://videos.example/trap",
        "levator-scapulae": "https://www.youtube.com/watch?v=abc",
    }
