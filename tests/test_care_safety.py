"""The safety check before self-care: asked, kept, blocking on a yes until a clinician clears the person."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from care import safety
from care.door import as_themselves
from care.models import SafetyCheck
from clinical.content import content
from tests.safety_answers import LINE_OF, answers, screen_with

SAFETY = content().safety
FLAGS = SAFETY.red_flags
EMERGENCY = next(f.id for f in FLAGS if f.urgency == "emergency")
URGENT = next(f.id for f in FLAGS if f.urgency == "urgent")
CLINICIAN = next(f.id for f in FLAGS if f.urgency == "clinician")


def test_the_check_asks_every_red_flag_of_the_safety_page_one_sign_each_over_two_screens(client):
    first = client.get("/safety-check/").content.decode()
    second = client.post("/safety-check/", {"screen": "1", "none": "yes"}).content.decode()
    for flag in FLAGS:
        for asked in flag.parts or [flag]:  # a two-part sign is asked as its parts
            page = first if LINE_OF[flag.id].screen == 1 else second
            assert f'value="{asked.id}"' in page and asked.question in page
    assert "None of these apply" in first and "None of these apply" in second


def test_the_first_screen_holds_every_emergency_and_urgent_sign_in_at_most_ten_lines():
    first = SAFETY.lines(1)
    assert len(first) <= 10 and len(SAFETY.lines(2)) <= 10
    on_first = {flag for line in first for flag in line.flags}
    assert {f.id for f in FLAGS if f.urgency in ("emergency", "urgent")} <= on_first


def test_every_sign_is_on_exactly_one_line():
    placed = [flag for line in SAFETY.check_lines for flag in line.flags]
    assert sorted(placed) == sorted(f.id for f in FLAGS)


def test_a_line_on_the_wrong_screen_is_refused_by_the_content_check():
    from pydantic import ValidationError

    from clinical.schema import Safety

    data = SAFETY.model_dump()
    emergency_line = next(line for line in data["check_lines"] if EMERGENCY in line["flags"])
    emergency_line["screen"] = 2
    with pytest.raises(ValidationError, match="belong on screen 1"):
        Safety.model_validate(data)


def test_none_on_both_screens_keeps_every_sign_answered_no(client, patient):
    client.force_login(patient)
    second = client.post("/safety-check/?next=/session/", {"screen": "1", "none": "yes"})
    assert second.status_code == 200 and "A few more questions" in second.content.decode()
    assert SafetyCheck.objects.count() == 0
    done = client.post("/safety-check/?next=/session/", {"screen": "2", "none": "yes"})
    assert done.url == "/session/"
    check = SafetyCheck.objects.get(owner=patient)
    assert check.result == "clear" and all(check.answers[f.id] is False for f in FLAGS)


def test_an_emergency_line_goes_straight_to_what_to_do_without_the_second_screen(client):
    response = client.post("/safety-check/", screen_with([EMERGENCY]))
    assert "Is this right?" in response.content.decode()
    assert "A few more questions" not in response.content.decode()


def test_a_line_ticked_without_its_signs_is_refused_at_that_line(client, patient):
    client.force_login(patient)
    line = LINE_OF[EMERGENCY]
    response = client.post("/safety-check/", {"screen": "1", f"line-{line.id}": "on", "continue": "yes"})
    page = response.content.decode()
    assert response.status_code == 400
    assert f'id="signs-{line.id}-error"' in page and page.count('class="errorlist"') == 1
    assert SafetyCheck.objects.count() == 0


def test_the_check_asks_about_the_heart_and_arteries():
    ids = {flag.id for flag in FLAGS}
    assert {
        "chest-tightness-with-effort",
        "chest-pain-breathless-sweaty-now",
        "tearing-chest-back-pain",
        "chest-pain-sudden-breathless",
        "coughing-blood",
        "sudden-severe-neck-pain-unlike-before",
        "droopy-eyelid-small-pupil",
        "temple-headache-over-50",
        "neck-lump",
        "recent-fall-fragile-bones",
        "rheumatoid-arthritis",
        "down-syndrome",
        "hypermobility-syndrome",
        "recent-whiplash",
        "bladder-bowel-loss",
        "weakness-getting-worse-fast",
        "clumsy-hands",
        "unsteady-walking",
    } <= ids


@pytest.mark.parametrize(
    ("flag_id", "level"),
    [
        ("chest-tightness-with-effort", "urgent"),
        ("chest-pain-breathless-sweaty-now", "emergency"),
        ("numbness-both-arms", "urgent"),
        ("recent-fall-fragile-bones", "urgent"),
        ("brief-spinning-on-head-movement", "clinician"),
        ("tearing-chest-back-pain", "emergency"),
        ("chest-pain-sudden-breathless", "emergency"),
        ("sudden-severe-neck-pain-unlike-before", "emergency"),
        ("droopy-eyelid-small-pupil", "emergency"),
        ("bladder-bowel-loss", "emergency"),
        ("weakness-getting-worse-fast", "emergency"),
        ("temple-headache-over-50", "urgent"),
        ("jaw-pain-chewing-over-50", "urgent"),
        ("clumsy-hands", "urgent"),
        ("unsteady-walking", "urgent"),
        ("neck-lump", "clinician"),
        ("down-syndrome", "clinician"),
    ],
)
def test_each_sign_has_the_level_the_sources_give_it(flag_id, level):
    assert safety.red_flags()[flag_id].urgency == level


def test_upper_neck_instability_asks_a_clinician_about_the_base_of_the_skull():
    for flag_id in ("rheumatoid-arthritis", "down-syndrome", "hypermobility-syndrome", "recent-whiplash"):
        why = safety.red_flags()[flag_id].why
        assert "before any self-massage" in why and "base of your skull" in why


def test_every_emergency_names_the_numbers_to_call():
    for flag in FLAGS:
        if flag.urgency == "emergency":
            assert "call {emergency} now" in flag.why.lower(), flag.id


def test_the_most_severe_level_wins():
    assert safety.result_of({CLINICIAN: True, URGENT: True}) == "urgent"
    assert safety.result_of({CLINICIAN: True, URGENT: True, EMERGENCY: True}) == "emergency"
    assert safety.result_of({CLINICIAN: True}) == "clinician"
    assert safety.result_of({CLINICIAN: False}) == "clear"


def test_an_anonymous_clear_answer_is_remembered_by_the_device(client, db):
    assert client.get("/session/").status_code == 302
    response = client.post("/safety-check/?next=/session/", answers())
    assert response.status_code == 302 and response.url == "/session/"
    cookie = response.cookies[safety.DEVICE_COOKIE]
    assert cookie["max-age"] == safety.DEVICE_MAX_AGE and cookie["httponly"]
    assert SafetyCheck.objects.count() == 0  # nothing kept without an account
    assert client.get("/session/").status_code == 200


def test_a_yes_is_shown_back_before_it_is_recorded_and_can_be_changed(client, patient):
    client.force_login(patient)
    response = client.post("/safety-check/", answers(yes=[CLINICIAN], confirm=False))
    page = response.content.decode()
    assert response.status_code == 200 and "Is this right?" in page
    assert safety.red_flags()[CLINICIAN].sign in page
    assert SafetyCheck.objects.count() == 0
    changed = client.post("/safety-check/", {"ticked": [CLINICIAN], "screens": ["1", "2"], "change": "yes"})
    assert changed.status_code == 200 and f'value="{CLINICIAN}" checked' in changed.content.decode()
    assert SafetyCheck.objects.count() == 0
    client.post("/safety-check/", answers())  # changed to none of these
    assert SafetyCheck.objects.get(owner=patient).result == "clear"


def test_an_emergency_answer_says_so_plainly_with_the_numbers(client):
    response = client.post("/safety-check/", answers(yes=[EMERGENCY]))
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "Please get emergency help now" in page
        and "Call 999 (UK), 112 (EU), 911 (US and Canada) or your local emergency number now" in page
    )
    assert safety.DEVICE_COOKIE not in response.cookies


def test_an_urgent_answer_says_see_a_doctor_today(client, patient):
    client.force_login(patient)
    response = client.post("/safety-check/", answers(yes=[URGENT]), follow=True)
    assert "Please see a doctor today" in response.content.decode()
    check = SafetyCheck.objects.get(owner=patient)
    assert check.result == "urgent"
    assert safety.need(as_themselves(patient), timezone.now()).blocked == check


def test_a_line_ticked_with_none_of_these_apply_is_refused(client, patient):
    client.force_login(patient)
    data = {**screen_with([EMERGENCY]), "none": "yes"}
    response = client.post("/safety-check/", data)
    assert response.status_code == 400 and "Untick the line" in response.content.decode()
    assert SafetyCheck.objects.count() == 0


def test_an_unknown_sign_is_refused(client, patient):
    client.force_login(patient)
    line = SAFETY.check_lines[0]
    data = {"screen": "1", f"line-{line.id}": "on", f"signs-{line.id}": ["made-up-flag"], "continue": "yes"}
    assert client.post("/safety-check/", data).status_code == 400
    forged = {"ticked": ["made-up-flag"], "screens": ["1"], "confirmed": "yes"}
    assert client.post("/safety-check/", forged).status_code == 400
    assert SafetyCheck.objects.count() == 0


def test_a_yes_is_kept_and_holds_back_sessions_until_a_clinician_clears(client, patient):
    client.force_login(patient)
    response = client.post("/safety-check/", answers(yes=[CLINICIAN]))
    check = SafetyCheck.objects.get(owner=patient)
    assert check.result == "clinician" and check.yes == [CLINICIAN]
    assert check.version == SAFETY.red_flag_version
    assert response.url == f"/safety-check/{check.pk}/"
    assert client.get("/session/").url == f"/safety-check/{check.pk}/"
    client.post(f"/safety-check/{check.pk}/", {"note": "Dr Lee, 3 March"})  # without the confirmation tick
    assert client.get("/session/").status_code == 302
    client.post(f"/safety-check/{check.pk}/", {"confirm": "yes", "note": "Dr Lee, 3 March"})
    check.refresh_from_db()
    assert check.cleared_at is not None and check.cleared_note == "Dr Lee, 3 March"
    assert safety.need(as_themselves(patient), timezone.now()).blocked is None


def test_the_check_is_asked_again_after_four_weeks(patient):
    now = timezone.now()
    safety.record(as_themselves(patient), {}, now)
    assert not safety.need(as_themselves(patient), now + timedelta(days=27)).ask
    assert safety.need(as_themselves(patient), now + timedelta(weeks=4)).ask


def test_a_clear_check_of_an_older_question_set_is_asked_again(patient):
    now = timezone.now()
    SafetyCheck.objects.create(owner=patient, answered_at=now, answers={"night-pain": False}, result="clear", version=1)
    need = safety.need(as_themselves(patient), now + timedelta(minutes=1))
    assert need.ask and "heart" in need.reason


def test_an_older_hold_still_holds(patient):
    now = timezone.now()
    old = SafetyCheck.objects.create(
        owner=patient, answered_at=now, answers={"night-pain": True}, result="clinician", version=1
    )
    assert safety.need(as_themselves(patient), now).blocked == old


def test_a_device_cleared_for_the_older_question_set_is_asked_again(client, db):
    from django.http import HttpResponse

    response = HttpResponse()
    response.set_signed_cookie(safety.DEVICE_COOKIE, "clear", salt="safety")  # the value before version 2
    client.cookies[safety.DEVICE_COOKIE] = response.cookies[safety.DEVICE_COOKIE].value
    assert client.get("/session/").url.startswith("/safety-check/")


def test_the_check_is_asked_again_when_pain_rises_by_three(patient):
    import uuid

    from care import recording
    from care.routines import StepPlan

    now = timezone.now()
    safety.record(as_themselves(patient), {}, now)
    session, _ = recording.start(
        as_themselves(patient), uuid.uuid4(), [StepPlan("trapezius", "left")], 2, now + timedelta(hours=1)
    )
    assert not safety.need(as_themselves(patient), now + timedelta(hours=2)).ask
    recording.finish(as_themselves(session.owner), session, 5, 60, now + timedelta(hours=2))
    need = safety.need(as_themselves(patient), now + timedelta(hours=3))
    assert need.ask and "3 or more" in need.reason


def test_a_person_can_review_their_answers(client, patient):
    client.force_login(patient)
    client.post("/safety-check/", answers(yes=[CLINICIAN]))
    page = client.get("/safety-check/history/").content.decode()
    assert safety.red_flags()[CLINICIAN].sign in page


def test_old_answers_keep_their_old_wording(client, patient):
    client.force_login(patient)
    SafetyCheck.objects.create(
        owner=patient,
        answered_at=timezone.now(),
        answers={"walking-hands-bladder": True},
        result="clinician",
        version=1,
    )
    page = client.get("/safety-check/history/").content.decode()
    assert "Clumsy hands, walking or balance problems, bladder or bowel changes" in page


def test_retired_ids_are_never_reused():
    current = {flag.id for flag in FLAGS}
    retired = {flag.id for flag in SAFETY.retired_flags}
    assert retired and not current & retired


def test_someone_elses_check_is_not_found(client, cast):
    held = safety.record(as_themselves(cast["patient"]), {CLINICIAN: True}, timezone.now())
    client.force_login(cast["other"])
    assert client.get(f"/safety-check/{held.pk}/").status_code == 404
    assert client.post(f"/safety-check/{held.pk}/", {"confirm": "yes"}).status_code == 404
    held.refresh_from_db()
    assert held.cleared_at is None


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/"])
def test_the_check_never_sends_a_person_to_another_site(client, target):
    response = client.post(f"/safety-check/?next={target}", answers())
    assert response.url == "/session/"


def test_time_moves_for_the_device_memory(client):
    client.post("/safety-check/", answers())
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        assert client.get("/session/").status_code == 302


def test_a_first_session_shows_the_general_cautions_before_it_starts(client, patient):
    client.force_login(patient)
    safety.record(as_themselves(patient), {}, timezone.now())
    page = client.get("/session/").content.decode()
    assert "Take care: read this before your first session" in page
    assert "blood thinners" in page and "pregnant" in page


def test_later_sessions_do_not_repeat_the_cautions(client, cast):
    client.force_login(cast["patient"])
    safety.record(as_themselves(cast["patient"]), {}, timezone.now())
    assert "before your first session" not in client.get("/session/").content.decode()


def test_a_safety_form_posted_twice_is_kept_once(client, patient):
    client.force_login(patient)
    data = {**answers(yes=[CLINICIAN]), "form_key": "c" * 32}
    first = client.post("/safety-check/", data)
    second = client.post("/safety-check/", data)
    assert SafetyCheck.objects.filter(owner=patient).count() == 1
    assert first.url == second.url


def test_after_a_sign_on_the_first_screen_is_cleared_the_second_screen_is_asked_alone(client, patient):
    from tests.safety_answers import confirmed

    client.force_login(patient)
    client.post("/safety-check/", confirmed([EMERGENCY]))  # straight to what to do, the second screen unasked
    held = SafetyCheck.objects.get(owner=patient)
    assert held.screens == [1]
    client.post(f"/safety-check/{held.pk}/", {"confirm": "yes", "note": "A&E, all clear"})
    need = safety.need(as_themselves(patient), timezone.now())
    assert need.ask and need.screen == 2
    sent = client.get("/session/")
    assert sent.url == "/safety-check/?screen=2&next=/session/"
    page = client.get(sent.url).content.decode()
    assert "A few more questions" in page and 'value="neck-lump"' in page and 'value="thunderclap-headache"' not in page
    done = client.post(sent.url, {"screen": "2", "none": "yes"})
    assert done.url == "/session/"
    second = SafetyCheck.objects.filter(owner=patient).latest("answered_at")
    assert second.screens == [2] and second.result == "clear" and set(second.answers) >= {"neck-lump"}
    assert client.get("/session/").status_code == 200


def test_a_sign_on_the_second_screen_asked_alone_holds_again(client, patient):
    from tests.safety_answers import confirmed

    client.force_login(patient)
    client.post("/safety-check/", confirmed([EMERGENCY]))
    held = SafetyCheck.objects.get(owner=patient)
    client.post(f"/safety-check/{held.pk}/", {"confirm": "yes", "note": "cleared"})
    response = client.post("/safety-check/?screen=2&next=/session/", confirmed([CLINICIAN]))
    again = SafetyCheck.objects.filter(owner=patient).latest("answered_at")
    assert again.screens == [2] and again.result == "clinician"
    assert response.url == f"/safety-check/{again.pk}/"
    assert client.get("/session/").url == f"/safety-check/{again.pk}/"


def test_the_second_screen_alone_is_offered_only_to_someone_who_needs_it(client, patient):
    client.force_login(patient)
    page = client.get("/safety-check/?screen=2").content.decode()
    assert "A quick safety check" in page  # the whole check, from the first screen


def test_two_halves_make_a_whole_check_dated_by_the_older(patient):
    now = timezone.now()
    first = safety.record(as_themselves(patient), {EMERGENCY: True}, now - timedelta(days=27), (1,))
    safety.record_clearance(first, "cleared", now - timedelta(days=26))
    safety.record(as_themselves(patient), {CLINICIAN: False}, now - timedelta(days=25), (2,))
    assert not safety.need(as_themselves(patient), now).ask
    assert safety.need(as_themselves(patient), now + timedelta(days=2)).ask  # 4 weeks from the first half
