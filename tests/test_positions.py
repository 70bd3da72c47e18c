"""Position pictures: a posed figure for every technique, the ball or hand on the spot, the way to lean,
mirrored for the left side, said in words, and shown on the muscle page and in the session."""

import dataclasses
import math
import re
import shutil

import pytest

from atlas.drawing.position import STAGES, ball_radius, placement, position_alt, position_svg
from atlas.links import position_url
from clinical.content import content
from clinical.geometry import DrawingError, geometry, load_geometry
from clinical.poses import Pose, Surface
from clinical.techniques import LEANS, POSES, PRESS, PRESS_IN, PRESS_THUMB

TECHNIQUES = [
    (muscle_id, index)
    for muscle_id, info in content().muscles.items()
    for index, _technique in enumerate(info.content.techniques)
]


def technique(muscle_id: str, index: int):
    return content().muscles[muscle_id].content.techniques[index]


def spot_of(muscle_id: str, index: int) -> tuple[str, float]:
    view, xy = geometry().trigger_point(technique(muscle_id, index).trigger_points[0])
    return view, xy.y


@pytest.mark.parametrize(("muscle_id", "index"), TECHNIQUES)
def test_every_technique_has_a_pose_of_its_own_position(muscle_id, index):
    pose = geometry().pose_of(muscle_id, index)
    assert pose.position == technique(muscle_id, index).position
    assert pose.id in POSES  # and words for it


@pytest.mark.parametrize(("muscle_id", "index"), TECHNIQUES)
def test_the_ball_or_hand_touches_the_skin(muscle_id, index):
    pose = geometry().pose_of(muscle_id, index)
    view, y = spot_of(muscle_id, index)
    place = placement(pose, technique(muscle_id, index).tool, view, y)
    gap = math.dist(place.skin, place.tool)
    off_the_skin = 4 if pose.surfaces[view].offset != (0, 0) else 0  # a hand pressing into the page rests on it
    expected = ball_radius(pose.units_per_cm) + 0.6 if technique(muscle_id, index).tool == "ball" else off_the_skin
    assert gap == pytest.approx(expected)


@pytest.mark.parametrize(("muscle_id", "index"), [t for t in TECHNIQUES if technique(*t).tool == "ball"])
def test_the_ball_meets_the_wall_or_floor_once_the_person_leans(muscle_id, index):
    pose = geometry().pose_of(muscle_id, index)
    view, y = spot_of(muscle_id, index)
    place = placement(pose, "ball", view, y)
    ux, uy = pose.surfaces[view].offset
    norm = math.hypot(ux, uy)
    far_edge = (place.tool[0] + place.shift[0]) * ux / norm + (place.tool[1] + place.shift[1]) * uy / norm
    far_edge += ball_radius(pose.units_per_cm)
    assert pose.contact is not None
    assert far_edge == pytest.approx(pose.contact * (ux + uy) / norm)


@pytest.mark.parametrize(("muscle_id", "index"), [t for t in TECHNIQUES if technique(*t).tool != "ball"])
def test_the_working_arm_keeps_its_length(muscle_id, index):
    pose = geometry().pose_of(muscle_id, index)
    view, y = spot_of(muscle_id, index)
    place = placement(pose, technique(muscle_id, index).tool, view, y)
    assert pose.reach is not None and place.elbow is not None
    assert math.dist(pose.reach.shoulder, place.elbow) == pytest.approx(pose.reach.upper)
    assert math.dist(place.elbow, place.tool) <= pose.reach.fore + 0.01


def test_a_surface_interpolates_between_anchors_and_holds_at_the_ends():
    surface = Surface(anchors=[(100, 10, 20), (200, 30, 60)])
    assert surface.at(150) == (20, 40)
    assert surface.at(50) == (10, 20)
    assert surface.at(400) == (30, 60)


