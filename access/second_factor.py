"""The door's question before anyone reaches someone else's records: has this sign-in passed a second factor?

Two-factor sign-in comes with the practitioners' issue; until then the hook named by the setting
UNKNOT_SECOND_FACTOR answers, and the door refuses whenever it says no. The default asks nothing of anyone
because no one can set up a second factor yet and no page shows a practitioner a patient.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest
from django.utils.module_loading import import_string

Check = Callable[[HttpRequest], bool]


def not_yet_asked(request: HttpRequest) -> bool:
    """Until two-factor sign-in exists, there is nothing to ask."""
    return True


def passed(request: HttpRequest | None) -> bool:
    """Whether this request's sign-in may reach another person's records (no request: no sign-in, so no)."""
    if request is None:
        return False
    check: Check = import_string(getattr(settings, "UNKNOT_SECOND_FACTOR", "access.second_factor.not_yet_asked"))
    return check(request)
