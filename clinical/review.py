"""A plain-text review of the clinical content: what each muscle covers and which sources it rests on."""

import sys
from pathlib import Path

from clinical.content import Content, ContentError, _source_keys, load


def report(content: Content) -> list[str]:
    """Lines describing every muscle's trigger points, referral zones, acupoints, techniques and sources."""
    lines: list[str] = []
    for info in content.muscles.values():
        muscle = info.content
        rank = f"#{info.seed_rank}" if info.seed_rank else "extended"
        lines.append(f"{info.label} ({muscle.id}, {rank})")
        for point in muscle.trigger_points:
            codes = ", ".join(link.code for link in point.acupoints) or "none"
            spill = f"; spillover {', '.join(point.referral.spillover)}" if point.referral.spillover else ""
            lines.append(
                f"  {point.id} [{point.view}]: essential {', '.join(point.referral.essential)}{spill}; acupoints {codes}"
            )
        techniques = ", ".join(f"{t.tool} {t.position}" for t in muscle.techniques)
        linked = sum(1 for video in muscle.videos if video.url)
        lines.append(
            f"  techniques: {techniques}; cautions: {len(muscle.cautions)}; videos: {len(muscle.videos)} ({linked} linked)"
        )
        keys = sorted({key for _, key in _source_keys(muscle.model_dump(), "")})
        lines.append(f"  sources: {', '.join(keys)}")
    red_flags = len(content.safety.red_flags) if content.safety else 0
    questions = content.questions.questions if content.questions else []
    for question in questions:
        effects = [
            f"{value}: {a.effect} {', '.join(a.muscles)}"
            + (f", may indicate {', '.join(a.may_indicate)} (warned)" if a.may_indicate else "")
            for value in ("yes", "no")
            if (a := getattr(question, value))
        ]
        lines.append(f"question {question.id}: {'; '.join(effects)}")
    lines.append(
        f"OK: {len(content.muscles)} muscles, {len(content.trigger_points)} trigger points, "
        f"{len(content.acupoints)} acupoints, {len(content.sources)} sources, {red_flags} red flags, "
        f"{len(questions)} follow-up questions"
    )
    return lines


if __name__ == "__main__":
    # Review a draft folder without starting Django: python -m clinical.review DIR [--partial]

    try:
        print("\n".join(report(load(Path(sys.argv[1]), partial="--partial" in sys.argv))))
    except ContentError as exc:
        sys.exit(f"content error: {exc}")
