"""The open dataset (issue 39): `manage.py content export-dataset DIR` writes a Frictionless Data Package v2 that the
frictionless library finds valid with the network blocked, that holds nothing unknot may not license, and that the
site serves byte for byte at /data/."""

import csv
import io
import json
import re
import shutil
import socket
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from clinical import dataset, ndi
from clinical.content import content

TABLES = [table.name for table in dataset.TABLES]


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to reach another machine fails the test (frictionless must not fetch its profiles)."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"the test tried to use the network: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_the_network_is_blocked_where_the_tests_say_so(no_network):
    with pytest.raises(AssertionError, match="network"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)
    with pytest.raises(AssertionError, match="network"):
        socket.getaddrinfo("localhost", 80)


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("dataset")
    call_command("content", "export-dataset", str(folder), stdout=io.StringIO())
    return folder


def rows(folder: Path, table: str) -> list[dict[str, str]]:
    with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def validate(folder: Path):
    from frictionless import validate

    return validate(str(folder / "datapackage.json"))


def error_types(report) -> set[str]:
    return {error.type for task in report.tasks for error in task.errors} | {error.type for error in report.errors}


def test_the_package_is_valid_without_the_network(exported, no_network):
    report = validate(exported)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    checked = {task.name for task in report.tasks}
    assert set(TABLES) <= checked


def test_the_frictionless_command_finds_no_error(exported):
    """What someone who downloads it runs: `frictionless validate datapackage.json`, here with any web request sent
    to a proxy that is not there."""
    import os
    import subprocess
    import sys

    command = Path(sys.executable).with_name("frictionless")
    blocked = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "NO_PROXY": ""}
    result = subprocess.run(
        [str(command), "validate", "datapackage.json"],
        cwd=exported,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **blocked},
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "INVALID" not in result.stdout


