"""The safety check's forms: a screen of plain lines, each opening its signs, and the answers carried between
screens and to the confirmation.

A line left alone answers each of its signs no; a ticked sign counts as yes even if its line was closed again
(a slip errs towards caution). A sign with parts is asked as each part and holds when every part is ticked."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from clinical.content import content
from clinical.schema import CheckLine, RedFlag

SCREENS = (1, 2)


def _choices(flags: list[RedFlag]) -> list[tuple[str, str]]:
    return [
        choice for flag in flags for choice in ([(p.id, p.question) for p in flag.parts] or [(flag.id, flag.question)])
    ]


def every_choice() -> list[tuple[str, str]]:
    """Every sign and part a check can tick."""
    return _choices(content().rules.red_flags)


def answers_of(ticked: set[str], screens: set[int]) -> dict[str, bool]:
    """The record of a check: every sign (and part) of the screens answered, yes when ticked, else no."""
    rules = content().rules
    flags = {flag.id: flag for flag in rules.red_flags}
    answers: dict[str, bool] = {}
    for line in rules.check_lines:
        if line.screen not in screens:
            continue
        for flag in (flags[flag_id] for flag_id in line.flags):
            answers.update({part.id: part.id in ticked for part in flag.parts})
            answers[flag.id] = flag.holds({value: True for value in ticked})
    return answers


class SafetyScreenForm(forms.Form):
    """One screen of the check: for each line a yes (`line-<id>`) that opens its signs (`signs-<id>`)."""

    carried = forms.MultipleChoiceField(required=False, widget=forms.MultipleHiddenInput)

    def __init__(self, *args: Any, screen: int = 1, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rules = content().rules
        self.screen = screen
        flags = {flag.id: flag for flag in rules.red_flags}
        self.lines: list[CheckLine] = rules.lines(screen)
        self.choices: dict[str, list[tuple[str, str]]] = {}  # each line's signs and parts
        carried = self.fields["carried"]
        assert isinstance(carried, forms.MultipleChoiceField)
        carried.choices = every_choice()
        for line in self.lines:
            self.choices[line.id] = _choices([flags[flag_id] for flag_id in line.flags])
            self.fields[f"line-{line.id}"] = forms.BooleanField(required=False, label=line.text)
            self.fields[f"signs-{line.id}"] = forms.MultipleChoiceField(
                required=False,
                label=_("Which of these?"),
                choices=self.choices[line.id],
                widget=forms.CheckboxSelectMultiple,
                error_messages={"invalid_choice": _("Please choose from the list.")},
            )

    def rows(self) -> list[dict[str, Any]]:
        """Each line with its yes and its signs, for the template."""
        return [
            {"line": line, "open": self[f"line-{line.id}"], "signs": self[f"signs-{line.id}"]} for line in self.lines
        ]

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        pressed_none = bool(self.data.get("none"))
        any_open = False
        for line in self.lines:
            opened, signs = cleaned.get(f"line-{line.id}"), cleaned.get(f"signs-{line.id}") or []
            any_open = any_open or bool(opened or signs)
            if opened and not signs:
                self.add_error(f"signs-{line.id}", _("Tick the ones you have, or untick this line."))
        if pressed_none and any_open:
            raise forms.ValidationError(
                _("You ticked a line and chose “None of these apply”. Untick the line, or press “Continue”.")
            )
        return cleaned

    def ticked(self) -> set[str]:
        """The signs and parts ticked on this screen and the ones before it."""
        own = {value for line in self.lines for value in self.cleaned_data.get(f"signs-{line.id}") or []}
        return own | set(self.cleaned_data.get("carried") or [])


class SafetyAnswersForm(forms.Form):
    """The answers as the confirmation page sends them back: the ticked signs and the screens answered."""

    ticked = forms.MultipleChoiceField(required=False)
    screens = forms.TypedMultipleChoiceField(coerce=int, choices=[(str(s), str(s)) for s in SCREENS])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ticked = self.fields["ticked"]
        assert isinstance(ticked, forms.MultipleChoiceField)
        ticked.choices = every_choice()

    def answers(self) -> dict[str, bool]:
        return answers_of(set(self.cleaned_data["ticked"]), set(self.cleaned_data["screens"]))
