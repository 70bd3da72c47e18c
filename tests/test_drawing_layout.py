"""Drawings that look like a body and never look broken: whole-width panels from the head, no view twice,
thumbnails framed alike and on the side they are about."""

import re

import pytest

from atlas.drawing.layout import panels_of, zones_of
from atlas.drawing.thumbnail import RATIO, muscle_thumbnail_svg
from atlas.links import thumbnail_url
from clinical.content import content
from clinical.geometry import geometry
from clinical.paths import bbox, path_points

MUSCLES = list(content().muscles)


def outline_width(view_name: str) -> tuple[float, float]:
    view = geometry().views[view_name]
    x0, _top, x1, _bottom = bbox(path_points(view.outline))
    if view_name == "side":
        x0 = view.view_box[0] + view.view_box[2] / 2
    return x0, x1


@pytest.mark.parametrize("muscle_id", MUSCLES)
def test_no_view_is_drawn_twice(muscle_id):
    views = [panel.view.view for panel in panels_of(muscle_id, zones_of(muscle_id))]
    assert len(views) == len(set(views))


@pytest.mark.parametrize("muscle_id", MUSCLES)
def test_every_panel_shows_the_bodys_whole_width(muscle_id):
    for panel in panels_of(muscle_id, zones_of(muscle_id)):
        x0, x1 = outline_width(panel.view.view)
        left, width = panel.crop[0], panel.crop[2]
        assert left <= x0 and left + width >= x1, f"{muscle_id}: the {panel.view.view} panel cuts the body"


@pytest.mark.parametrize("muscle_id", MUSCLES)
def test_small_panels_start_at_the_top_of_the_head(muscle_id):
    for panel in panels_of(muscle_id, zones_of(muscle_id)):
        if not panel.main:
            assert panel.crop[1] == panel.view.view_box[1]


@pytest.mark.parametrize("muscle_id", ["latissimus-dorsi", "rhomboids", "serratus-posterior-superior"])
def test_a_back_muscle_is_drawn_with_its_head(muscle_id):
    panel = panels_of(muscle_id, zones_of(muscle_id))[0]
    assert panel.crop[1] == panel.view.view_box[1]


def test_pectoralis_minor_is_one_front_panel_with_the_arm():
    panels = panels_of("pectoralis-minor", zones_of("pectoralis-minor"))
    assert [p.view.view for p in panels] == ["front"]


@pytest.mark.parametrize("muscle_id", MUSCLES)
def test_thumbnails_are_framed_alike(muscle_id):
    svg = muscle_thumbnail_svg(muscle_id)
    _x, _y, w, h = (float(v) for v in re.search(r'viewBox="([^"]+)"', svg).group(1).split())
    assert w / h == pytest.approx(RATIO, abs=0.01)


def test_a_left_thumbnail_is_the_right_one_mirrored():
    assert "matrix(-1 0 0 1" in muscle_thumbnail_svg("trapezius", "left")
    assert "matrix(-1 0 0 1" not in muscle_thumbnail_svg("trapezius", "right")


def test_the_finder_shows_the_side_that_was_marked(client):
    page = client.get("/find/", {"region": "top-of-shoulder:left"}).content.decode()
    assert thumbnail_url("trapezius", "left").replace("&", "&amp;") in page
    page = client.get("/find/", {"region": "top-of-shoulder:right"}).content.decode()
    assert "side=left" not in page


def test_the_thumbnail_url_answers_left_mirrored(client):
    response = client.get(thumbnail_url("trapezius", "left"))
    assert response.status_code == 200 and b"matrix(-1 0 0 1" in response.content


# ---------------------------------------------------------------------------------------------- readable on a phone
PHONE = 358  # CSS px a drawing gets on a 390 px phone (the page's side margins taken off)
FIND_DRAWING = 256  # the session's close-up is at most 16rem wide


def smallest_text_px(svg: str, shown_width: float) -> float:
    """The smallest text in a drawing, in CSS px, when the drawing is shown `shown_width` px wide."""
    view_width = float(re.search(r'viewBox="[\d.-]+ [\d.-]+ ([\d.]+)', svg).group(1))
    sizes = [float(v) for v in re.findall(r"font-size:([\d.]+)px", svg)]
    sizes += [float(v) for v in re.findall(r'font-size="([\d.]+)"', svg)]
    return min(sizes) * min(shown_width, view_width) / view_width if sizes else 99.0


@pytest.mark.parametrize("muscle_id", MUSCLES)
def test_the_illustrations_labels_are_at_least_11_px_on_a_phone(muscle_id):
    from atlas.drawing.muscle import muscle_svg

    assert smallest_text_px(muscle_svg(muscle_id), PHONE) >= 11


@pytest.mark.parametrize("point_id", list(content().trigger_points))
def test_the_sessions_close_up_labels_are_at_least_11_px(point_id):
    from atlas.drawing.point import trigger_point_svg

    svg = trigger_point_svg(point_id)
    shown = min(FIND_DRAWING, float(re.search(r'width="([\d.]+)"', svg).group(1)))
    assert smallest_text_px(svg, shown) >= 11


