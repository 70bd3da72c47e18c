"""CITATION.cff says how to cite the open dataset: valid by cffconvert (its own virtualenv, .venv/cff, made by
scripts/setup), naming the version and licence of content/VERSION and the dataset, and matching /data/'s "Cite this"."""

import re
import subprocess
from pathlib import Path

import pytest

from clinical.dataset import dataset_version

ROOT = Path(__file__).resolve().parents[1]
CFFCONVERT = ROOT / ".venv" / "cff" / "bin" / "cffconvert"


def validate(path: Path) -> subprocess.CompletedProcess:
    if not CFFCONVERT.exists():
        pytest.fail("cffconvert is missing: run scripts/setup (it makes .venv/cff)")
    return subprocess.run([str(CFFCONVERT), "--validate", "-i", str(path)], capture_output=True, text=True, check=False)


def test_the_citation_file_is_valid():
    result = validate(ROOT / "CITATION.cff")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid" in result.stdout


def test_a_broken_citation_file_is_caught(tmp_path):
    broken = tmp_path / "CITATION.cff"
    broken.write_text((ROOT / "CITATION.cff").read_text().replace("license: CC-BY-4.0", "license: CC-BY-9"))
    assert validate(broken).returncode != 0


def test_it_names_the_datasets_version_and_licence():
    text = (ROOT / "CITATION.cff").read_text()
    assert re.search(r'^version: "(.+)"$', text, re.M).group(1) == dataset_version()
    assert "license: CC-BY-4.0" in text


def test_the_data_page_cites_it_the_same_way(client):
    text = (ROOT / "CITATION.cff").read_text()
    title = re.search(r'^title: "(.+)"$', text, re.M).group(1).removeprefix("unknot dataset: ")
    html = client.get("/data/").content.decode()
    assert title in html
