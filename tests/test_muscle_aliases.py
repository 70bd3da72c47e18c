"""Short names people type (content: `aliases` in the muscle file) lead to the muscle's page, never to the API."""

import pytest

from clinical.content import ContentError, content, load


@pytest.mark.parametrize(
    ("alias", "muscle"), [("scm", "sternocleidomastoid"), ("traps", "trapezius"), ("SCM", "sternocleidomastoid")]
)
def test_a_short_name_redirects_permanently_to_the_muscle(client, alias, muscle):
    response = client.get(f"/atlas/{alias}/")
    assert response.status_code == 301 and response.url == f"/atlas/{muscle}/"


def test_an_unknown_name_is_still_not_found(client):
    assert client.get("/atlas/no-such-muscle/").status_code == 404


def test_the_api_knows_only_ids(client):
    assert client.get("/api/v1/muscles/scm").status_code == 404
    assert client.get("/api/v1/muscles/sternocleidomastoid").status_code == 200


def test_every_alias_stands_for_one_muscle_and_is_no_muscles_id():
    data = content()
    names = [alias for info in data.muscles.values() for alias in info.content.aliases]
    assert len(names) == len(set(names)) and not set(names) & set(data.muscles)


def test_the_loader_refuses_an_alias_that_is_another_muscles_id(tmp_path):
    import shutil
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "content"
    shutil.copytree(root, tmp_path / "content")
    path = tmp_path / "content" / "muscles" / "rhomboids.toml"
    path.write_text(path.read_text().replace('aliases = ["rhomboid"]', 'aliases = ["trapezius"]'))
    with pytest.raises(ContentError, match="aliases: 'trapezius'"):
        load(tmp_path / "content")
