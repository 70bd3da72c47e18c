"""The atlas index, the muscle pages and the finder page."""

import gzip

import pytest
from django.urls import reverse

from clinical.content import content

MUSCLES = list(content().muscles)


def test_atlas_lists_muscles_in_the_handouts_order_then_the_extended_ones(client):
    page = client.get(reverse("atlas:index")).content.decode()
    positions = [page.index(f'href="/atlas/{muscle}/"') for muscle in MUSCLES]
    assert positions == sorted(positions)
    assert page.index("#6") < page.index("Bonus") < page.index("More muscles")


@pytest.mark.parametrize("muscle", MUSCLES)
def test_every_muscle_page_shows_find_work_careful_learn_in_order(client, muscle):
    page = client.get(reverse("atlas:muscle", args=[muscle])).content.decode()
    order = [page.index(f'id="{section}-h"') for section in ("find", "work", "careful", "learn")]
    assert order == sorted(order)
    info = content().muscles[muscle]
    for point in info.content.trigger_points:
        assert f'id="point-{point.id}"' in page
        for link in point.acupoints:
            assert f'<th scope="row">{link.code}</th>' in page


@pytest.mark.parametrize("muscle", MUSCLES)
def test_every_source_a_muscle_page_cites_is_listed_on_it(client, muscle):
    page = client.get(reverse("atlas:muscle", args=[muscle])).content.decode()
    cited = set(__import__("re").findall(r'href="#source-([a-z0-9-]+)"', page))
    assert cited
    for key in cited:
        assert f'id="source-{key}"' in page


def test_a_video_topic_without_a_link_is_no_link_but_pictures(client):
    page = client.get(reverse("atlas:muscle", args=["pectoralis-major"])).content.decode()
    assert 'href="#"' not in page
    assert "Videos" not in page  # no list of links that lead nowhere
    assert "Step by step: Rolling out the chest" in page


def test_the_muscle_page_keeps_the_handouts_cues(client):
    page = client.get(reverse("atlas:muscle", args=["trapezius"])).content.decode()
    assert "Start light" in page and "holding your breath" in page.lower()
    assert "Tingling, numbness or sharp pain?" in page


def test_an_unknown_muscle_is_a_helpful_404(client):
    response = client.get(reverse("atlas:muscle", args=["biceps"]))
    assert response.status_code == 404


def test_finder_form_groups_every_region_by_body_view(client):
    page = client.get(reverse("atlas:finder")).content.decode()
    for view in ("Front of the body", "Back of the body", "Side of the body"):
        assert view in page
    for region in content().regions.values():
        value = f"{region.id}:left" if region.sided else region.id
        assert f'value="{value}"' in page


def test_finder_ranks_the_marked_regions_and_links_each_muscle(client):
    page = client.get(reverse("atlas:finder"), {"region": ["temple:left", "side-of-neck:left"]}).content.decode()
    assert "Muscles to check" in page
    assert 'href="/atlas/trapezius/#point-trapezius-upper"' in page
    assert "Often refers pain to your temple and the side of your neck." in page
    assert 'value="temple:left" checked' in page


def test_finder_asks_for_a_mark_when_nothing_is_marked(client):
    response = client.get(reverse("atlas:finder"), {"region": ""})
    assert "Mark at least one place" in response.content.decode()


def test_finder_refuses_an_unknown_region_clearly(client):
    response = client.get(reverse("atlas:finder"), {"region": "knee:left"})
    assert response.status_code == 400
    assert "We don&#x27;t know these places: knee:left" in response.content.decode()


def test_finder_asks_which_marked_place_hurts_most(client):
    page = client.get(reverse("atlas:finder"), {"region": ["side-of-neck", "ear"]}).content.decode()
    assert "Which place hurts most?" in page
    assert 'name="most" value="ear"' in page


def test_finder_ranks_by_the_place_that_hurts_most(client):
    page = client.get(reverse("atlas:finder"), {"region": ["forehead", "occiput"], "most": "occiput"}).content.decode()
    assert page.index("/atlas/suboccipitals/") < page.index("/atlas/sternocleidomastoid/")
    assert 'name="most" value="occiput" checked' in page


def test_finder_refuses_a_most_that_was_not_marked(client):
    response = client.get(reverse("atlas:finder"), {"region": "side-of-neck", "most": "ear"})
    assert response.status_code == 400
    assert "must be one of the places you marked" in response.content.decode()


def test_finder_page_stays_within_its_budget(client):
    """DESIGN.md: the HTML within 14 KB transferred (compressed), one network round trip."""
    page = client.get(reverse("atlas:finder"), {"region": ["side-of-neck", "ear"], "most": "ear"}).content
    assert len(gzip.compress(page)) <= 14 * 1024


def test_finder_pages_cost_no_queries(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.get(reverse("atlas:finder"), {"region": "temple"})
        client.get(reverse("atlas:muscle", args=["scalenes"]))


def test_the_acupoint_table_lists_every_point_with_its_trigger_points(client):
    page = client.get(reverse("atlas:acupoints")).content.decode()
    for code, point in content().acupoints.items():
        assert f'<tr id="{code}">' in page
        assert point.pinyin in page
    assert 'href="/atlas/trapezius/#point-trapezius-upper">Trapezius 1</a>' in page


def test_a_muscle_page_says_what_keeps_it_coming_back_and_a_gentle_stretch(client):
    muscle = content().muscles["trapezius"].content
    page = client.get(reverse("atlas:muscle", args=["trapezius"])).content.decode()
    assert muscle.keeps_coming_back and muscle.keeps_coming_back.text in page
    assert muscle.stretch and muscle.stretch.text in page
    assert "What keeps it coming back" in page and "Gentle stretch" in page


def test_a_muscle_page_without_a_supported_stretch_shows_none(client):
    assert content().muscles["rhomboids"].content.stretch is None
    page = client.get(reverse("atlas:muscle", args=["rhomboids"])).content.decode()
    assert "Gentle stretch" not in page


def test_the_new_cautions_show_on_the_muscle_pages(client):
    trapezius = client.get(reverse("atlas:muscle", args=["trapezius"])).content.decode()
    assert "soft hollow at the side of the neck" in trapezius
    scm = client.get(reverse("atlas:muscle", args=["sternocleidomastoid"])).content.decode()
    assert "mini-stroke" in scm


def test_an_acupoint_near_but_not_on_a_spot_says_how_far_it_lies(client):
    page = client.get(reverse("atlas:muscle", args=["pectoralis-minor"])).content.decode()
    assert "Not on the spot:" in page and "three finger-widths nearer the breastbone" in page


def test_levator_scapulae_lists_every_point_its_sources_pair():
    [link_codes] = [
        [link.code for link in point.acupoints]
        for point in content().muscles["levator-scapulae"].content.trigger_points
        if point.id == "levator-scapulae-lower"
    ]
    assert link_codes == ["SI14", "SI15"]


def test_a_trigger_point_close_up_is_a_drawing_that_mirrors_for_the_left_side(client):
    right = client.get(reverse("atlas:point_drawing", kwargs={"point": "trapezius-upper"}))
    left = client.get(reverse("atlas:point_drawing", kwargs={"point": "trapezius-upper"}) + "?side=left")
    assert right["Content-Type"].startswith("image/svg+xml") and right.content.lstrip().startswith(b"<svg")
    assert left.status_code == 200 and left.content != right.content
    assert client.get(reverse("atlas:point_drawing", kwargs={"point": "no-such-point"})).status_code == 404
