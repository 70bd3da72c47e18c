"""The finder's ranking: which muscles' trigger points send pain where a person marks it."""

import tomllib
from pathlib import Path

import pytest

from atlas.finder import Mark, UnknownRegion, parse_marks, rank
from clinical.content import content

PRESENTATIONS = tomllib.loads((Path(__file__).parent / "data" / "presentations.toml").read_text())["presentation"]


def ids(results) -> list[str]:
    return [result.muscle.id for result in results]


@pytest.mark.parametrize("case", PRESENTATIONS, ids=[case["id"] for case in PRESENTATIONS])
def test_published_presentations_put_a_named_muscle_in_the_top_three(case):
    """Expected muscles come from location-organised symptom guides, not from the content files."""
    top = ids(rank(case["regions"]))[:3]
    assert set(case["expected"]) & set(top), f"{case['note']} -> got {top}"


def test_there_are_at_least_thirty_cited_presentations():
    assert len(PRESENTATIONS) >= 30
    for case in PRESENTATIONS:
        assert case["source"] in content().sources
        assert set(case["regions"]) <= set(content().regions)
        assert set(case["expected"]) <= set(content().muscles)


def test_essential_zones_weigh_more_than_spillover():
    results = rank(["occiput"])
    essential = [r for r in results if r.essential]
    spillover = [r for r in results if not r.essential]
    assert essential and spillover
    assert max(r.score for r in spillover) < min(r.score for r in essential)
    assert ids(results).index(essential[-1].muscle.id) < ids(results).index(spillover[0].muscle.id)


def test_a_muscle_explaining_more_marks_ranks_higher():
    results = rank(["temple", "side-of-neck"])
    assert results[0].muscle.id == "trapezius"
    assert results[0].explained == 2
    assert all(r.explained <= 2 for r in results)


def test_ties_go_to_the_handouts_order():
    results = rank(["between-shoulder-blades"])
    tied = [r for r in results if r.score == results[0].score]
    ranks = [(r.muscle.seed_rank or 99, r.muscle.order) for r in tied]
    assert ranks == sorted(ranks)


def test_each_result_says_why_in_plain_words():
    result = rank(["temple:left", "side-of-neck:left"])[0]
    assert result.reasons[0] == "Often refers pain to your temple and the side of your neck."
    assert "left side" in result.reasons[-1]


def test_each_result_names_the_trigger_point_to_try_first():
    result = next(r for r in rank(["between-shoulder-blades"]) if r.muscle.id == "trapezius")
    assert result.trigger_point.id == "trapezius-middle"


def test_the_side_to_work_follows_the_marks():
    assert rank(["temple:right"])[0].side == "right"
    assert rank(["temple:left", "temple:right"])[0].side == "both"
    assert rank(["temple"])[0].side is None


def test_nothing_refers_there_gives_no_results():
    assert rank([]) == []


def test_marks_are_parsed_with_optional_sides():
    assert parse_marks(["temple:left", "vertex", "temple:left"]) == [Mark("temple", "left"), Mark("vertex")]


@pytest.mark.parametrize("bad", ["tempel", "temple:middle", "vertex:left", "temple:", ":left"])
def test_unknown_regions_and_sides_are_refused_with_the_valid_ones(bad):
    if bad == "temple:":
        assert parse_marks([bad]) == [Mark("temple")]
        return
    with pytest.raises(UnknownRegion) as error:
        parse_marks([bad])
    assert error.value.marks == [bad]
    assert "temple:left" in error.value.valid and "vertex" in error.value.valid


def test_a_muscle_whose_points_add_up_counts_other_points_at_half():
    """SCM's sternal point covers the skull and eye; its clavicular point's forehead counts half."""
    results = {result.muscle.id: result for result in rank(["occiput", "around-eye", "forehead"])}
    scm = results["sternocleidomastoid"]
    assert scm.trigger_point.id == "sternocleidomastoid-sternal"
    assert scm.score == 10 * (2 + 2) + 10 * 2 // 2


def test_the_trigger_point_offered_is_the_one_whose_own_zones_fit_best():
    result = next(r for r in rank(["side-of-neck", "temple"]) if r.muscle.id == "trapezius")
    assert result.trigger_point.id == "trapezius-upper"


def test_the_place_that_hurts_most_counts_twice():
    """Ear pain above all points to the SCM's clavicular head rather than the upper trapezius."""
    marks = parse_marks(["side-of-neck", "ear"])
    assert ids(rank(marks))[0] == "trapezius"
    first = rank(marks, most=Mark("ear"))[0]
    assert first.muscle.id == "sternocleidomastoid"
    assert first.trigger_point.id == "sternocleidomastoid-clavicular"
