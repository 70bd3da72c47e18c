"""The neck questionnaire (NDI) in the pages: filling it in, its scores over time, bad input changing nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from care import questionnaire, submissions
from care.door import as_themselves
from care.models import NeckQuestionnaire
from clinical import ndi


@pytest.fixture
def signed_in(client, patient):
    client.force_login(patient)
    return client


def filled(**changes):
    data = {"form_key": submissions.new_key(), **{item_id: "2" for item_id in ndi.ITEM_IDS}}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_a_filled_in_questionnaire_is_saved_and_scored(signed_in, patient):
    response = signed_in.post("/questionnaire/new/", filled())
    assert response.status_code == 302 and response.url == "/questionnaire/"
    saved = NeckQuestionnaire.objects.get(owner=patient)
    assert saved.answers == {item_id: 2 for item_id in ndi.ITEM_IDS}
    page = signed_in.get("/questionnaire/").content.decode()
    assert "Moderate disability" in page and "<td>20</td>" in page


def test_the_form_shows_every_item_in_the_instruments_words(signed_in):
    page = signed_in.get("/questionnaire/new/").content.decode()
    for item in ndi.ITEMS:
        assert str(item.heading) in page.replace("&#x27;", "'")
    assert "I have no pain at the moment." in page and "I don&#x27;t drive." in page
    for item in ndi.ITEMS:
        for statement in item.options:
            assert str(statement) in page.replace("&#x27;", "'"), (item.id, str(statement))


def test_complete_disability_comes_with_a_plain_sentence(signed_in, patient):
    signed_in.post("/questionnaire/new/", filled(**{item_id: "4" for item_id in ndi.ITEM_IDS}))
    saved = NeckQuestionnaire.objects.get(owner=patient)
    for page in (signed_in.get("/questionnaire/"), signed_in.get(f"/questionnaire/{saved.pk}/")):
        text = page.content.decode().replace("&#x27;", "'")
        assert "Complete disability" in text and "it is not a diagnosis" in text
    signed_in.post("/questionnaire/new/", filled())
    assert "it is not a diagnosis" not in signed_in.get("/questionnaire/").content.decode()


def test_i_dont_drive_counts_as_unanswered_and_is_scaled(signed_in, patient):
    signed_in.post("/questionnaire/new/", filled(driving="na"))
    saved = NeckQuestionnaire.objects.get(owner=patient)
    assert "driving" not in saved.answers
    assert saved.score.total == 20  # 18 of 45, scaled to 50


def test_one_item_left_out_is_accepted(signed_in, patient):
    assert signed_in.post("/questionnaire/new/", filled(work=None)).status_code == 302
    assert NeckQuestionnaire.objects.get(owner=patient).score.missing == ("work",)


def test_two_left_out_are_asked_again_at_their_fields_and_nothing_is_saved(signed_in, patient):
    response = signed_in.post("/questionnaire/new/", filled(work=None, driving="na"))
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count("Not answered yet.") == 2
    assert 'id="id_work-error"' in page and 'id="id_driving-error"' in page
    assert "Save it without a score" in page
    assert NeckQuestionnaire.objects.count() == 0


def test_with_two_left_out_it_can_be_kept_without_a_score(signed_in, patient):
    response = signed_in.post("/questionnaire/new/", filled(work=None, driving="na", without_score="on"))
    assert response.status_code == 302
    saved = NeckQuestionnaire.objects.get(owner=patient)
    page = signed_in.get(f"/questionnaire/{saved.pk}/").content.decode()
    assert "No score: two or more questions were left out." in page and "Work, Driving" in page


@pytest.mark.parametrize("bad", ["6", "-1", "two", "na"])
def test_an_answer_out_of_range_gets_a_message_at_its_field(signed_in, bad):
    response = signed_in.post("/questionnaire/new/", filled(**{"pain-intensity": bad}))
    assert response.status_code == 400
    assert 'id="id_pain-intensity-error"' in response.content.decode()
    assert NeckQuestionnaire.objects.count() == 0


def test_a_doubled_save_keeps_one(signed_in, patient):
    data = filled()
    signed_in.post("/questionnaire/new/", data)
    signed_in.post("/questionnaire/new/", data)
    assert NeckQuestionnaire.objects.filter(owner=patient).count() == 1


def test_a_real_improvement_is_flagged_against_the_first(signed_in, patient):
    now = timezone.now()
    questionnaire.save(as_themselves(patient), {item_id: 3 for item_id in ndi.ITEM_IDS}, now - timedelta(days=28))
    questionnaire.save(as_themselves(patient), {item_id: 2 for item_id in ndi.ITEM_IDS}, now - timedelta(days=14))
    page = signed_in.get("/questionnaire/").content.decode()
    assert "A real improvement since the start: 10 points lower, more than the score moves by chance." in page
    progress_page = signed_in.get("/progress/").content.decode()
    assert "A real improvement since the start" in progress_page
    assert "A real improvement: 10 points lower" in progress_page  # the headline


def test_a_small_change_is_said_to_be_within_day_to_day_change(signed_in, patient):
    now = timezone.now()
    questionnaire.save(as_themselves(patient), {item_id: 3 for item_id in ndi.ITEM_IDS}, now - timedelta(days=28))
    questionnaire.save(
        as_themselves(patient), {**{item_id: 2 for item_id in ndi.ITEM_IDS}, "work": 3}, now - timedelta(days=14)
    )
    page = signed_in.get("/questionnaire/").content.decode()
    assert "About the same: a change of 9 points is within how much the score moves from one time to the next." in page
    assert "real improvement" not in page


def test_a_real_change_for_the_worse_says_to_talk_to_someone(signed_in, patient):
    now = timezone.now()
    questionnaire.save(as_themselves(patient), {item_id: 1 for item_id in ndi.ITEM_IDS}, now - timedelta(days=28))
    questionnaire.save(as_themselves(patient), {item_id: 2 for item_id in ndi.ITEM_IDS}, now - timedelta(days=14))
    page = signed_in.get("/questionnaire/").content.decode()
    assert (
        "Worse by more than chance since the start: 10 points higher. Please talk to your practitioner or doctor."
        in page
    )


def test_the_detail_page_says_what_the_score_means_in_plain_words(signed_in, patient):
    now = timezone.now()
    questionnaire.save(as_themselves(patient), {item_id: 3 for item_id in ndi.ITEM_IDS}, now - timedelta(days=28))
    later = questionnaire.save(as_themselves(patient), {item_id: 1 for item_id in ndi.ITEM_IDS}, now)
    page = signed_in.get(f"/questionnaire/{later.pk}/").content.decode()
    assert "Score 10 of 50: Mild disability." in page
    assert "Your neck gets in the way of daily life a little." in page
    assert "A real improvement since the start: 20 points lower" in page


def test_offered_at_the_start_and_again_after_two_weeks(signed_in, patient):
    offer = "Fill in the neck questionnaire"
    assert offer in signed_in.get("/home/").content.decode()
    questionnaire.save(
        as_themselves(patient), {item_id: 1 for item_id in ndi.ITEM_IDS}, timezone.now() - timedelta(days=13)
    )
    assert offer not in signed_in.get("/home/").content.decode()
    NeckQuestionnaire.objects.update(answered_at=timezone.now() - timedelta(days=14, minutes=1))
    assert offer in signed_in.get("/home/").content.decode()


def test_the_chart_is_an_svg_of_the_scores(signed_in, patient):
    questionnaire.save(
        as_themselves(patient), {item_id: 3 for item_id in ndi.ITEM_IDS}, timezone.now() - timedelta(days=3)
    )
    response = signed_in.get("/questionnaire/scores.svg")
    assert response["Content-Type"].startswith("image/svg+xml")
    assert b"<script" not in response.content and b"<svg" in response.content


def test_one_can_delete_ones_own(signed_in, patient):
    saved = questionnaire.save(as_themselves(patient), {item_id: 3 for item_id in ndi.ITEM_IDS}, timezone.now())
    assert signed_in.post(f"/questionnaire/{saved.pk}/delete/").status_code == 302
    assert not NeckQuestionnaire.objects.exists()


def test_someone_elses_cannot_be_deleted(client, patient, other_patient):
    saved = questionnaire.save(as_themselves(patient), {item_id: 3 for item_id in ndi.ITEM_IDS}, timezone.now())
    client.force_login(other_patient)
    assert client.post(f"/questionnaire/{saved.pk}/delete/").status_code == 404
    assert NeckQuestionnaire.objects.count() == 1


def test_the_history_takes_one_query(signed_in, patient, django_assert_num_queries):
    for days in (42, 28, 14):
        questionnaire.save(
            as_themselves(patient), {item_id: 2 for item_id in ndi.ITEM_IDS}, timezone.now() - timedelta(days=days)
        )
    with django_assert_num_queries(1):
        assert len(questionnaire.history(as_themselves(patient))) == 3


def test_the_printed_summary_gives_the_first_and_last_score_of_the_period(signed_in, patient):
    now = timezone.now()
    questionnaire.save(as_themselves(patient), {item_id: 3 for item_id in ndi.ITEM_IDS}, now - timedelta(days=20))
    questionnaire.save(as_themselves(patient), {item_id: 1 for item_id in ndi.ITEM_IDS}, now - timedelta(days=2))
    page = signed_in.get("/progress/summary/").content.decode()
    assert "Neck Disability Index: 30 of 50 (Severe disability)" in page
    assert "10 of 50 (Mild disability)" in page and "a real change: 10 points or more" in page


def test_a_low_first_score_points_to_the_diary(signed_in, patient):
    now = timezone.now()
    questionnaire.save(
        as_themselves(patient), {item_id: 0 for item_id in ndi.ITEM_IDS} | {"work": 4}, now - timedelta(days=28)
    )
    questionnaire.save(as_themselves(patient), {item_id: 0 for item_id in ndi.ITEM_IDS}, now - timedelta(days=14))
    page = signed_in.get("/questionnaire/").content.decode()
    assert "Your first score was under 10" in page and "pain diary" in page
