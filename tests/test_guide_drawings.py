"""The guide's illustrations: the handout's key areas numbered on the body, and the posture pattern."""

import re

from django.urls import reverse

from atlas.drawing.overview import key_areas_svg, markers
from atlas.drawing.posture import WORDS, posture_svg
from clinical.content import content
from clinical.geometry import geometry


def test_every_key_area_muscle_has_its_number_on_the_body():
    drawn = {m["muscle"].id: m["rank"] for view in ("front", "back", "side") for m in markers(view)}
    expected = {info.id: rank for rank, group in content().key_areas() for info in group}
    assert drawn == expected


def test_front_back_and_side_are_all_drawn():
    assert all(markers(view) for view in ("front", "back", "side"))


def test_each_number_links_to_its_muscle_and_says_which():
    svg = key_areas_svg()
    links = re.findall(r'<a href="([^"]+)" aria-label="([^"]+)"', svg)
    assert len(links) == sum(len(group) for _rank, group in content().key_areas())
    assert ("/atlas/trapezius/", "Area 1: Trapezius") in links
    assert any(label.startswith("Bonus: Pectoralis") for _url, label in links)


def test_numbers_never_sit_on_each_other():
    svg = key_areas_svg()
    for view in re.findall(r"<svg viewBox.*?</svg>", svg):
        circles = [
            (float(x), float(y)) for x, y in re.findall(r'<a [^>]*><circle cx="([\d.]+)" cy="([\d.]+)" r="30"', view)
        ]
        for i, a in enumerate(circles):
            for b in circles[i + 1 :]:
                assert abs(a[0] - b[0]) > 60 or abs(a[1] - b[1]) >= 60


def test_the_guide_shows_the_key_areas_and_the_posture(client):
    page = client.get(reverse("guide:home")).content.decode()
    assert 'class="key-areas-drawing"' in page
    assert reverse("atlas:posture_drawing") in page
    assert "<style" not in page  # inline, so styled by attributes only (the page's CSP has no inline styles)


def test_the_posture_drawing_marks_the_chest_tight_and_the_back_stretched():
    svg = posture_svg()
    for word in ("chest-tight", "back-stretched", "head-forward"):
        assert str(WORDS[word]) in svg
    assert 'class="tight"' in svg and 'class="stretched"' in svg
    assert 'role="img"' in svg and "aria-label=" in svg


def test_the_posture_drawing_is_served_as_an_image(client):
    response = client.get(reverse("atlas:posture_drawing"))
    assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")


def test_there_are_two_figures_upright_and_forward():
    assert [figure.id for figure in geometry().posture] == ["upright", "forward"]