def test_a_higher_spot_sits_higher_on_the_figure():
    pose = geometry().poses["wall-back"]
    high = placement(pose, "ball", "back", 120)
    low = placement(pose, "ball", "back", 240)
    assert high.tool[1] < low.tool[1]


@pytest.mark.parametrize(("muscle_id", "index"), TECHNIQUES)
def test_the_picture_says_position_placement_and_direction(muscle_id, index):
    pose = geometry().pose_of(muscle_id, index)
    words = position_alt(muscle_id, index, "left")
    assert str(POSES[pose.id]) in words
    assert "your left side" in words
    first = technique(muscle_id, index).trigger_points[0]
    name = next(p.name for p in content().muscles[muscle_id].content.trigger_points if p.id == first)
    assert name[1:] in words
    tool = technique(muscle_id, index).tool
    view, _y = spot_of(muscle_id, index)
    pressed_in = (pose.surfaces[view].lean or pose.lean) == (0, 0) and tool == "fingers"
    thumb = technique(muscle_id, index).pressed_with == "thumb"
    expected = LEANS[pose.id] if tool == "ball" else PRESS_IN if pressed_in else PRESS_THUMB if thumb else PRESS[tool]
    assert str(expected) in words
    assert "None" not in words and "  " not in words


@pytest.mark.parametrize(("muscle_id", "index"), TECHNIQUES)
def test_the_picture_is_an_image_with_its_words(muscle_id, index):
    svg = position_svg(muscle_id, index)
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert 'class="ball"' in svg or 'class="tip"' in svg
    assert "<script" not in svg


def test_the_left_side_is_the_right_side_mirrored():
    right = position_svg("levator-scapulae", 0, "right")
    left = position_svg("levator-scapulae", 0, "left")
    assert "matrix(-1 0 0 1" not in right
    assert left.count("matrix(-1 0 0 1") == 2  # the figure and the close-up
    assert "your left side" in left and "your right side" in right


def test_the_stages_add_the_ball_then_the_arrow():
    position, place, lean = (position_svg("levator-scapulae", 0, "right", stage) for stage in STAGES)
    assert 'class="ball"' not in position and 'class="ar"' not in position
    assert 'class="ball"' in place and 'class="ar"' not in place
    assert 'class="ball"' in lean and 'class="ar"' in lean


def test_a_pinch_shows_the_squeeze_in_the_close_up():
    index = next(i for m, i in TECHNIQUES if m == "trapezius" and technique(m, i).tool == "pincer")
    svg = position_svg("trapezius", index)
    assert svg.count('class="tip"') == 2  # the hand on the figure and the fingers in the close-up
    assert svg.count('class="thumb"') == 1  # the thumb, darker, on the other edge
    assert svg.count('class="ah"') == 3  # squeezing from both sides, and the head tilting towards that shoulder
    assert svg.count('data-hold="tilt"') == 1


