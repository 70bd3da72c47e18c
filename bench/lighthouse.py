"""Lighthouse (mobile, offline, Debian's chromium) over the pages a first-time patient goes through: the
guide, the atlas, a muscle page, the finder empty and with an answer, and the session. Budgets from
DESIGN.md: performance at least 0.95, accessibility 1.0, layout shift at most 0.1."""

import json
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PAGES = [
    ("guide", "/"),
    ("atlas", "/atlas/"),
    ("trapezius", "/atlas/trapezius/"),
    ("finder", "/find/"),
    ("find-2", "/find/?region=top-of-shoulder:left&region=back-of-neck:left"),
    ("session", "/session/"),
]
PERFORMANCE = 0.95
ACCESSIBILITY = 1.0
LAYOUT_SHIFT = 0.1


def audit(port: int, cookie: str) -> tuple[list[dict], list[str]]:
    """Runs Lighthouse on each page; returns the figures and the budgets missed."""
    if not LIGHTHOUSE.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=True)
    headers = {"X-Forwarded-Proto": "https", "Cookie": cookie}  # the proxy's header, the safety check's cookie
    rows, failures = [], []
    for name, path in PAGES:
        result = subprocess.run(
            [
                str(LIGHTHOUSE),
                f"http://127.0.0.1:{port}{path}",
                "--output=json",
                "--output-path=stdout",
                "--only-categories=performance,accessibility",
                "--form-factor=mobile",
                f"--extra-headers={json.dumps(headers)}",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
                "--quiet",
            ],
            env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
            capture_output=True,
            text=True,
            check=False,
        )
        try:
            report = json.loads(result.stdout)
        except json.JSONDecodeError:
            failures.append(f"lighthouse {name}: no report ({result.stderr.strip()[-200:]})")
            continue
        row = {
            "name": name,
            "path": path,
            "performance": report["categories"]["performance"]["score"],
            "accessibility": report["categories"]["accessibility"]["score"],
            "cls": report["audits"]["cumulative-layout-shift"]["numericValue"],
            "lcp": report["audits"]["largest-contentful-paint"]["numericValue"],
        }
        rows.append(row)
        if row["performance"] is None or row["performance"] < PERFORMANCE:
            failures.append(f"lighthouse {name}: performance {row['performance']} < {PERFORMANCE}")
        if row["accessibility"] is None or row["accessibility"] < ACCESSIBILITY:
            failures.append(f"lighthouse {name}: accessibility {row['accessibility']} < {ACCESSIBILITY}")
        if row["cls"] > LAYOUT_SHIFT:
            failures.append(f"lighthouse {name}: layout shift {row['cls']:.3f} > {LAYOUT_SHIFT}")
    return rows, failures


def report(rows: list[dict]) -> None:
    print(f"{'lighthouse':<10} {'path':<52} {'perf':>5} {'a11y':>5} {'CLS':>6} {'LCP ms':>7}")
    for row in rows:
        print(
            f"{row['name']:<10} {row['path']:<52} {row['performance']:>5.2f} {row['accessibility']:>5.2f}"
            f" {row['cls']:>6.3f} {row['lcp']:>7.0f}"
        )
