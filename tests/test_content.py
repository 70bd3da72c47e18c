"""The clinical content: complete, cross-referenced, cited, and a malformed file stops start-up."""

import json
import shutil
import tomllib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from clinical.content import ContentError, clinical_claims, content, load
from clinical.geometry import geometry
from clinical.regions import LABELS, PHRASES
from clinical.schema import SOURCE_KINDS

SHARED_VOCABULARY = Path(settings.BASE_DIR).parent / "shared" / "vocabulary.json"


@pytest.fixture
def draft(tmp_path) -> Path:
    """A copy of the content folder to break."""
    folder = tmp_path / "content"
    shutil.copytree(settings.CONTENT_DIR, folder)
    return folder


def test_the_content_has_every_vocabulary_region_and_muscle():
    vocabulary = json.loads((settings.CONTENT_DIR / "vocabulary.json").read_text())
    assert list(content().regions) == [region["id"] for region in vocabulary["regions"]]
    ids = [m["id"] for m in vocabulary["muscles"]["core"] + vocabulary["muscles"]["extended"]]
    assert list(content().muscles) == ids


def _muscle_ids(vocabulary: dict) -> list[str]:
    return [m["id"] for m in vocabulary["muscles"]["core"] + vocabulary["muscles"]["extended"]]


@pytest.mark.skipif(not SHARED_VOCABULARY.exists(), reason="../shared is not beside this checkout")
def test_the_vocabulary_only_grows_from_the_shared_contract():
    """Ids are a contract: every shared region and muscle is still there (a region on the same view), in the
    same order, and new ids come only after the shared ones."""
    shared = json.loads(SHARED_VOCABULARY.read_text())
    ours = json.loads((settings.CONTENT_DIR / "vocabulary.json").read_text())
    shared_regions = [(r["id"], r["view"]) for r in shared["regions"]]
    our_regions = [(r["id"], r["view"]) for r in ours["regions"]]
    assert our_regions[: len(shared_regions)] == shared_regions
    assert len({r for r, _view in our_regions}) == len(our_regions)
    for group in ("core", "extended"):
        shared_ids = [m["id"] for m in shared["muscles"][group]]
        assert [m["id"] for m in ours["muscles"][group]][: len(shared_ids)] == shared_ids
    assert len(set(_muscle_ids(ours))) == len(_muscle_ids(ours))


def test_every_region_has_plain_words():
    assert set(LABELS) == set(content().regions) == set(PHRASES)


def test_every_muscle_has_trigger_points_with_zones_and_a_technique():
    for info in content().muscles.values():
        muscle = info.content
        assert muscle.trigger_points and muscle.techniques
        for point in muscle.trigger_points:
            assert point.referral.essential
            assert point.find.sources


def test_every_muscle_says_what_keeps_it_coming_back():
    assert all(info.content.keeps_coming_back for info in content().muscles.values())


def test_every_stretch_is_held_about_30_seconds_and_says_when_to_stop():
    for muscle_id, info in content().muscles.items():
        stretch = info.content.stretch
        if stretch:
            text = stretch.text.lower()
            assert "30 seconds" in text and ("stop" in text or "never pain" in text), muscle_id


def test_the_front_of_neck_stretches_never_tip_the_head_back_and_scalenes_stop_at_arm_tingling():
    muscles = content().muscles
    for muscle_id in ("sternocleidomastoid", "scalenes"):
        assert "do not tip your head back" in muscles[muscle_id].content.stretch.text.lower(), muscle_id
    assert "tingling or numbness going into your arm" in muscles["scalenes"].content.stretch.text


def test_the_handouts_cautions_are_there():
    scm = " ".join(c.text for c in content().muscles["sternocleidomastoid"].content.cautions).lower()
    assert "pulse" in scm
    scalenes = " ".join(c.text for c in content().muscles["scalenes"].content.cautions).lower()
    assert "nerve" in scalenes


def test_acupoint_codes_are_who_codes_with_names_and_locations():
    for code, point in content().acupoints.items():
        assert point.code == code
        assert point.pinyin and point.english and point.location.sources


def test_red_flags_use_the_three_levels():
    urgencies = {flag.urgency for flag in content().safety.red_flags}
    assert urgencies == {"emergency", "urgent", "clinician"}


def test_the_loaded_content_is_the_one_served_from_memory():
    assert content() is content()


def test_a_missing_field_is_named_with_file_and_entry(draft):
    path = draft / "muscles" / "trapezius.toml"
    path.write_text(path.read_text().replace('view = "back"', "", 1))
    with pytest.raises(ContentError, match=r"trapezius\.toml: trigger_points\[0\]\.view: Field required"):
        load(draft)


def test_an_unknown_region_is_named(draft):
    path = draft / "muscles" / "levator-scapulae.toml"
    text = path.read_text()
    path.write_text(text.replace('essential = ["', 'essential = ["tempel", "', 1))
    with pytest.raises(ContentError, match=r"levator-scapulae\.toml: trigger_points\[0\].*unknown region 'tempel'"):
        load(draft)


def test_a_claim_without_a_source_fails(draft):
    path = draft / "muscles" / "scalenes.toml"
    text = path.read_text()
    start = text.index("summary = {")
    line = text[start : text.index("\n", start)]
    path.write_text(text.replace(line, 'summary = { text = "An unsourced claim.", sources = [] }'))
    with pytest.raises(ContentError, match=r"scalenes\.toml: summary\.sources: List should have at least 1 item"):
        load(draft)


