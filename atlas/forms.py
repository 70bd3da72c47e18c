"""The finder's question as one form: the marked places, where it hurts most, and the answers to the follow-up
questions. The finder page and the API's /finder read a request through it, so both parse it the same way."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from atlas import finder


class FinderForm(forms.Form):
    """`region` (repeatable, `temple:left`), `most` (one of them) and `answer` (repeatable, `chew:yes`).

    Cleaned: `region` a list of marks, `most` one of them or None, `answer` {question id: yes?}. A refused
    value names what was wrong and what would have been accepted (`refusal`)."""

    region = forms.Field(required=False, widget=forms.MultipleHiddenInput)
    most = forms.CharField(required=False)
    answer = forms.Field(required=False, widget=forms.MultipleHiddenInput)

    def clean_region(self) -> list[finder.Mark]:
        values = [value for value in self.cleaned_data["region"] or [] if value.strip()]
        if not values:
            raise forms.ValidationError(
                _("Mark at least one place where it hurts, then press “Show muscles”."),
                code="required",
                params={"invalid": [], "valid": finder.valid_marks()},
            )
        try:
            return finder.parse_marks(values)
        except finder.UnknownRegion as exc:
            raise forms.ValidationError(
                _("We don't know these places: %(marks)s. Please choose from the list."),
                code="unknown",
                params={"marks": ", ".join(exc.marks), "invalid": exc.marks, "valid": exc.valid},
            ) from exc

    def clean_answer(self) -> dict[str, bool]:
        values = [value for value in self.cleaned_data["answer"] or [] if value.strip()]
        try:
            return finder.parse_answers(values)
        except finder.UnknownAnswer as exc:
            raise forms.ValidationError(
                _("We don't know these answers: %(answers)s. Please answer yes or no."),
                code="unknown",
                params={"answers": ", ".join(exc.answers), "invalid": exc.answers, "valid": exc.valid},
            ) from exc

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        marks = cleaned.get("region")
        given = (cleaned.get("most") or "").strip()
        cleaned["most"] = None
        if marks and given:
            cleaned["most"] = next((mark for mark in marks if str(mark) == given), None)
            if cleaned["most"] is None:
                self.add_error(
                    "most",
                    forms.ValidationError(
                        _("“Hurts most” must be one of the places you marked."),
                        code="not-marked",
                        params={"invalid": [given], "valid": [str(mark) for mark in marks]},
                    ),
                )
        return cleaned

    def refusal(self) -> tuple[str, forms.ValidationError] | None:
        """The first refused field and why, or None when the form is valid: region, then most, then answer."""
        if self.is_valid():
            return None
        errors = self.errors.as_data()
        field = next(name for name in ("region", "most", "answer") if name in errors)
        return field, errors[field][0]

    def marks(self) -> list[finder.Mark]:
        """The marks, also when `most` or an answer was refused (the page still shows the places)."""
        return self.cleaned_data.get("region") or []
