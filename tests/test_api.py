"""The JSON API's contract, and its OpenAPI schema checked by a maintained validator."""

import pytest
from openapi_spec_validator import validate

from clinical.content import content


def test_the_openapi_schema_is_valid(client):
    schema = client.get("/api/v1/openapi.json").json()
    validate(schema)
    assert {"/api/v1/regions", "/api/v1/muscles", "/api/v1/muscles/{muscle_id}", "/api/v1/finder"} <= set(
        schema["paths"]
    )


def test_regions_use_the_vocabulary_ids(client):
    regions = client.get("/api/v1/regions").json()
    assert [r["id"] for r in regions] == list(content().regions)
    assert set(regions[0]) == {"id", "label", "view", "sided"}


def test_muscles_are_listed_in_the_handouts_order(client):
    muscles = client.get("/api/v1/muscles").json()
    assert [m["id"] for m in muscles] == list(content().muscles)
    assert muscles[0]["seed_rank"] == 1 and muscles[0]["url"] == "/atlas/trapezius/"


@pytest.mark.parametrize("muscle", list(content().muscles))
def test_a_muscle_has_trigger_points_zones_acupoints_technique_cautions_and_sources(client, muscle):
    body = client.get(f"/api/v1/muscles/{muscle}").json()
    assert body["id"] == muscle
    for point in body["trigger_points"]:
        assert set(point["referral"]) == {"essential", "spillover", "sources"}
        assert all(code in {a["code"] for a in body["acupoints"]} for code in point["acupoints"])
    assert body["techniques"] and body["sources"]
    cited = {key for point in body["trigger_points"] for key in point["referral"]["sources"]}
    assert cited <= {source["key"] for source in body["sources"]}


def test_an_unknown_muscle_is_404_with_a_clear_message(client):
    response = client.get("/api/v1/muscles/biceps")
    assert response.status_code == 404
    assert "No muscle has the id 'biceps'" in response.json()["detail"]


def test_the_finder_ranks_best_first_with_reasons(client):
    body = client.get("/api/v1/finder?region=temple:left&region=side-of-neck:left").json()
    assert body["regions"] == ["temple:left", "side-of-neck:left"]
    first = body["results"][0]
    assert first["muscle"] == "trapezius" and first["side"] == "left"
    assert first["reasons"][0].startswith("Often refers pain to your temple")
    scores = [result["score"] for result in body["results"]]
    assert scores == sorted(scores, reverse=True)


def test_the_finder_names_the_valid_ids_for_an_unknown_region(client):
    response = client.get("/api/v1/finder?region=knee")
    assert response.status_code == 400
    body = response.json()
    assert body["invalid"] == ["knee"]
    assert "temple:left" in body["valid"]


def test_the_finder_weighs_the_place_that_hurts_most(client):
    plain = client.get("/api/v1/finder?region=forehead&region=occiput").json()
    most = client.get("/api/v1/finder?region=forehead&region=occiput&most=occiput").json()
    assert plain["results"][0]["muscle"] == "sternocleidomastoid"
    assert most["results"][0]["muscle"] == "suboccipitals"


def test_the_finder_refuses_a_most_that_is_not_one_of_the_regions(client):
    response = client.get("/api/v1/finder?region=side-of-neck&most=ear")
    assert response.status_code == 400
    assert response.json()["valid"] == ["side-of-neck"]


def test_the_finders_most_is_in_the_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    parameters = schema["paths"]["/api/v1/finder"]["get"]["parameters"]
    assert "most" in {parameter["name"] for parameter in parameters}


def test_the_finder_needs_a_region(client):
    assert client.get("/api/v1/finder").status_code == 400


def test_api_answers_are_cacheable(client):
    assert "public" in client.get("/api/v1/muscles")["Cache-Control"]


@pytest.mark.parametrize(
    "query",
    [
        "",  # no region at all
        "?region=%20",
        "?region=knee",
        "?region=side-of-neck&most=ear",
        "?region=side-of-neck&answer=chew:maybe",
    ],
)
def test_every_400_of_the_finder_matches_the_schema_it_declares(client, query):
    import jsonschema

    schema = client.get("/api/v1/openapi.json").json()
    declared = schema["paths"]["/api/v1/finder"]["get"]["responses"]["400"]["content"]["application/json"]["schema"]
    response = client.get(f"/api/v1/finder{query}")
    assert response.status_code == 400
    jsonschema.validate(response.json(), {**declared, "components": schema["components"]})
    assert response.json()["detail"]


def test_the_api_docs_page_lists_the_calls(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200 and "openapi.json" in page.content.decode()


def test_a_routine_can_be_made_read_changed_and_deleted_through_the_api(client, patient):
    client.force_login(patient)
    steps = [{"muscle": "trapezius", "side": "left", "seconds": 60}]
    made = client.post("/api/v1/routines", {"name": "Mornings", "steps": steps}, content_type="application/json")
    url = f"/api/v1/routines/{made.json()['id']}"
    assert client.get(url).json()["name"] == "Mornings"
    wider = [*steps, {"muscle": "levator-scapulae", "side": "right", "seconds": 90}]
    changed = client.put(url, {"name": "Evenings", "steps": wider}, content_type="application/json").json()
    assert (changed["name"], [s["muscle"] for s in changed["steps"]]) == ("Evenings", ["trapezius", "levator-scapulae"])
    assert client.delete(url).status_code == 204
    assert client.get(url).status_code == 404
