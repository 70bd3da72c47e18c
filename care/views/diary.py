"""The pain diary: a quick entry, the list, changing or deleting one's own entries."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from care import diary, submissions
from care.door import AuthenticatedRequest, Patient, patient_for
from care.forms import DiaryForm
from care.models import PainReading
from care.page_cache import personal_page

SHOWN = 60  # entries on the diary page, newest first


@never_cache
@login_required
def diary_list(request: AuthenticatedRequest) -> HttpResponse:
    patient = patient_for(request)
    return personal_page(request, patient, "care/diary.html", lambda: _diary(patient))


def _diary(patient: Patient) -> dict:
    entries = patient.pain_readings().filter(kind=PainReading.Kind.DIARY)[:SHOWN]
    return {"rows": [{"entry": entry, "worse": diary.worse_labels(entry)} for entry in entries]}


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def diary_entry(request: AuthenticatedRequest, entry_id: str | None = None) -> HttpResponse:
    """A new entry (/diary/new/) or one of the person's own (/diary/<id>/)."""
    entry = patient_for(request).diary_entry(entry_id) if entry_id else None
    if request.method == "POST":
        form = DiaryForm(request.POST)
        key = submissions.key_of(request.POST)
        if form.is_valid():
            with transaction.atomic():
                # a doubled tap on "Save" keeps one entry; a change to an existing entry needs no key
                if entry is not None or submissions.first_time(request.user, key):
                    data = form.cleaned_data
                    diary.save_entry(
                        patient_for(request),
                        data["score"],
                        data["when"],
                        form.marks(),
                        data["worse"],
                        data["note"],
                        entry,
                    )
            messages.success(request, _("Saved in your pain diary."))
            return redirect("care:diary")
        return render(request, "care/diary_entry.html", {"form": form, "entry": entry, "form_key": key}, status=400)
    if entry is not None:
        initial = {
            "score": entry.score,
            "when": timezone.localtime(entry.recorded_at),
            "region": entry.marks,
            "worse": entry.worse,
            "note": entry.note,
        }
    else:
        initial = {"when": timezone.localtime().replace(second=0, microsecond=0)}
    form = DiaryForm(initial=initial)
    return render(request, "care/diary_entry.html", {"form": form, "entry": entry, "form_key": submissions.new_key()})


@login_required
@require_POST
def diary_delete(request: AuthenticatedRequest, entry_id: str) -> HttpResponse:
    patient_for(request).diary_entry(entry_id).delete()
    messages.success(request, _("The entry has been deleted."))
    return redirect("care:diary")
