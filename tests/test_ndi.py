"""The Neck Disability Index: its words against LOINC's (tests/data/ndi-loinc.toml), and its scoring: bands at
their edges, left-out items, and a meaningful change."""

import tomllib
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path

import pytest
from django.utils import translation

from clinical import ndi


def answers_totalling(total: int, items: tuple[str, ...] = ndi.ITEM_IDS) -> dict[str, int]:
    """Answers over the given items that add up to `total` (fives first)."""
    result = {}
    for item_id in items:
        result[item_id] = min(5, total)
        total -= result[item_id]
    assert total == 0
    return result


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "none"),
        (4, "none"),
        (5, "mild"),
        (14, "mild"),
        (15, "moderate"),
        (24, "moderate"),
        (25, "severe"),
        (34, "severe"),
        (35, "complete"),
        (50, "complete"),
    ],
)
def test_each_band_starts_and_ends_where_published(total, band):
    result = ndi.score(answers_totalling(total))
    assert result.total == total
    assert result.band == band


def test_all_ten_answered_scores_their_sum():
    result = ndi.score(answers_totalling(23))
    assert (result.total, result.answered, result.missing, result.shown, result.percent) == (23, 10, (), "23", 46)


def test_one_item_left_out_is_scaled_to_fifty():
    answers = answers_totalling(18, ndi.ITEM_IDS[:9])  # the tenth item left out
    result = ndi.score(answers)
    assert result.total == Fraction(18 * 50, 45)
    assert result.missing == ("recreation",)
    assert result.shown == "20"


def test_scaling_can_move_a_score_across_a_band_edge():
    # 13 of 45 scales to 14.4 (mild); 14 of 45 to 15.6 (moderate)
    assert ndi.score(answers_totalling(13, ndi.ITEM_IDS[:9])).band == "mild"
    moved = ndi.score(answers_totalling(14, ndi.ITEM_IDS[:9]))
    assert (moved.band, moved.shown) == ("moderate", "15.6")


def test_an_answer_of_none_counts_as_left_out():
    answers = {**answers_totalling(10), "driving": None}
    assert ndi.score(answers).missing == ("driving",)


def test_two_items_left_out_gives_no_score_and_names_them():
    answers = {k: v for k, v in answers_totalling(10).items() if k not in {"driving", "work"}}
    result = ndi.score(answers)
    assert result.total is None and result.band is None and result.shown == ""
    assert result.missing == ("work", "driving")
    assert [str(h) for h in result.missing_headings] == ["Work", "Driving"]


def test_nothing_answered_gives_no_score():
    assert ndi.score({}).missing == ndi.ITEM_IDS


@pytest.mark.parametrize("bad", [6, -1, "3", 2.5])
def test_an_answer_out_of_range_is_refused(bad):
    with pytest.raises(ValueError, match="pain-intensity"):
        ndi.score({**answers_totalling(0), "pain-intensity": bad})


def test_unknown_items_are_ignored():
    assert ndi.score({**answers_totalling(7), "shoe-size": 9}).total == 7


def test_a_change_of_exactly_the_threshold_is_meaningful():
    change = ndi.change(ndi.score(answers_totalling(30)), ndi.score(answers_totalling(30 - ndi.MEANINGFUL_CHANGE)))
    assert change is not None and change.meaningful and change.better
    assert change.shown == str(ndi.MEANINGFUL_CHANGE)


def test_a_change_just_under_the_threshold_is_not():
    change = ndi.change(ndi.score(answers_totalling(30)), ndi.score(answers_totalling(31 - ndi.MEANINGFUL_CHANGE)))
    assert change is not None and not change.meaningful


def test_a_scaled_change_just_under_the_threshold_is_not():
    # 27 of 50 against 15 of 45 (16.7 of 50): 10.3 lower, meaningful; 17 of 45 is 18.9: 8.1, not
    start = ndi.score(answers_totalling(27))
    assert ndi.change(start, ndi.score(answers_totalling(15, ndi.ITEM_IDS[:9]))).meaningful
    assert not ndi.change(start, ndi.score(answers_totalling(17, ndi.ITEM_IDS[:9]))).meaningful


