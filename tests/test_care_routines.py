"""Routines through the pages: made, changed and deleted by their owner; bad plans change nothing."""

from itertools import pairwise

from care import routines
from care.door import as_themselves
from care.models import DEFAULT_SECONDS, Routine, RoutineStep
from clinical.content import content


def form(name="Neck", *steps, key="", **more):
    """The editor's post: a name and one row per area, (muscle, side, seconds[, order]), as a browser sends it."""
    data = {"name": name, "form-TOTAL_FORMS": str(len(steps)), "form-INITIAL_FORMS": "0", **more}
    if key:
        data["form_key"] = key
    for index, step in enumerate(steps):
        muscle, side, seconds, *order = step
        data |= {f"form-{index}-muscle": muscle, f"form-{index}-side": side, f"form-{index}-seconds": str(seconds)}
        data[f"form-{index}-ORDER"] = str(order[0] if order else index + 1)
    return data


def shown(response) -> list[tuple[str, str]]:
    """The areas the editor shows, in its order: (muscle, side) of each row with a muscle."""
    rows = response.context["formset"].rows()
    return [(row["muscle"].value(), row["side"].value()) for row in rows if row["muscle"].value()]


def test_the_new_routine_form_starts_from_the_handout(client, patient):
    client.force_login(patient)
    response = client.get("/routines/new/")
    assert shown(response) == [(step.muscle, step.side) for step in routines.handout_plan()]
    assert ("suboccipitals", "") in shown(response)


def test_a_routine_can_start_from_the_body_map(client, patient):
    client.force_login(patient)
    areas = shown(client.get("/routines/new/?region=side-of-neck:left"))
    assert ("trapezius", "left") in areas
    assert ("trapezius", "right") not in areas


def test_saving_a_routine_keeps_order_sides_and_times(client, patient):
    client.force_login(patient)
    data = form("Evening", ("scalenes", "left", 60, 3), ("trapezius", "right", 120, 1), ("trapezius", "left", 120, 2))
    response = client.post("/routines/new/", data)
    assert response.status_code == 302
    routine = Routine.objects.get(owner=patient)
    steps = [(s.muscle, s.side, s.seconds) for s in routine.steps.all()]
    assert steps == [("trapezius", "right", 120), ("trapezius", "left", 120), ("scalenes", "left", 60)]


def test_more_than_two_minutes_is_refused_and_nothing_changes(client, patient):
    client.force_login(patient)
    data = form("Too long", ("trapezius", "right", 500))
    response = client.post("/routines/new/", data)
    assert response.status_code == 400
    assert "no more than a couple of minutes" in response.content.decode()
    assert Routine.objects.count() == 0 and RoutineStep.objects.count() == 0


def test_an_empty_routine_is_refused(client, patient):
    client.force_login(patient)
    response = client.post("/routines/new/", form("Nothing"))
    assert response.status_code == 400
    assert Routine.objects.count() == 0


def test_a_bad_change_leaves_the_routine_as_it_was(client, cast):
    client.force_login(cast["patient"])
    routine = cast["routine"]
    before = list(routine.steps.values_list("muscle", "side", "seconds"))
    response = client.post(f"/routines/{routine.pk}/", form("x", ("trapezius", "right", "abc")))
    assert response.status_code == 400
    assert list(routine.steps.values_list("muscle", "side", "seconds")) == before


def test_someone_else_cannot_change_or_delete_my_routine(client, cast):
    client.force_login(cast["other"])
    routine = cast["routine"]
    assert client.post(f"/routines/{routine.pk}/", form("Mine now", ("trapezius", "right", 60))).status_code == 404
    assert client.post(f"/routines/{routine.pk}/delete/").status_code == 404
    routine.refresh_from_db()
    assert routine.name == "Pat's secret routine"


def test_the_owner_can_delete_a_routine(client, cast):
    client.force_login(cast["patient"])
    client.post(f"/routines/{cast['routine'].pk}/delete/")
    assert not Routine.objects.filter(pk=cast["routine"].pk).exists()


def test_a_nul_in_a_routine_name_is_refused_with_a_message_and_nothing_saved(client, patient):
    from care.models import Routine

    client.force_login(patient)
    response = client.post("/routines/new/", form("Evening\x00", ("trapezius", "left", 60)))
    assert response.status_code == 400 and "cannot contain that character" in response.content.decode()
    assert not Routine.objects.exists()


def test_a_nul_in_a_clearance_note_is_refused(client, patient):
    from django.utils import timezone

    from care import safety

    check = safety.record(as_themselves(patient), {"neck-lump": True}, timezone.now())
    client.force_login(patient)
    client.post(f"/safety-check/{check.pk}/", {"confirm": "yes", "note": "Dr\x00Lee"})
    check.refresh_from_db()
    assert check.cleared_at is None


def test_a_routine_form_posted_twice_is_saved_once(client, patient):
    from care.models import Routine

    client.force_login(patient)
    data = form("Evening", ("trapezius", "left", 60), key="a" * 32)
    assert client.post("/routines/new/", data).status_code == 302
    assert client.post("/routines/new/", data).status_code == 302
    assert Routine.objects.filter(owner=patient).count() == 1


