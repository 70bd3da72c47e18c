"""The handout's timing for one area, and what getting into position adds, so every page that says how long a
session takes (the finder's start bar, the player, home) counts the same way."""

# The handout: "spend no more than a couple of minutes on each area".
DEFAULT_SECONDS = 90
MAX_SECONDS = 120
MIN_SECONDS = 15
READY_ALLOWANCE = 20  # seconds a person takes to get into position, counted in a session's length


def session_minutes(seconds: list[int]) -> int:
    """How many minutes a session of areas this long takes, getting into position included (at least 1)."""
    return max(1, round(sum(s + READY_ALLOWANCE for s in seconds) / 60))