def test_a_source_key_without_a_bibliography_entry_fails(draft):
    path = draft / "muscles" / "rhomboids.toml"
    text = path.read_text()
    path.write_text(text.replace('sources = ["', 'sources = ["nowhere-2099", "', 1))
    with pytest.raises(ContentError, match=r"rhomboids\.toml: .*unknown source 'nowhere-2099'"):
        load(draft)


def test_a_bad_acupoint_code_fails(draft):
    (draft / "acupoints" / "XX99.toml").write_text(
        'pinyin = "x x"\nenglish = "x x x"\nlocation = { text = "xxx", sources = ["melzack-1977"] }\n'
    )
    with pytest.raises(ContentError, match=r"XX99\.toml: code: String should match pattern"):
        load(draft)


def test_a_source_needs_a_url_or_doi(draft):
    (draft / "sources" / "bare.toml").write_text(
        'citation = "A book."\nread = "The cover."\nsupports = "Nothing."\nkind = "lay"\nauthors = "Someone"\n'
    )
    with pytest.raises(ContentError, match=r"bare\.toml: a source needs a url or a doi"):
        load(draft)


def test_a_source_says_what_kind_it_is_and_who_wrote_it(draft):
    (draft / "sources" / "bare.toml").write_text(
        'citation = "A page."\nread = "The page."\nsupports = "Nothing."\nurl = "https://example.org/"\n'
    )
    with pytest.raises(ContentError, match=r"bare\.toml: kind: Field required"):
        load(draft)


def test_every_source_has_a_kind_and_authors():
    for source in content().sources.values():
        assert source.kind in SOURCE_KINDS, source.key
        assert source.authors.strip(), source.key


def test_a_clinical_claim_resting_on_lay_sources_alone_is_named_with_file_entry_and_claim(draft):
    path = draft / "muscles" / "trapezius.toml"
    text = path.read_text()
    start = text.index('text = "Stop if the pain gets worse')
    end = text.index("]", text.index("sources = [", start))
    path.write_text(
        text[:start] + 'text = "Stop if the pain gets worse."\nsources = ["healthymoves-tennis-ball"' + text[end:]
    )
    with pytest.raises(
        ContentError,
        match=r"trapezius\.toml: cautions\[0\]: rests on lay sources alone \(healthymoves-tennis-ball\): 'Stop if",
    ):
        load(draft)


def test_a_lay_source_beside_a_source_of_weight_is_fine(draft):
    path = draft / "muscles" / "trapezius.toml"
    text = path.read_text()
    path.write_text(
        text.replace(
            'sources = ["healthymoves-tennis-ball", "mayo-massage-risks"]',
            'sources = ["mayo-massage-risks", "healthymoves-tennis-ball"]',
        )
    )
    assert load(draft).muscles["trapezius"]


def test_every_source_is_cited_by_the_content_or_the_finders_presentations():
    everything = content()
    cited = {
        key
        for _, _, _, keys in clinical_claims(everything.muscles, everything.acupoints, everything.rules)
        for key in keys
    }
    for part in [
        *(m.content for m in everything.muscles.values()),
        *everything.acupoints.values(),
        everything.rules,
        everything.triage,
    ]:
        cited |= set(_cited(part.model_dump() if part else {}))
    presentations = tomllib.loads((Path(__file__).parent / "data" / "presentations.toml").read_text())["presentation"]
    cited |= {case["source"] for case in presentations}
    for view in geometry().views.values():  # the body's scale and its no-go zones cite anatomy
        cited |= set(view.scale.sources) | {key for zone in view.no_go for key in zone.sources}
    assert set(everything.sources) - cited == set()


def _cited(value: object) -> list[str]:
    if isinstance(value, dict):
        return [k for name, inner in value.items() for k in (inner if name == "sources" else _cited(inner))]
    if isinstance(value, list):
        return [k for inner in value for k in _cited(inner)]
    return []


def test_a_file_that_is_not_toml_is_named(draft):
    (draft / "muscles" / "supraspinatus.toml").write_text("id = ")
    with pytest.raises(ContentError, match=r"supraspinatus\.toml: not valid TOML"):
        load(draft)


def test_a_malformed_file_stops_start_up(draft):
    import subprocess
    import sys

    path = draft / "muscles" / "trapezius.toml"
    path.write_text(path.read_text().replace('view = "back"', 'view = "top"', 1))
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "true", "CONTENT_DIR": str(draft)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "trapezius.toml: trigger_points[0].view: Input should be 'front', 'back' or 'side'" in result.stderr


def test_the_content_check_command_reports_each_muscle(capsys):
    call_command("content", "check")
    out = capsys.readouterr().out
    for info in content().muscles.values():
        assert f"{info.label} ({info.id}" in out
    vocabulary = json.loads((settings.CONTENT_DIR / "vocabulary.json").read_text())
    assert f"OK: {len(_muscle_ids(vocabulary))} muscles" in out


def test_the_content_check_command_fails_on_a_malformed_draft(draft):
    (draft / "safety.toml").write_text("red_flags = []\n")
    with pytest.raises(CommandError, match=r"safety\.toml"):
        call_command("content", "check", "--dir", str(draft))
