"""The third clinical review's content fixes stay fixed: zones, the wrist region, LI17's distance, the breast
caution and the sources of weight behind the SCM and scalene instructions."""

import json

from django.conf import settings

from clinical.content import content
from clinical.geometry import geometry
from clinical.paths import path_points, point_in_path
from clinical.regions import LABELS, PHRASES


def point(point_id: str):
    return next(tp for m in content().muscles.values() for tp in m.content.trigger_points if tp.id == point_id)


def test_the_lower_trapezius_sends_only_spillover_to_the_back_of_the_skull():
    referral = point("trapezius-lower").referral
    assert "occiput" in referral.spillover and "occiput" not in referral.essential


def test_the_wrist_comes_after_the_shared_ids_and_is_drawn_on_both_sides_of_its_view():
    vocabulary = json.loads((settings.CONTENT_DIR / "vocabulary.json").read_text())
    assert vocabulary["regions"][-1] == {"id": "wrist", "view": "front", "label": "Wrist, front or back"}
    front = geometry().views["front"]
    for side in ("left", "right"):
        [shape] = front.shapes("wrist", side)
        assert all(point_in_path(x, y, front.outline) for x, y in path_points(shape.path))
    assert str(LABELS["wrist"]) == "Wrist" and str(PHRASES["wrist"]) == "your wrist"
    assert "wrist" in point("subscapularis-armpit").referral.spillover


def test_li17_says_how_far_it_is_from_the_scalene_spot():
    [link] = point("scalenes-front").acupoints
    assert link.code == "LI17" and link.distance and "collarbone" in link.distance


def test_a_new_breast_change_goes_to_a_doctor_beside_the_costal_point():
    cautions = [c for c in content().muscles["pectoralis-major"].content.cautions if "nipple" in c.text]
    assert cautions and "seen by a doctor" in cautions[0].text
    assert "macmillan-ng12-breast" in cautions[0].sources and "namtpt-pectoralis-major" in cautions[0].sources


def test_the_temporalis_middle_point_refers_to_the_temple_and_upper_teeth():
    middle = point("temporalis-middle")
    assert middle.referral.essential == ["temple", "cheek-jaw"] and "cheek" in middle.find.text.lower()


def test_scm_and_scalene_finding_and_placement_rest_on_sources_of_weight():
    sources = content().sources
    for muscle_id in ("sternocleidomastoid", "scalenes"):
        muscle = content().muscles[muscle_id].content
        claims = [tp.find for tp in muscle.trigger_points] + [t.placement for t in muscle.techniques]
        for claim in claims:
            weighty = [key for key in claim.sources if sources[key].kind != "lay"]
            assert weighty and claim.sources[0] in weighty, (muscle_id, claim.text[:40])
        for tp in muscle.trigger_points:
            assert all(sources[key].kind != "lay" for key in tp.find.sources), tp.id


def test_teres_minor_names_tingling_in_the_ring_and_little_fingers_as_its_own_zone(client):
    referral = content().muscles["teres-minor"].content.trigger_points[0].referral
    assert referral.tingling == ["hand-ring-little"] and "hand-ring-little" not in referral.spillover
    page = client.get("/atlas/teres-minor/").content.decode()
    assert "May bring tingling or numbness to:" in page
