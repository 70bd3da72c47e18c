"""The guide pages: the handout's content, made readable, cached and safe to serve to anyone."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from clinical.content import content

GUIDE_PAGES = ["guide:home", "guide:safety", "guide:sources", "guide:privacy"]


@pytest.mark.parametrize("name", GUIDE_PAGES)
def test_guide_pages_set_no_cookie_and_write_nothing(client, db, django_assert_num_queries, name):
    with django_assert_num_queries(0):
        response = client.get(reverse(name))
    assert response.status_code == 200
    assert response.cookies == {}


@pytest.mark.parametrize("name", GUIDE_PAGES)
def test_guide_pages_say_how_long_they_may_be_cached(client, name):
    response = client.get(reverse(name))
    assert "public" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]


def test_guide_pages_are_private_to_a_signed_in_person(client, patient):
    client.force_login(patient)
    response = client.get(reverse("guide:home"))
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("name", GUIDE_PAGES)
def test_guide_pages_refuse_to_be_posted_to(client, name):
    assert client.post(reverse(name)).status_code == 405


def test_home_keeps_every_rule_of_the_handout(client):
    page = client.get(reverse("guide:home")).content.decode()
    for rule in [
        "gentle, steady pressure",
        "Start light",
        "holding your breath",
        "no more than about two minutes",
        "Every 2 to 3 days",
        "Tingling, numbness or sharp pain? Move the ball.",
        "tennis ball",
        "referred pain",
        "head pushed forward",
    ]:
        assert rule in page


def test_home_lists_the_key_areas_in_the_handouts_order(client):
    page = client.get(reverse("guide:home")).content.decode()
    areas = page[page.index('class="areas"') :]
    labels = [info.label for info in content().muscles.values() if info.core]
    positions = [areas.index(label) for label in labels]
    assert positions == sorted(positions)
    assert "#6" in areas and "Bonus" in areas


def test_home_gives_the_three_tips_about_the_key_areas(client):
    page = client.get(reverse("guide:home")).content.decode()
    assert "Start with the three main neck muscles" in page
    assert "below the shoulder blades" in page
    assert "Roll out the chest" in page


def test_safety_lists_every_red_flag_with_its_source(client):
    page = client.get(reverse("guide:safety")).content.decode()
    for flag in content().safety.red_flags:
        assert flag.sign in page
        item = page[page.index(f'id="flag-{flag.id}"') :]
        for key in flag.sources:
            assert f"#source-{key}" in item[: item.index("</li>")]


def test_safety_separates_emergencies_from_seeing_a_clinician(client):
    page = client.get(reverse("guide:safety")).content.decode()
    assert page.index("Get emergency help now") < page.index("See a doctor before self-care")
    assert "not a diagnosis" in page.lower() or content().safety.not_a_diagnosis.text in page


def test_every_source_is_listed_with_what_it_supports(client):
    pages = client.get(reverse("guide:sources")).content.decode()
    for group in content().source_groups():
        if group.slug != "guide":
            pages += client.get(reverse("guide:source_group", args=[group.slug])).content.decode()
    for source in content().sources.values():
        assert f'id="source-{source.key}"' in pages
        assert escape(source.supports) in pages


def test_unknown_group_of_sources_is_404(client):
    assert client.get(reverse("guide:source_group", args=["no-such-group"])).status_code == 404


def test_sources_page_says_the_acupoint_correspondence_is_debated(client):
    page = client.get(reverse("guide:sources")).content.decode()
    assert 'id="correspondence"' in page
    assert "does not claim they are the same thing" in page


def test_privacy_page_says_what_is_stored_and_who_sees_it(client):
    page = client.get(reverse("guide:privacy")).content.decode()
    for heading in ["What we store", "Where it is kept", "Who can see it", "Getting or deleting your data"]:
        assert heading in page


@pytest.mark.django_db
def test_guide_content_is_rendered_once_and_served_from_the_cache(client, settings):
    from django.core.cache import caches
    from django.core.cache.utils import make_template_fragment_key

    cache = caches["pages"]  # per process: anonymous visits never write to the database

    from clinical.content import content_version

    key = make_template_fragment_key("guide_home", ["en", content_version()])
    assert cache.get(key) is None
    first = client.get(reverse("guide:home")).content.decode()
    cached = cache.get(key)
    assert cached and "six rules" in cached
    cache.set(key, "<p>from the cache</p>", None)
    client.cookies[settings.SESSION_COOKIE_NAME] = "1"  # a visitor with a session skips the whole-page cache
    assert "from the cache" in client.get(reverse("guide:home")).content.decode()
    assert "six rules" in first


def test_manifest_names_the_app_and_its_icons(client):
    manifest = client.get(reverse("guide:manifest")).json()
    assert manifest["name"] == "unknot"
    assert {icon["sizes"] for icon in manifest["icons"]} >= {"192x192", "512x512"}


def test_privacy_page_names_every_cookie_the_site_sets(client):
    from django.conf import settings

    from care import safety

    page = client.get(reverse("guide:privacy")).content.decode()
    for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, safety.DEVICE_COOKIE):
        assert name.removeprefix("__Host-") in page
    assert "__Host-sessionid" in page
    assert "written in a log" not in page  # no practitioner access log is promised before one exists


def test_safety_says_what_self_massage_can_and_cannot_do_with_its_review(client):
    page = client.get(reverse("guide:safety")).content.decode()
    claim = content().rules.what_self_massage_can_do
    assert claim and claim.text in page
    assert "#source-gross-2024-cochrane-massage" in page


def test_safety_names_the_whole_body_factors_to_raise_with_a_clinician(client):
    page = client.get(reverse("guide:safety")).content.decode()
    claim = content().rules.whole_body_factors
    assert claim and claim.text in page
    assert all(word in claim.text for word in ("sleep", "iron", "vitamin D", "thyroid"))


def test_the_acupuncture_paragraph_cites_both_sides_of_the_debate(client):
    page = client.get("/").content.decode()
    section = page[page.index('id="acupuncture"') : page.index('id="ball"')]
    assert "nerve endings" not in section
    for key in ("melzack-1977", "birch-2003"):
        assert f"#source-{key}" in section