def test_a_refused_routine_form_keeps_its_key_free_for_the_corrected_post(client, patient):
    from care.models import Routine

    client.force_login(patient)
    key = "b" * 32
    assert client.post("/routines/new/", form("Evening", key=key)).status_code == 400  # no area chosen
    assert client.post("/routines/new/", form("Evening", ("trapezius", "left", 60), key=key)).status_code == 302
    assert Routine.objects.filter(owner=patient).count() == 1


def test_the_editor_gives_each_form_its_own_key(client, patient):
    import re

    client.force_login(patient)
    keys = {
        re.search(r'name="form_key" value="([0-9a-f]{32})"', client.get("/routines/new/").content.decode())[1]
        for _ in range(2)
    }
    assert len(keys) == 2


def test_bad_input_keeps_what_was_ticked_and_shows_the_error_at_its_field(client, patient):
    from care.models import Routine

    client.force_login(patient)
    response = client.post("/routines/new/", form("Evening", ("trapezius", "left", 60), ("scalenes", "right", "abc")))
    page = response.content.decode()
    assert response.status_code == 400
    assert shown(response) == [("trapezius", "left"), ("scalenes", "right")]
    assert "Time: Each area takes between 15 and 120 seconds" in page
    assert 'value="Evening"' in page
    assert not Routine.objects.exists()


# ---- routines by time, in an order that moves the person least ---------------------------------------------


def place_changes(plan) -> int:
    places = [routines.position_of(step) for step in plan]
    return sum(1 for a, b in pairwise(places) if a != b)


def test_the_handout_never_goes_back_to_a_place_once_left():
    places = [routines.position_of(step) for step in routines.handout_plan()]
    runs = [place for i, place in enumerate(places) if i == 0 or places[i - 1] != place]
    assert runs == [place for place in routines.PLACE_ORDER if place in places]  # chair, wall, floor: in order


def test_the_handouts_first_three_come_first_in_each_place():
    plan = routines.handout_plan()
    firsts = [info.id for rank, group in content().key_areas() if rank <= 3 for info in group]
    for place in {routines.position_of(step) for step in plan}:
        here = list(dict.fromkeys(step.muscle for step in plan if routines.position_of(step) == place))
        starting = [muscle for muscle in firsts if muscle in here]
        assert here[: len(starting)] == starting


def test_a_routine_of_the_finders_areas_never_goes_back_to_a_place():
    plan = routines.finder_plan(
        ["top-of-shoulder:left", "back-of-neck:left", "temple:left", "over-shoulder-blade:left"]
    )
    places = [routines.position_of(step) for step in plan]
    runs = [place for i, place in enumerate(places) if i == 0 or places[i - 1] != place]
    assert len(runs) == len(set(runs))


def test_grouping_keeps_both_sides_of_a_muscle_together():
    plan = routines.handout_plan()
    for i, step in enumerate(plan):
        if step.side == "right":
            assert plan[i + 1] == routines.StepPlan(step.muscle, "left", step.seconds)


def test_the_quick_routine_takes_at_most_ten_minutes_with_getting_ready():
    plan = routines.quick_plan()
    assert routines.length_seconds(plan) <= routines.QUICK_SECONDS
    # the handout's first three, chair first then the wall
    assert [step.muscle for step in plan][::2] == ["trapezius", "sternocleidomastoid", "levator-scapulae"]


def test_the_quick_routine_uses_the_last_finder_answer():
    from clinical.marks import parse_marks

    marks = parse_marks(["top-of-shoulder:left", "back-of-neck:left"])
    plan = routines.quick_plan(marks)
    assert {step.muscle for step in plan} <= {step.muscle for step in routines.finder_plan(marks)}
    assert routines.length_seconds(plan) <= routines.QUICK_SECONDS
    assert all(step.seconds >= routines.MIN_SECONDS for step in plan)


def test_a_quick_session_takes_the_areas_of_the_last_session_started_from_the_finder(client, patient):
    from django.utils import timezone

    from care import safety

    safety.record(as_themselves(patient), {}, timezone.now())
    client.force_login(patient)
    player = client.get("/session/now/", {"region": "top-of-shoulder:left"}).context["player"]
    before = client.get("/session/quick/").context["player"]["steps"]
    assert any(step["side"] == "right" for step in before)  # only looked at: still the handout's areas
    started = client.post(
        "/api/v1/sessions",
        {
            "id": player["session_id"],
            "pain_before": 4,
            "regions": player["regions"],
            "steps": [{"muscle": s["muscle"], "side": s["side"], "seconds": s["seconds"]} for s in player["steps"]],
        },
        content_type="application/json",
    )
    assert started.status_code == 201
    quick = client.get("/session/quick/").context["player"]  # built afresh: the start changed the records
    assert all(step["side"] in {"left", ""} for step in quick["steps"])
    assert quick["routine"]["name"] == "Quick session"


