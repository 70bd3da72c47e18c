"""The flags of the third clinical pass: each fires at its level for the exact answers, in the check and the finder."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from care import safety
from care.door import as_themselves
from care.models import SafetyCheck
from clinical.content import content
from clinical.marks import parse_marks
from clinical.triage import warnings_for
from tests.test_care_safety import answers

SAFETY = content().rules
AGE = "age-under-20-or-over-55"
FIRST = "first-neck-pain-like-this"
AGE_FLAG = "first-neck-pain-under-20-or-over-55"


@pytest.mark.parametrize(
    ("flag_id", "level"),
    [
        ("sudden-severe-neck-pain-unlike-before", "emergency"),
        ("new-neck-pain-after-strain", "urgent"),
        ("pulsing-sound-one-ear", "urgent"),
        ("cancer-new-or-different-pain", "urgent"),
        ("cancer-now-or-in-bones", "clinician"),
        ("pmr-shoulders-stiff-over-50", "clinician"),
        ("fever-with-new-constant-pain", "urgent"),
        ("night-sweats-or-unwell", "clinician"),
        ("chest-tightness-with-effort", "urgent"),
        ("chest-pain-breathless-sweaty-now", "emergency"),
    ],
)
def test_each_new_sign_ticked_alone_gives_its_level(client, patient, flag_id, level):
    client.force_login(patient)
    client.post("/safety-check/", answers(yes=[flag_id]))
    check = SafetyCheck.objects.get(owner=patient)
    assert check.result == level and check.yes == [flag_id]


@pytest.mark.parametrize(
    ("flag_id", "words"),
    [
        ("new-neck-pain-after-strain", ["knock", "a fall", "sport", "sudden twist", "manipulation", "not severe"]),
        ("pulsing-sound-one-ear", ["whooshing or pulsing sound in one ear", "neck pain or a headache"]),
        ("cancer-new-or-different-pain", ["have or have had cancer", "new or different"]),
        ("cancer-now-or-in-bones", ["cancer now", "spread to your bones", "same as usual"]),
        ("pmr-shoulders-stiff-over-50", ["over 50", "both shoulders", "neck and both hips", "morning", "45 minutes"]),
        ("fever-with-new-constant-pain", ["fever", "new and there all the time"]),
    ],
)
def test_each_new_sign_asks_in_the_words_of_its_source(flag_id, words):
    question = safety.red_flags()[flag_id].question
    for word in words:
        assert word in question, word


def test_cancer_says_contact_the_cancer_team_or_a_doctor_today_citing_nice_ng234():
    flag = safety.red_flags()["cancer-new-or-different-pain"]
    assert "cancer team" in flag.why and "doctor today" in flag.why
    assert "nice-ng234-spinal-metastases" in flag.sources


@pytest.mark.parametrize(
    ("arteritis", "level"),
    [
        ("temple-headache-over-50", "urgent"),
        ("scalp-tender-over-50", "urgent"),
        ("jaw-pain-chewing-over-50", "urgent"),
        ("vision-changes-recent", "emergency"),
    ],
)
def test_polymyalgia_with_any_arteritis_sign_is_urgent_or_more(arteritis, level):
    pmr = "pmr-shoulders-stiff-over-50"
    assert safety.result_of({pmr: True}) == "clinician"
    assert safety.result_of({pmr: True, arteritis: True}) == level
    why = safety.red_flags()[pmr].why
    assert "giant cell arteritis" in why and "see a doctor today" in why


@pytest.mark.parametrize(
    ("age", "first", "result"),
    [(True, True, "clinician"), (True, False, "clear"), (False, True, "clear"), (False, False, "clear")],
)
def test_age_and_first_time_are_two_questions_and_the_sign_holds_only_when_both_do(client, patient, age, first, result):
    client.force_login(patient)
    ticked = [part for part, yes in ((AGE, age), (FIRST, first)) if yes]
    response = client.post("/safety-check/", answers(yes=ticked))
    check = SafetyCheck.objects.get(owner=patient)
    assert check.result == result
    assert check.answers[AGE] is age and check.answers[FIRST] is first
    assert check.answers[AGE_FLAG] is (age and first)
    assert (response.url == f"/safety-check/{check.pk}/") is (age and first)


def test_the_age_sign_is_asked_as_its_parts_not_as_one_tick(client):
    page = client.post("/safety-check/", {"screen": "1", "none": "yes"}).content.decode()  # on the second screen
    assert f'value="{AGE}"' in page and f'value="{FIRST}"' in page and f'value="{AGE_FLAG}"' not in page
    assert safety.result_of({AGE_FLAG: True}) == "clear"  # the parts decide, not a bare id
    assert safety.result_of({AGE: True, FIRST: True}) == "clinician"


def test_a_ticked_part_alone_is_not_shown_back_as_a_sign(client, patient):
    client.force_login(patient)
    response = client.post("/safety-check/", answers(yes=[AGE], confirm=False))
    assert response.status_code == 302  # nothing to confirm: no sign holds
    assert SafetyCheck.objects.get(owner=patient).result == "clear"


def test_the_question_set_moved_to_version_4_once_with_every_changed_id_retired():
    assert SAFETY.red_flag_version == 4
    retired = {flag.id for flag in SAFETY.retired_flags if flag.retired_in == 4}
    assert retired == {"cancer-history", "night-sweats-fevers", "new-pain-age"}
    assert max(flag.retired_in for flag in SAFETY.retired_flags) == SAFETY.red_flag_version


def test_someone_who_answered_version_3_is_asked_again_and_keeps_the_old_wording(client, patient):
    now = timezone.now()
    SafetyCheck.objects.create(
        owner=patient, answered_at=now, answers={"cancer-history": False}, result="clear", version=3
    )
    assert safety.need(as_themselves(patient), now + timedelta(minutes=1)).ask
    held = SafetyCheck.objects.create(
        owner=patient,
        answered_at=now + timedelta(minutes=2),
        answers={"cancer-history": True},
        result="clinician",
        version=3,
    )
    assert safety.need(as_themselves(patient), now + timedelta(minutes=3)).blocked == held  # an old hold still holds
    client.force_login(patient)
    assert "History of cancer" in client.get("/safety-check/history/").content.decode()


def test_a_device_clear_for_version_3_is_asked_again(client, db):
    from django.http import HttpResponse

    response = HttpResponse()
    response.set_signed_cookie(safety.DEVICE_COOKIE, "clear:3", salt="safety")
    client.cookies[safety.DEVICE_COOKIE] = response.cookies[safety.DEVICE_COOKIE].value
    assert client.get("/session/").url.startswith("/safety-check/")


def test_the_safety_page_says_whom_each_sign_concerns_in_the_words_the_check_asks(client):
    page = client.get("/safety/").content.decode()
    for flag in SAFETY.red_flags:
        item = re.search(rf'<li id="flag-{flag.id}">(.*?)</li>', page, re.S)
        assert item, flag.id
        assert flag.question in item.group(1), flag.id
    fragile = re.search(r'<li id="flag-recent-fall-fragile-bones">(.*?)</li>', page, re.S).group(1)
    assert "osteoporosis" in fragile and "steroid tablets" in fragile
    age = re.search(rf'<li id="flag-{AGE_FLAG}">(.*?)</li>', page, re.S).group(1)
    assert "two questions" in age and "both are true" in age


# The finder agrees with the check


def ids(marks: list[str]) -> list[str]:
    return [warning.id for warning in warnings_for(parse_marks(marks), {})]


@pytest.mark.parametrize(
    "marks",
    [
        ["front-of-shoulder:left", "front-of-shoulder:right"],
        ["back-of-shoulder:left", "upper-arm-back:right"],
        ["upper-arm-front:left", "upper-arm-front:right"],
    ],
)
def test_both_shoulders_or_upper_arms_name_polymyalgia_rheumatica(marks):
    assert ids(marks) == ["both-arms"]
    rule = warnings_for(parse_marks(marks), {})[0].rule
    assert "polymyalgia rheumatica" in rule.text and "over 50" in rule.text and "45 minutes" in rule.text
    assert rule.level == "urgent" and "shoulders" in rule.title
    assert {"nice-cks-pmr", "bsr-2010-pmr"} <= set(rule.sources)


@pytest.mark.parametrize("marks", [["front-of-shoulder:left"], ["back-of-shoulder:right", "upper-arm-back:right"]])
def test_one_shoulder_stays_calm(marks):
    assert ids(marks) == []


def test_chest_pain_on_effort_is_worded_alike_in_the_finder_and_the_check():
    texts = [rule.text for rule in content().triage.warnings if "active" in rule.text or "effort" in rule.text]
    flag = safety.red_flags()["chest-tightness-with-effort"]
    assert texts and flag.urgency == "urgent"
    for text in [*texts, flag.why]:
        assert "more than 15 minutes" in text and "at rest" in text
        assert "came on with effort" not in text  # effort alone is a doctor today, not an emergency
    for text in texts:
        assert "only when you are active and passes when you rest, see a doctor today" in text
