"""How a technique's words hold the body, held to its fields: the words that turn or tilt the head, tip the chin,
raise, cross or rest the arm, turn the body towards the wall, and name the hand that works. A picture drawn from the fields then shows what the
words say; `content check` refuses a field the words do not say, or words the fields leave out."""

import re

from clinical.schema import Technique

# The position words that say each hold, in the placement and the cues. Matched case-insensitively.
HOLD_WORDS: dict[str, str] = {
    "head-turned-away": r"\bturn(?:s|ed|ing)? your head away|\bhead turned away",
    "head-tilted-towards": r"\b(?:tilt|tip)(?:s|ed|ing)? (?:a little )?(?:your head )?towards the shoulder|\bhead tilt",
    "chin-down": r"\b(?:tip|tuck|drop)(?:s|ped|ed|ing)? your chin\b|\bchin (?:tipped |tucked )?down",
    "arm-raised": r"\barm raised\b|\braise your arm\b|\barm on that side raised",
    "arms-across": r"\b(?:cross|fold)(?:ed|ing)? your arms\b|\barms (?:crossed|folded)\b|\barm (?:of the painful side|on that side) across",
    "arm-in-lap": r"\bin your lap\b",
    "body-turned-to-wall": r"\bturn(?:s|ed|ing)? your body (?:slightly |a little )?towards the wall",
}
# Both hands first: laced behind the head, with the other hand named only as a second way.
HAND_WORDS: dict[str, str] = {
    "both": r"\bhands behind your head\b|\blace your fingers\b|\bboth hands\b",
    "other": r"\b(?:other|opposite) hand\b",
}


def technique_words(technique: Technique) -> str:
    return " ".join([technique.placement.text, *(cue.text for cue in technique.cues)])


def said_holds(text: str) -> set[str]:
    """The holds the words say."""
    return {hold for hold, pattern in HOLD_WORDS.items() if re.search(pattern, text, re.IGNORECASE)}


def said_hand(text: str) -> str:
    """The hand the words name: the other hand, both hands, or (naming neither) the hand of the side worked."""
    for hand, pattern in HAND_WORDS.items():
        if re.search(pattern, text, re.IGNORECASE):
            return hand
    return "same"


def hold_problems(muscle_id: str, index: int, technique: Technique) -> list[str]:
    """Where a technique's `hold` and `hand` differ from its words, each message naming the entry and the words."""
    entry = f"content/muscles/{muscle_id}.toml: techniques[{index}] (how-{index + 1})"
    text = technique_words(technique)
    said = said_holds(text)
    problems = [
        f"{entry}: the words hold the body {hold} ({HOLD_WORDS[hold]!r} matches) but hold does not say it"
        for hold in sorted(said - set(technique.hold))
    ]
    problems += [
        f"{entry}: hold says {hold} but no words of the placement or cues say it"
        for hold in sorted(set(technique.hold) - said)
    ]
    if technique.hand is not None and technique.hand != said_hand(text):
        problems.append(f"{entry}: hand = {technique.hand!r} but the words name the {said_hand(text)} hand")
    return problems
