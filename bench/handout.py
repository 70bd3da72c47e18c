"""The printed handout's render time: the generic one (the seed's nine areas) and a patient's of ten areas, each
with a note and a video link, on A4. Reported, not judged: the aim is under a second on the bench machine, and a
wall-clock figure on a shared machine is too noisy to fail on."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AIM_SECONDS = 1.0
TEN_AREAS = [
    ("trapezius", "right"),
    ("trapezius", "left"),
    ("levator-scapulae", "right"),
    ("levator-scapulae", "left"),
    ("sternocleidomastoid", "right"),
    ("suboccipitals", ""),
    ("scalenes", "right"),
    ("scalenes", "left"),
    ("pectoralis-major", "right"),
    ("pectoralis-minor", "left"),
]


def measure(rounds: int = 3) -> dict:
    """Run inside Django (see run()): the best of `rounds` renders of each, after one to warm the drawings."""
    import time

    from care import handout
    from care.assigned import AssignedStep

    generic = handout.generic()
    ten = handout.Handout(
        title="Bench",
        steps=[
            AssignedStep(muscle, side, 90, f"A note for {muscle}", f"https://videos.example.org/{muscle}-{side}")
            for muscle, side in TEN_AREAS
        ],
        interval_days=3,
        clinic="Bench clinic",
        practitioner="Dr Bench",
        patient="patient 1",
        live_url="https://unknot.example.org/routines/1/",
        live_label="Your routine",
    )
    figures: dict = {}
    for name, made in (("generic", generic), ("ten areas", ten)):
        first = handout.render(made, "a4")
        times, cpu = [], []
        for _round in range(rounds):
            started = time.process_time()
            times.append(handout.render(made, "a4").seconds)
            cpu.append(time.process_time() - started)
        figures[name] = {"first": first.seconds, "best": min(times), "cpu": min(cpu), "kb": len(first.pdf) // 1024}
        figures[name]["pages"] = _pages(first.pdf)
        figures[name]["refused"] = first.refused  # an image the handout could not load (none expected)
    started = time.perf_counter()
    handout.generic_pdf("a4")
    handout.generic_pdf("a4")
    figures["generic kept"] = time.perf_counter() - started  # once made, then from memory
    return figures


def _pages(pdf: bytes) -> int | None:
    if shutil.which("pdfinfo") is None:
        return None
    out = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return next((int(line.split()[-1]) for line in out.splitlines() if line.startswith("Pages:")), None)


def run(env: dict[str, str]) -> dict:
    code = (
        "import os, json, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'unknot.settings'); django.setup();"
        "from bench.handout import measure; print(json.dumps(measure()))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def report(figures: dict) -> None:
    for name in ("generic", "ten areas"):
        one = figures[name]
        print(
            f"handout PDF ({name}, A4): {one['best']:.2f} s best of 3, {one['cpu']:.2f} s of CPU "
            f"({one['first']:.2f} s the first time), "
            f"{one['pages']} pages, {one['kb']} KB (aim: under {AIM_SECONDS:.0f} s)"
        )
        if one["refused"]:
            print(f"  refused to load: {', '.join(one['refused'])}")
    print(f"handout PDF (generic, made once then kept): {figures['generic kept']:.2f} s for two prints")