def test_the_picture_is_served_and_kept_under_its_versioned_url(client):
    response = client.get(position_url("trapezius", 0, "left"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "immutable" in response["Cache-Control"]
    assert b"your left side" in response.content


@pytest.mark.parametrize("url", ["/atlas/trapezius/how-0.svg", "/atlas/trapezius/how-9.svg", "/atlas/nope/how-1.svg"])
def test_a_technique_that_does_not_exist_is_not_found(client, url):
    assert client.get(url).status_code == 404


def test_an_unknown_stage_is_not_found(client):
    assert client.get("/atlas/trapezius/how-1.svg?stage=dance").status_code == 404


def test_the_muscle_page_shows_a_picture_for_every_technique(client):
    page = client.get("/atlas/rhomboids/").content.decode()
    pictures = re.findall(r'<figure class="position">\s*<img src="([^"]+)" alt="([^"]+)"', page)
    assert len(pictures) == len(content().muscles["rhomboids"].content.techniques)
    assert all("Lying on your back" in alt or "back to a wall" in alt for _url, alt in pictures)


def test_the_session_shows_the_picture_for_the_side_being_worked(client):
    from django.utils import timezone

    from care.player import step_data
    from care.routines import StepPlan

    step = step_data(0, StepPlan("levator-scapulae", "left", 60), {}, timezone.now())
    assert "side=left" in step["picture"] and "how-1.svg" in step["picture"]
    assert "your left side" in step["picture_alt"]


# ---------------------------------------------------------------------------------------------- the checks
@pytest.fixture
def body(tmp_path, settings):
    target = tmp_path / "body"
    shutil.copytree(settings.CONTENT_DIR / "body", target)
    return target


def test_a_technique_naming_a_pose_that_is_not_drawn_is_refused(body):
    data = content()
    muscle = data.muscles["latissimus-dorsi"]
    changed = muscle.content.techniques[0].model_copy(update={"pose": "handstand"})
    techniques = [changed, *muscle.content.techniques[1:]]
    patched = dataclasses.replace(muscle, content=muscle.content.model_copy(update={"techniques": techniques}))
    data = dataclasses.replace(data, muscles={**data.muscles, "latissimus-dorsi": patched})
    with pytest.raises(DrawingError, match="handstand"):
        load_geometry(body, data)


def test_anchors_that_go_up_the_body_are_refused(body):
    path = body / "poses.toml"
    text = path.read_text()
    path.write_text(text.replace("anchors = [[103, 59, 42], [162, 61, 62]", "anchors = [[162, 59, 42], [103, 61, 62]"))
    with pytest.raises(DrawingError, match="top first"):
        load_geometry(body)


def test_a_pose_for_fingers_needs_a_reaching_arm(body):
    path = body / "poses.toml"
    text = path.read_text()
    path.write_text(re.sub(r"reach = \{[^}]*\}\n", "", text))
    with pytest.raises(DrawingError, match="reaching arm"):
        load_geometry(body)


def test_a_pose_is_a_pose_of_known_parts(body):
    path = body / "poses.toml"
    path.write_text(path.read_text().replace('position = "floor"', 'position = "trampoline"'))
    with pytest.raises(DrawingError, match="position"):
        load_geometry(body)


def test_the_reach_bends_the_elbow_to_the_side_asked():
    pose: Pose = geometry().poses["seated"]
    hand = (pose.reach.shoulder[0] + 10, pose.reach.shoulder[1] - 40)
    one, other = pose.elbow(hand, 1), pose.elbow(hand, -1)
    assert one != other


def test_a_handout_topic_without_a_video_shows_its_pictures_step_by_step(client):
    page = client.get("/atlas/levator-scapulae/").content.decode()
    assert "Step by step: Trapezius and levator scapulae" in page
    panel = page[page.index('<details class="sequence">') : page.index("</details>")]
    # both muscles of the topic, each in three steps: position, the ball or hand on the spot, the lean
    assert panel.count("<img") == 6
    assert "stage=position" in panel and "stage=place" in panel
    assert "gently back into the wall" in panel
    # the trapezius pinch: seen from behind, the head tilted as its words hold it
    assert (
        "Sitting upright on a stool, seen from behind. The head tilts a little towards the shoulder you work." in panel
    )


def test_a_muscle_without_a_handout_topic_has_no_sequence(client):
    assert '<details class="sequence">' not in client.get("/atlas/rhomboids/").content.decode()


def test_a_linked_video_replaces_the_sequence():
    from atlas.views import muscle_page

    info = content().muscles["scalenes"]
    assert [s["topic"] for s in muscle_page("scalenes")["sequences"]] == [str(v.topic) for v in info.content.videos]
    linked = [type(v)(topic=v.topic, url="https://video.example/scalenes") for v in info.content.videos]
    patched = dataclasses.replace(info, content=info.content.model_copy(update={"videos": linked}))
    from unittest import mock

    data = dataclasses.replace(content(), muscles={**content().muscles, "scalenes": patched})
    with mock.patch("atlas.views.content", return_value=data):
        assert muscle_page("scalenes")["sequences"] == []