def test_home_offers_routines_by_the_time_they_take(client, patient):
    from django.utils import timezone

    from care import safety

    safety.record(as_themselves(patient), {}, timezone.now())
    client.force_login(patient)
    page = client.get("/home/").content.decode()
    assert "Choose by the time you have" in page
    assert "Quick session · about 10 minutes" in page
    assert "/session/quick/" in page and "The handout&#x27;s routine · about" in page


# ---- the order, with Move up and Move down ------------------------------------------------------------------


def legends(page: str) -> list[str]:
    import re

    return re.findall(r"<legend>([^<]+)</legend>", page)


def test_the_editor_shows_the_routine_in_its_order_with_moves(client, patient):
    client.force_login(patient)
    page = client.get("/routines/new/").content.decode()
    plan = routines.handout_plan()
    first = content().muscles[plan[0].muscle].label
    assert legends(page)[0].startswith(first)
    assert legends(page)[-1] == "Add an area"
    assert page.count('data-move="up"') == len(plan) + 1
    assert 'name="form-0-ORDER"' in page and 'type="number"' not in page  # no typed order numbers


def test_moving_a_row_reorders_without_saving(client, patient):
    from care.models import Routine

    client.force_login(patient)
    data = form("Mine", ("trapezius", "left", 60), ("scalenes", "left", 60), move="1:up")
    response = client.post("/routines/new/", data)
    assert response.status_code == 200
    assert shown(response) == [("scalenes", "left"), ("trapezius", "left")]
    assert not Routine.objects.exists()
    # then saving keeps that order
    moved = {k: v for k, v in data.items() if k != "move"} | {"form-0-ORDER": "2", "form-1-ORDER": "1"}
    client.post("/routines/new/", moved | {"form_key": "k1"})
    assert [step.muscle for step in Routine.objects.get().steps.all()] == ["scalenes", "trapezius"]


def test_another_row_is_added_without_saving(client, patient):
    from care.models import Routine

    client.force_login(patient)
    response = client.post("/routines/new/", form("Mine", ("trapezius", "left", 60), add="1"))
    assert response.status_code == 200 and len(response.context["formset"].forms) == 2
    assert legends(response.content.decode()) == ["Trapezius, left side", "Add an area"]
    assert not Routine.objects.exists()


def test_an_untouched_empty_row_is_no_area(client, patient):
    from care.models import Routine

    client.force_login(patient)
    data = form("Mine", ("trapezius", "left", 60), ("", "right", DEFAULT_SECONDS))
    assert client.post("/routines/new/", data | {"form_key": "k2"}).status_code == 302
    assert list(Routine.objects.get().steps.values_list("muscle", "side")) == [("trapezius", "left")]


def test_a_row_with_a_time_but_no_muscle_asks_for_the_muscle(client, patient):
    from care.models import Routine

    client.force_login(patient)
    response = client.post("/routines/new/", form("Mine", ("trapezius", "left", 60), ("", "left", 90)))
    assert response.status_code == 400
    assert "Choose a muscle for this area, or tick “Take out”." in response.content.decode()
    assert not Routine.objects.exists()


def test_a_row_taken_out_is_left_out(client, patient):
    from care.models import Routine

    client.force_login(patient)
    data = form("Mine", ("trapezius", "left", 60), ("scalenes", "left", 60), key="k3") | {"form-0-DELETE": "on"}
    assert client.post("/routines/new/", data).status_code == 302
    assert list(Routine.objects.get().steps.values_list("muscle", flat=True)) == ["scalenes"]


def test_a_routines_own_time_outside_the_choices_stays_when_it_is_changed(client, cast):
    routine = cast["routine"]
    routine.steps.update(seconds=20)
    client.force_login(cast["patient"])
    page = client.get(f"/routines/{routine.pk}/").content.decode()
    assert '<option value="20" selected>' in page


def test_a_post_without_the_rows_count_is_refused_in_plain_words(client, patient):
    from care.models import Routine

    client.force_login(patient)
    response = client.post("/routines/new/", {"name": "Mine", "form-0-muscle": "trapezius"})
    assert response.status_code == 400
    assert "This form was not complete" in response.content.decode()
    assert not Routine.objects.exists()


def test_the_first_row_cannot_move_up(client, patient):
    client.force_login(patient)
    page = client.get("/routines/new/").content.decode()
    assert 'value="0:up" class="control move" disabled' in page


def test_my_routines_list_each_with_its_areas_and_a_start(client, cast):
    client.force_login(cast["patient"])
    page = client.get("/routines/").content.decode()
    assert "Pat&#x27;s secret routine" in page
    assert f"/session/start/{cast['routine'].pk}/" in page


def test_playing_a_routine_runs_its_own_areas_in_order(client, cast):
    client.force_login(cast["patient"])
    page = client.get(f"/session/start/{cast['routine'].pk}/").content.decode()
    planned = [step.muscle for step in cast["routine"].steps.all()]
    found = sorted(planned, key=lambda muscle: page.find(f'"{muscle}"'))
    assert all(f'"{muscle}"' in page for muscle in planned) and found == planned
