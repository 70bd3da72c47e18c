"""After a session, one tap for how it went and what got in the way: the questions the best home-exercise
programmes ask, so a practitioner can see why sessions are missed or hard."""

from django.utils.translation import gettext_lazy as _

from care.models import Session

WENT = {"well": _("It went well"), "ok": _("It was OK"), "hard": _("It was hard")}
OBSTACLES = {
    "time": _("Not enough time"),
    "pain": _("It hurt too much"),
    "forgot": _("I forgot"),
    "no-ball": _("No ball to hand"),
    "reach": _("Hard to reach the spot"),
    "unsure": _("Not sure I did it right"),
}


def record(session: Session, went: str, obstacles: list[str]) -> Session:
    """Keeps the answer; answering again replaces it (a change of mind, or a second tap)."""
    if went not in WENT:
        raise ValueError(f"unknown answer {went!r}")
    session.went = went
    session.obstacles = [key for key in OBSTACLES if key in obstacles]
    session.save(update_fields=["went", "obstacles"])
    return session