def test_the_descriptor_says_what_it_is_whose_and_which_version(exported):
    package = json.loads((exported / "datapackage.json").read_text())
    assert package["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert package["version"] == (Path(__file__).parents[1] / "content" / "VERSION").read_text().strip()
    assert re.fullmatch(r"\d+\.\d+\.\d+", package["version"])
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert all(person["roles"] for person in package["contributors"])
    resources = {resource["name"]: resource for resource in package["resources"]}
    assert set(TABLES) | {"body-front", "body-back", "body-side", "json-edition"} == set(resources)
    assert resources["sources"]["licenses"][0]["name"] == "citations-only"
    for name in TABLES:
        schema = resources[name]["schema"]
        assert schema["primaryKey"], name
        assert (exported / resources[name]["path"]).exists()
    # every clinical table names its sources
    for name in (
        "muscles",
        "trigger_points",
        "referral_zones",
        "acupoint_links",
        "techniques",
        "cautions",
        "red_flags",
    ):
        fields = {field["name"]: field for field in resources[name]["schema"]["fields"]}
        assert fields["sources"]["constraints"]["required"] is True, name


def test_primary_keys_are_unknots_stable_ids(exported):
    data = content()
    assert [row["id"] for row in rows(exported, "muscles")] == list(data.muscles)
    assert {row["id"] for row in rows(exported, "trigger_points")} == set(data.trigger_points)
    assert {row["id"] for row in rows(exported, "regions")} == set(data.regions)
    assert {row["id"] for row in rows(exported, "red_flags")} == {flag.id for flag in data.rules.red_flags}
    links = {(row["trigger_point_id"], row["code"]) for row in rows(exported, "acupoint_links")}
    expected = {
        (p.id, link.code) for info in data.muscles.values() for p in info.content.trigger_points for link in p.acupoints
    }
    assert links == expected
    points = set(data.trigger_points)
    for technique in rows(exported, "techniques"):
        named = technique["trigger_point_ids"].split(",")
        assert named and set(named) <= points, technique["id"]
        assert all(data.trigger_points[point][0] == technique["muscle_id"] for point in named)


def test_every_referral_zone_and_acupoint_pair_traces_to_its_sources(exported):
    sources = {row["id"]: row for row in rows(exported, "sources")}
    cited = {(row["trigger_point_id"], row["claim"], row["source_id"]) for row in rows(exported, "citations")}
    for zone in rows(exported, "referral_zones"):
        keys = zone["sources"].split(",")
        assert keys and all(key in sources for key in keys)
        assert all((zone["trigger_point_id"], "referral", key) in cited for key in keys)
    for link in rows(exported, "acupoint_links"):
        assert re.fullmatch(dataset.ACUPOINT_CODE_PATTERN, link["code"])
        keys = link["sources"].split(",")
        assert all((link["trigger_point_id"], f"acupoint-{link['code']}", key) in cited for key in keys)
    assert all(row["link"].startswith(("https://", "http://")) for row in sources.values())


def test_trigger_points_carry_their_coordinates_on_the_drawing(exported):
    from xml.etree import ElementTree

    from clinical.geometry import geometry

    for view in ("front", "back", "side"):
        root = ElementTree.parse(exported / f"body-{view}.svg").getroot()  # noqa: S314 (our own file)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"

    for row in rows(exported, "trigger_points"):
        xy = geometry().views[row["view"]].trigger_points[row["id"]]
        assert (float(row["x"]), float(row["y"])) == (xy.x, xy.y)
        drawing = (exported / f"body-{row['view']}.svg").read_text()
        assert f'id="tp-{row["id"]}"' in drawing


def test_the_json_edition_holds_the_same_records(exported):
    edition = json.loads((exported / dataset.JSON_EDITION).read_text())
    for name in TABLES:
        assert len(edition[name]) == len(rows(exported, name)), name
        assert [str(row[key]) for row in edition[name] for key in ("id",) if key in row] == [
            row["id"] for row in rows(exported, name) if "id" in row
        ]


def test_the_export_holds_nothing_unknot_may_not_license(exported):
    text = "\n".join(path.read_text(encoding="utf-8") for path in exported.iterdir())
    statements = [str(option) for item in ndi.ITEMS for option in item.options]
    assert len(statements) == 60
    for statement in statements:
        assert statement not in text, statement
    for point in content().acupoints.values():  # where a point lies, which follows the WHO's locations
        assert point.location.text not in text, point.code
    readme = (exported / "README.md").read_text()
    assert "CC BY 4.0" in readme and "Citations only" in readme and "How to cite it" in readme


def test_ndi_headings_are_absent_as_questionnaire_items(exported):
    csv_text = "\n".join((exported / f"{name}.csv").read_text() for name in TABLES)
    assert "82226-2" not in csv_text and "LA25853-5" not in csv_text


@pytest.fixture
def broken(exported, tmp_path) -> Path:
    copy = tmp_path / "copy"
    shutil.copytree(exported, copy)
    return copy


def rewrite(folder: Path, table: str, change) -> None:
    """Changes a table of a copy: `change` gets the rows (dicts) and returns the rows to write."""
    found = rows(folder, table)
    with (folder / f"{table}.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(found[0]))
        writer.writeheader()
        writer.writerows(change(found))


def test_a_repeated_id_is_caught(broken, no_network):
    rewrite(broken, "muscles", lambda found: [*found, found[0]])
    report = validate(broken)
    assert not report.valid
    assert "primary-key" in error_types(report)


def test_a_trigger_point_of_no_muscle_is_caught(broken, no_network):
    rewrite(broken, "trigger_points", lambda found: [found[0] | {"muscle_id": "no-such-muscle"}, *found[1:]])
    report = validate(broken)
    assert not report.valid
    assert "foreign-key" in error_types(report)


def test_a_source_that_is_not_there_is_caught(broken, no_network):
    rewrite(broken, "citations", lambda found: [found[0] | {"source_id": "no-such-source"}, *found[1:]])
    report = validate(broken)
    assert not report.valid
    assert "foreign-key" in error_types(report)


def test_an_acupoint_code_outside_the_who_pattern_is_caught(broken, no_network):
    rewrite(broken, "acupoint_links", lambda found: [found[0] | {"code": "GB210"}, *found[1:]])
    report = validate(broken)
    assert not report.valid
    assert "constraint-error" in error_types(report)


def test_each_break_is_the_only_error(broken, no_network):
    """The three breaks above are caught for what they are: the copy untouched is valid."""
    assert validate(broken).valid


def test_the_command_needs_a_folder(tmp_path):
    with pytest.raises(CommandError, match="Say where"):
        call_command("content", "export-dataset")
    (tmp_path / "file").write_text("x")
    with pytest.raises(CommandError, match="is a file"):
        call_command("content", "export-dataset", str(tmp_path / "file"))


def test_a_bad_version_stops_the_export(tmp_path, settings):
    (tmp_path / "VERSION").write_text("one\n")
    with pytest.raises(dataset.DatasetError, match="not a semantic version"):
        dataset.dataset_version(tmp_path)


# The site serves the same bytes.


def test_the_data_page_lists_the_files_licence_and_how_to_cite(client):
    response = client.get("/data/")
    assert response.status_code == 200
    html = response.content.decode()
    version = dataset.dataset_version()
    assert f'href="/data/unknot-dataset-{version}.zip"' in html
    for name in TABLES:
        assert f'href="/data/{name}.csv"' in html
    assert 'href="/data/datapackage.json"' in html
    assert "CC BY 4.0" in html and 'id="cite"' in html
    assert f"{dataset.row_counts()['trigger_points']}</td>" in html
    assert "public" in response["Cache-Control"]
    assert len(response.content) < 14_000  # the HTML within one round trip (DESIGN.md)


def test_the_sources_page_says_how_to_cite(client):
    html = client.get("/sources/").content.decode()
    assert 'id="cite"' in html and 'href="/data/#cite"' in html


def test_the_package_and_its_files_are_served_as_exported(client, exported):
    package = client.get("/data/datapackage.json")
    assert package.status_code == 200 and package["Content-Type"] == "application/json"
    assert package.content == (exported / "datapackage.json").read_bytes()
    for resource in json.loads(package.content)["resources"]:
        response = client.get(f"/data/{resource['path']}")
        assert response.status_code == 200, resource["path"]
        assert response.content == (exported / resource["path"]).read_bytes()
        assert response["Content-Type"].split(";")[0] == resource["mediatype"]
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "public" in response["Cache-Control"]
    readme = client.get("/data/README.md")
    assert readme["Content-Type"] == "text/markdown; charset=utf-8"
    assert client.get("/data/settings.py").status_code == 404
    assert client.get("/data/../manage.py").status_code == 404


def test_the_zip_is_the_whole_package_under_its_version(client, exported):
    version = dataset.dataset_version()
    response = client.get(f"/data/unknot-dataset-{version}.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == f'attachment; filename="unknot-dataset-{version}.zip"'
    assert "public" in response["Cache-Control"] and "max-age=86400" in response["Cache-Control"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        inside = {Path(name).name: archive.read(name) for name in archive.namelist()}
        assert all(name.startswith(f"unknot-dataset-{version}/") for name in archive.namelist())
    assert inside == {path.name: path.read_bytes() for path in exported.iterdir()}
    assert client.get("/data/unknot-dataset-0.0.1.zip").status_code == 404


def test_the_zip_unpacked_is_a_valid_package(client, tmp_path, no_network):
    version = dataset.dataset_version()
    response = client.get(f"/data/unknot-dataset-{version}.zip")
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        archive.extractall(tmp_path)
    assert validate(tmp_path / f"unknot-dataset-{version}").valid


def test_the_files_are_kept_in_the_public_page_cache(client, monkeypatch):
    first = client.get("/data/muscles.csv")

    def rebuilt():
        raise AssertionError("served again from scratch instead of the cache")

    monkeypatch.setattr(dataset, "files", rebuilt)
    second = client.get("/data/muscles.csv")
    assert second.content == first.content


def test_the_data_files_are_public_pages_only(client):
    assert client.post("/data/muscles.csv").status_code == 405
