"""The safety check's form as a person fills it in, for tests that post it."""

from clinical.content import content

RULES = content().safety
LINE_OF = {flag_id: line for line in RULES.check_lines for flag_id in line.flags}
LINE_OF |= {part.id: LINE_OF[flag.id] for flag in RULES.red_flags for part in flag.parts}

# Both screens answered "None of these apply" (the second screen's post, which records the whole check).
NOTHING = {"screen": "2", "none": "yes"}


def screen_with(yes: list[str] | tuple[str, ...]) -> dict:
    """The screen of the first ticked sign, its lines opened and the signs ticked, "Continue" pressed."""
    screen = min(LINE_OF[sign].screen for sign in yes)
    data: dict[str, object] = {"screen": str(screen), "continue": "yes"}
    for sign in yes:
        line = LINE_OF[sign]
        data[f"line-{line.id}"] = "on"
        data.setdefault(f"signs-{line.id}", []).append(sign)  # type: ignore[union-attr]
    return data


def confirmed(yes: list[str] | tuple[str, ...]) -> dict:
    """The confirmation page's "Yes, that's right" for these signs."""
    screen = min(LINE_OF[sign].screen for sign in yes)
    return {"ticked": list(yes), "screens": [str(s) for s in range(1, screen + 1)], "confirmed": "yes"}


def answers(yes: list[str] | tuple[str, ...] = (), confirm: bool = True) -> dict:
    """One post of the check: nothing ticked, the signs confirmed, or the signs ticked before confirming."""
    if not yes:
        return dict(NOTHING)
    return confirmed(yes) if confirm else screen_with(yes)


def answered_on_this_device(client) -> None:
    """The client as a guest's device that has just answered the whole check with no sign (both cookies)."""
    from django.http import HttpResponse

    from care import quick_check, safety

    response = quick_check.passed(HttpResponse())
    response.set_signed_cookie(safety.DEVICE_COOKIE, safety.device_value(), salt="safety")
    for name in (safety.DEVICE_COOKIE, quick_check.COOKIE):
        client.cookies[name] = response.cookies[name].value
