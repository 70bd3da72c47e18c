"""The names of the bony landmarks drawn on the body (content/body/*.toml), listed here so that they are
collected for translation; the drawings translate them as they draw. A test checks none is missing."""

from django.utils.translation import gettext_noop as _

LANDMARK_WORDS = frozenset(
    {
        _("Adam's apple"),
        _("Base of skull"),
        _("Base of the skull"),
        _("Bone behind the ear (mastoid)"),
        _("Bony tip of the shoulder"),
        _("Bottom tip"),
        _("Bottom tip of the shoulder blade"),
        _("Breastbone bump (2nd rib)"),
        _("C7"),
        _("C7, the bump at the base of the neck"),
        _("Collarbone"),
        _("Inner edge"),
        _("Inner edge of the shoulder blade"),
        _("Mastoid"),
        _("Ridge (spine) of the shoulder blade"),
        _("Ridge of shoulder blade"),
        _("Small bump on the breastbone (second rib)"),
        _("Tip of shoulder"),
        _("Top inner corner"),
        _("Top inner corner of the shoulder blade"),
        _("Top of breastbone"),
        _("Top of the breastbone"),
        _("Top of the breastbone (notch)"),
    }
)