def test_the_guides_drawings_are_readable_on_a_phone():
    from atlas.drawing.overview import key_areas_svg
    from atlas.drawing.posture import posture_svg

    assert smallest_text_px(key_areas_svg(), PHONE) >= 11
    assert smallest_text_px(posture_svg(), PHONE) >= 11


def test_the_body_maps_landmark_names_are_readable_on_a_phone():
    from atlas.drawing.palette import body_map_css

    size = float(re.search(r"\.landmark-label\{font:([\d.]+)px", body_map_css()).group(1))
    assert size * PHONE / 400 >= 11


@pytest.mark.parametrize("muscle_id", MUSCLES)
def test_the_illustrations_words_read_as_sentences(muscle_id):
    from atlas.drawing.description import muscle_description

    text = muscle_description(muscle_id)
    # a region's name is never forced after an article: "in the between the shoulder blades"
    assert not re.search(r"\b(the|your) (the|your|between|below|around)\b", text), text
    assert "  " not in text and ".." not in text
    for sentence in re.split(r"(?<=\.) ", text):
        assert sentence[:1].isupper() or sentence[:1].isdigit(), sentence


# ---------------------------------------------------------------------------------------------- one point's zones
def test_one_points_drawing_shades_only_its_zones(client):
    from atlas.links import drawing_url

    whole = client.get(drawing_url("levator-scapulae")).content.decode()
    one = client.get(drawing_url("trapezius", 3)).content.decode()
    assert "trigger point 3 and where it sends pain" in one
    assert one.count('class="tp dim"') == len(content().muscles["trapezius"].content.trigger_points) - 1
    assert 'class="tp dim"' not in whole


def test_one_points_drawing_keeps_the_whole_drawings_size():
    from atlas.drawing.muscle import muscle_svg

    size = re.compile(r'viewBox="([^"]+)"')
    assert size.search(muscle_svg("trapezius", 1)).group(1) == size.search(muscle_svg("trapezius")).group(1)


def test_one_points_zones_are_its_own():
    from atlas.drawing.layout import zones_of

    point = content().muscles["trapezius"].content.trigger_points[0]
    assert set(zones_of("trapezius", 1)) == set(point.referral.essential) | set(point.referral.spillover)


@pytest.mark.parametrize("point", ["0", "9", "two", "-1"])
def test_a_point_number_the_muscle_lacks_is_not_found(client, point):
    assert client.get("/atlas/trapezius.svg", {"point": point}).status_code == 404


def test_the_muscle_page_offers_each_points_pain(client):
    page = client.get("/atlas/trapezius/").content.decode()
    picker = page[page.index("data-zone-picker") : page.index("data-zone-image")]
    count = len(content().muscles["trapezius"].content.trigger_points)
    assert picker.count('class="zone-pick"') == count + 1
    assert "point=1" in picker and f"point={count}" in picker


def test_the_front_view_draws_no_face():
    view = geometry().views["front"]
    head = (165, 40, 235, 115)  # inside the head's outline, where eyes, nose and mouth would go
    for detail in view.details:
        inside = [p for p in path_points(detail) if head[0] < p[0] < head[2] and head[1] < p[1] < head[3]]
        assert not inside, f"a face line: {detail}"


def test_the_trapezius_is_a_kite_down_to_the_lower_thoracic_spine():
    view = geometry().views["back"]
    x0, y0, x1, y1 = bbox(path_points(view.muscles["trapezius"]))
    c7 = next(mark.point for mark in view.landmarks if mark.id == "c7")
    lowest_scapula = next(mark.point for mark in view.landmarks if mark.id == "inferior-angle-right")
    assert y0 < c7.y and y1 > lowest_scapula.y + 50  # from the skull to well below the shoulder blade
    assert x1 - x0 > 80  # out to the tip of the shoulder, not a strip beside the spine


# ---------------------------------------------------------------------------------------------- targets
@pytest.mark.parametrize("view_name", ["front", "back", "side"])
def test_every_place_on_the_map_can_be_hit_by_a_fingertip(view_name):
    from atlas.drawing.bodymap import MIN_TARGET, body_svg

    svg = body_svg(view_name, interactive=True)
    hits = dict(re.findall(r'data-hit="([^"]+)" stroke-width="([\d.]+)"', svg))
    view = geometry().views[view_name]
    for shape in view.regions:
        if content().regions[shape.id].view != view_name:
            continue
        key = f"{shape.id}:{shape.side}" if shape.side else shape.id
        x0, y0, x1, y1 = bbox(path_points(shape.path))
        smallest = min(x1 - x0, y1 - y0) + float(hits.get(key, 0))
        assert smallest >= MIN_TARGET - 0.01, f"{key} is {smallest:.1f} units across"
