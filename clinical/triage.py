"""The finder's warnings: marked places, and follow-up answers, that may come from the heart, an artery or a
nerve.

The rules are cited content (content/triage.toml); this module only matches them against the marks and the
answers ({question id: yes?}, as atlas.finder.parse_answers gives them). Every place a session can start
from the finder's answer (the finder page, the player, the routine editor, the API) asks it with both.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from clinical.content import Content, content
from clinical.marks import Mark
from clinical.schema import LEVELS, FinderWarning, Source

# Levels that stop the finder from leading straight into self-massage: its instruction comes first.
BLOCKING = frozenset({"emergency", "urgent"})


@dataclass(frozen=True)
class Warning:
    rule: FinderWarning
    sources: list[Source]

    @property
    def id(self) -> str:
        return self.rule.id

    @property
    def level(self) -> str:
        return self.rule.level

    @property
    def blocks(self) -> bool:
        return self.rule.level in BLOCKING


def _matches(pattern: str, mark: Mark) -> bool:
    region, _sep, side = pattern.partition(":")
    if side == "unsided":
        return mark.region == region and mark.side is None
    return mark.region == region and (not side or mark.side == side)


def _fires(rule: FinderWarning, marks: list[Mark], given: set[str]) -> bool:
    return all(any(_matches(pattern, mark) for pattern in group for mark in marks) for group in rule.when) and all(
        answer in given for answer in rule.answers
    )


def warnings_for(marks: list[Mark], answers: Mapping[str, bool], data: Content | None = None) -> list[Warning]:
    """The warnings these marks and follow-up answers raise, most severe first (content order within a level);
    [] when calm. Pass the answers wherever they are known: a "yes" to chewing can raise a warning by itself."""
    data = data or content()
    if data.triage is None:
        return []
    given = {f"{qid}:{'yes' if yes else 'no'}" for qid, yes in answers.items()}
    fired = [rule for rule in data.triage.warnings if _fires(rule, marks, given)]
    hidden = {other for rule in fired for other in rule.supersedes}
    kept = [rule for rule in fired if rule.id not in hidden]
    kept.sort(key=lambda rule: LEVELS.index(rule.level))  # stable: content order within a level
    return [Warning(rule, data.sources_of(rule)) for rule in kept]


def blocking(warnings: list[Warning], acknowledged: frozenset[str] | set[str] = frozenset()) -> list[Warning]:
    """The warnings that must be heeded before a session starts from these marks.

    An urgent warning is conditional ("if you are over 50 and this is new"), so the person may say it does
    not apply to them; an emergency warning cannot be waved away here."""
    return [w for w in warnings if w.blocks and not (w.level == "urgent" and w.id in acknowledged)]
