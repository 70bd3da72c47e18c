"""Django's makemessages, also collecting strings marked with `_lazy` (modules that use both gettext and
gettext_lazy import the lazy one under that name; xgettext knows only the standard names)."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_lazy"]
