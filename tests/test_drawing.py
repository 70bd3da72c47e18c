"""The body drawing: every region has a shape, every trigger point a place inside its muscle, and the SVG renders."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from atlas.drawing.bodymap import body_svg, region_key
from atlas.drawing.muscle import muscle_svg
from clinical.content import content
from clinical.geometry import VIEWS, DrawingError, geometry, load_geometry
from clinical.paths import parse_path, point_in_path

MUSCLES = list(content().muscles)
TRIGGER_POINTS = [(m.id, p) for m in content().muscles.values() for p in m.content.trigger_points]


def sides(region) -> list[str | None]:
    return ["left", "right"] if region.sided else [None]


@pytest.mark.parametrize("region", content().regions.values(), ids=lambda r: r.id)
def test_every_region_has_a_shape_on_its_view_for_each_side(region):
    view = geometry().views[region.view]
    for side in sides(region):
        assert [s for s in view.regions if s.id == region.id and s.side == side], (region.id, side)


def test_no_region_shape_is_orphaned():
    regions = content().regions
    for view in geometry().views.values():
        for shape in view.regions:
            assert shape.id in regions, (view.view, shape.id)
            assert (shape.side is None) == (not regions[shape.id].sided), (view.view, shape.id)


def test_muscle_outlines_are_muscles_of_the_vocabulary():
    for view in geometry().views.values():
        assert set(view.muscles) <= set(content().muscles), view.view


@pytest.mark.parametrize(("muscle_id", "point"), TRIGGER_POINTS, ids=lambda v: getattr(v, "id", v))
def test_every_trigger_point_lies_inside_its_muscle_on_its_view(muscle_id, point):
    view = geometry().views[point.view]
    assert point.id in view.trigger_points, f"{point.id} has no coordinate on the {point.view} view"
    xy = view.trigger_points[point.id]
    assert muscle_id in view.muscles, f"{muscle_id} has no outline on the {point.view} view"
    assert point_in_path(xy.x, xy.y, view.muscles[muscle_id])
    # inside the body, too
    assert point_in_path(xy.x, xy.y, view.outline)
    for link in point.acupoints:
        assert link.code in view.acupoints, f"{link.code} has no coordinate on the {point.view} view"


def test_trigger_points_are_on_the_persons_right():
    """Muscles are drawn once, on the right: the viewer's right from the back, the viewer's left from the front."""
    for view in geometry().views.values():
        for point_id, xy in view.trigger_points.items():
            assert (xy.x > 200) == (view.view in ("back", "side")), (view.view, point_id)


def test_point_in_path_samples_curves():
    square = "M 0 0 L 10 0 L 10 10 L 0 10 Z"
    assert point_in_path(5, 5, square) and not point_in_path(15, 5, square)
    bulge = "M 0 0 L 10 0 Q 20 5 10 10 L 0 10 Z"  # the curve bulges out to x = 15
    assert point_in_path(13, 5, bulge) and not point_in_path(16, 5, bulge)
    assert len(parse_path("M 0 0 C 1 1 2 2 3 3 M 5 5 L 6 6")) == 2


@pytest.mark.parametrize("bad", ["M 0 0 l 5 5", "M 0 0 A 1 1 0 0 1 5 5", "L 5 5", "M 0 0 C 1 1 2 2", "M 0 0 H 5"])
def test_only_simple_absolute_paths_are_allowed(bad):
    with pytest.raises(ValueError):
        parse_path(bad)


def test_a_bad_geometry_file_is_named(tmp_path: Path):
    source = Path(settings.CONTENT_DIR) / "body"
    for name in VIEWS:
        (tmp_path / f"{name}.toml").write_text((source / f"{name}.toml").read_text())
    back = tmp_path / "back.toml"
    back.write_text(back.read_text().replace("trapezius-upper = { x = 244", "trapezius-upper = { x = 150"))
    with pytest.raises(DrawingError, match=r"back\.toml: trigger_points\.trapezius-upper: .* outside"):
        load_geometry(tmp_path)
    back.write_text((source / "back.toml").read_text().replace('id = "occiput"', 'id = "nape"', 1))
    with pytest.raises(DrawingError, match=r"back\.toml: regions\[\d+\] \(nape\): not a region"):
        load_geometry(tmp_path)


@pytest.mark.parametrize("muscle_id", MUSCLES)
def test_every_muscle_has_an_illustration(muscle_id):
    svg = muscle_svg(muscle_id)
    info = content().muscles[muscle_id]
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert re.search(r"<title[^>]*>[^<]*" + re.escape(info.label), svg)
    assert "<desc" in svg
    drawing_part = svg[: svg.index('<g class="legend">')]
    numbers = re.findall(r'<text class="tn" x="[\d.]+" y="[\d.]+">(\d+)</text>', drawing_part)
    assert numbers == [str(n) for n in range(1, len(info.content.trigger_points) + 1)]
    for point in info.content.trigger_points:
        for link in point.acupoints:
            assert f">{link.code}</text>" in svg
    assert 'id="hatch"' in svg
    assert len(svg.encode()) < 15_000


def test_illustration_tells_essential_from_spillover_by_pattern():
    svg = muscle_svg("trapezius")
    assert 'class="ze"' in svg and 'class="zs"' in svg
    assert "fill:url(#hatch)" in svg


def test_illustration_shows_zones_of_other_views():
    """The trapezius is worked from the back but sends pain to the temple, which only the side view shows."""
    svg = muscle_svg("trapezius")
    temple = geometry().views["side"].shapes("temple", "right")[0].path
    assert temple in svg


@pytest.mark.parametrize("view", VIEWS)
def test_body_map_offers_one_focusable_region_per_side(view):
    svg = body_svg(view, interactive=True)
    expected = {
        region_key(region.id, side)
        for region in content().regions.values()
        if region.view == view
        for side in sides(region)
    }
    found = re.findall(r'<path class="region" data-region="([^"]+)" tabindex="0" role="checkbox"', svg)
    assert sorted(found) == sorted(expected)
    labels = re.findall(r'aria-label="([^"]+)"', svg)
    assert len(labels) == len(expected) + 1  # and the group's own name
    assert "style=" not in svg and "<style" not in svg and "<script" not in svg
    assert len(svg.encode()) < 20_000


def test_body_map_marks_the_selection():
    svg = body_svg("side", marked=frozenset({"temple:left"}), interactive=True)
    assert re.search(r'class="region is-marked" data-region="temple:left"[^>]*aria-checked="true"', svg)
    assert svg.count("is-marked") == 1
    assert 'aria-label="Temple, left"' in svg


def test_body_view_as_an_image_has_a_title_and_no_inline_style():
    svg = body_svg("back", labels=True)
    assert "<title>" in svg and 'role="img"' in svg
    assert "tabindex" not in svg and "style=" not in svg
    assert "C7" in svg


def test_text_is_escaped():
    assert "&#x27;" in body_svg("front", labels=True)  # Adam's apple
    with pytest.raises(ValueError):
        body_svg("top")


@pytest.mark.parametrize("point_id", list(content().trigger_points))
def test_every_trigger_point_has_a_close_up_with_the_spot_ringed(point_id):
    from atlas.drawing.point import trigger_point_svg

    for side in ("right", "left"):
        svg = trigger_point_svg(point_id, side)
        assert svg.count('class="spot"') == 1 and "<title" in svg
        assert len(svg) < 15_000
    assert "matrix(-1 0 0 1" in trigger_point_svg(point_id, "left")


def test_content_check_refuses_a_trigger_point_outside_its_muscle(tmp_path: Path):
    import shutil

    from django.core.management import call_command
    from django.core.management.base import CommandError

    draft = tmp_path / "content"
    shutil.copytree(settings.CONTENT_DIR, draft)
    back = draft / "body" / "back.toml"
    back.write_text(back.read_text().replace("trapezius-upper = { x = 244", "trapezius-upper = { x = 150"))
    with pytest.raises(CommandError, match=r"trapezius-upper: .* outside"):
        call_command("content", "check", "--dir", str(draft))


def test_drawings_are_kept_per_language_and_their_words_are_translatable():
    from django.utils import translation

    from atlas.drawing import point

    point._trigger_point_svg.cache_clear()
    for language in ("en", "fr"):
        with translation.override(language):
            point.trigger_point_svg("trapezius-upper")
    assert point._trigger_point_svg.cache_info().misses == 2
    catalogue = (Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text()
    for words in ("Usual pain", "Body seen from the back", "Trigger point %(number)d, %(point)s"):
        assert f'"{words}' in catalogue  # a long msgid starts on the line after msgid ""


def test_the_drawing_colours_are_defined_once(client):
    from atlas.drawing.palette import PALETTE

    css = (Path(settings.BASE_DIR) / "static" / "css" / "site.css").read_text().lower()
    assert not [colour for colour in set(PALETTE.values()) if colour in css]  # none repeated in the site's CSS
    served = client.get("/atlas/drawing.css").content.decode()
    assert PALETTE["pain"] in served and PALETTE["skin"] in served
    assert PALETTE["pain"] in muscle_svg("trapezius")


def test_every_landmark_name_is_listed_for_translation():
    from clinical.landmarks import LANDMARK_WORDS

    for view in geometry().views.values():
        for mark in view.landmarks:
            assert mark.label in LANDMARK_WORDS, mark.label
            assert mark.short is None or mark.short in LANDMARK_WORDS, mark.short


def test_words_marked_with_the_lazy_alias_are_in_the_catalogue():
    # modules using both gettext and gettext_lazy import the lazy one as _lazy; makemessages must collect it too
    catalogue = (Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text()
    assert 'msgid "Left hand"' in catalogue
