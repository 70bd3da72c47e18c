"""The pain scale, one definition for the models, the API and the player: a whole number from 0 (no pain)
to 10 (the worst imaginable)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PAIN_MIN, PAIN_MAX = 0, 10


def check_pain(value: object, name: str) -> int:
    """The value as a pain score, or a ValidationError naming the field. True and 5.0 are not scores."""
    if isinstance(value, bool) or not isinstance(value, int) or not PAIN_MIN <= value <= PAIN_MAX:
        raise ValidationError(_("%(name)s must be a whole number from 0 to 10.") % {"name": name})
    return value