def test_getting_worse_by_the_threshold_is_meaningful_too():
    change = ndi.change(ndi.score(answers_totalling(10)), ndi.score(answers_totalling(10 + ndi.MEANINGFUL_CHANGE)))
    assert change.meaningful and not change.better


def test_no_change_is_measured_against_an_unscored_questionnaire():
    assert ndi.change(ndi.score({}), ndi.score(answers_totalling(10))) is None


def test_the_threshold_is_the_cautious_published_value():
    assert ndi.MEANINGFUL_CHANGE == 10  # Young et al. 2009: use the 10-point MDC; Cleland et al. 2008: 9.5


def test_due_at_the_start_and_every_two_weeks():
    now = datetime(2026, 11, 29, 9, tzinfo=UTC)
    assert ndi.is_due(None, now)
    assert not ndi.is_due(now - timedelta(days=13, hours=23), now)
    assert ndi.is_due(now - timedelta(days=14), now)


def test_every_item_has_six_statements_and_a_stable_id():
    assert ndi.ITEM_IDS == (
        "pain-intensity",
        "personal-care",
        "lifting",
        "reading",
        "headaches",
        "concentration",
        "work",
        "driving",
        "sleeping",
        "recreation",
    )
    assert all(len(item.options) == 6 for item in ndi.ITEMS)


REFERENCE = tomllib.loads((Path(__file__).parent / "data" / "ndi-loinc.toml").read_text())


def test_the_reference_copy_names_its_source_version_and_date():
    header = (Path(__file__).parent / "data" / "ndi-loinc.toml").read_text().split("\n\n")[0]
    assert "82226-2" in header and "LOINC version" in header and "Read on 2026-12-06" in header
    assert REFERENCE["panel"] == "82226-2" and REFERENCE["loinc_version"] and REFERENCE["read_on"]


def test_the_reference_copy_holds_ten_items_of_six_statements_scored_in_order():
    assert [item["id"] for item in REFERENCE["items"]] == list(ndi.ITEM_IDS)
    for item in REFERENCE["items"]:
        assert [answer["score"] for answer in item["answers"]] == [0, 1, 2, 3, 4, 5], item["id"]
    codes = [answer["code"] for item in REFERENCE["items"] for answer in item["answers"]]
    assert len(codes) == len(set(codes)) == 60


@pytest.mark.parametrize("reference", REFERENCE["items"], ids=lambda item: item["id"])
def test_every_heading_statement_and_code_is_the_reference_copys(reference):
    with translation.override("en"):
        item = ndi.BY_ID[reference["id"]]
        assert item.loinc == reference["code"]
        assert str(item.heading) == reference["text"]
        assert item.answer_codes == tuple(answer["code"] for answer in reference["answers"])
        for score, answer in enumerate(reference["answers"]):
            assert str(item.options[score]) == answer.get("shown", answer["text"]), (item.id, score)


def test_only_the_one_slip_in_the_copy_is_shown_in_other_words():
    changed = [(a["code"], a["text"], a["shown"]) for i in REFERENCE["items"] for a in i["answers"] if "shown" in a]
    assert changed == [
        (
            "LA25907-9",
            "I can't do any recreation activities due at all.",
            "I can't do any recreation activities at all.",
        )
    ]


def test_reading_keeps_its_order_from_mild_to_none():
    reading = [str(text) for text in ndi.BY_ID["reading"].options]
    assert reading[3] == "I can't read as much as I want because of moderate pain in my neck."
    assert reading[4] == "I can hardly read at all because of severe pain in my neck."


def test_complete_disability_keeps_its_published_name_with_a_plain_sentence_beside_it():
    top = ndi.score(answers_totalling(40))
    assert str(top.band_label) == "Complete disability"
    assert "not a diagnosis" in str(top.band_note) and "doctor or physiotherapist" in str(top.band_note)
    assert ndi.score(answers_totalling(20)).band_note is None and ndi.score({}).band_note is None
