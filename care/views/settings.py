"""Settings, the calendar feed and the reminder unsubscribe link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from care import calendar, door, reminders
from care.door import AuthenticatedRequest, patient_for
from care.forms import ProfileForm
from care.models import Profile
from care.page_cache import personal_page
from care.reminders import unsubscribe as stop
from care.time_zones import TimeZoneForm


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account_settings(request: AuthenticatedRequest) -> HttpResponse:
    patient = patient_for(request)
    if request.method != "POST":

        def context() -> dict:
            profile = patient.profile()
            return _settings_context(request, ProfileForm(instance=profile), profile)

        return personal_page(request, patient, "care/settings.html", context)
    profile = patient.profile()
    form = ProfileForm(request.POST, instance=profile)
    if form.is_valid():
        form.save()
        messages.success(request, _("Settings saved."))
        return redirect("care:settings")
    return render(request, "care/settings.html", _settings_context(request, form, profile), status=400)


def _settings_context(request: HttpRequest, form: ProfileForm, profile: Profile) -> dict:
    # whether the address is confirmed: a change to it changes the person's data version too (care.apps)
    verified = reminders.has_verified_address(profile.user)
    return {"form": form, "verified": verified, **calendar.links(request, profile)}


def _back(request: HttpRequest) -> HttpResponse:
    """Back to the page the one-tap form was on, if it is ours; else home."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("care:home")


@login_required
@require_POST
def set_time_zone(request: AuthenticatedRequest) -> HttpResponse:
    """One tap: keep the time zone the device reports (or one chosen from the list)."""
    form = TimeZoneForm(request.POST, instance=patient_for(request).profile())
    if not form.is_valid():
        messages.error(request, _("We don't know that time zone. Please choose yours from the list."))
        return redirect("care:settings")
    form.save()
    messages.success(request, _("Time zone set: %(zone)s.") % {"zone": form.instance.time_zone})
    return _back(request)


@login_required
@require_POST
def reminders_on(request: AuthenticatedRequest) -> HttpResponse:
    """One tap turns reminders on; with no confirmed address the same tap sends the confirmation mail."""
    patient = patient_for(request)
    profile = patient.profile()
    patient.profiles().update(reminders=True)
    if reminders.has_verified_address(request.user):
        messages.success(
            request,
            _("Reminders are on. We will email you on the day a session is due, at %(time)s.")
            % {"time": profile.reminder_time.strftime("%H:%M")},
        )
        return _back(request)
    address = reminders.confirm_address(request)
    if address is None:
        messages.warning(request, _("Reminders are on, but we have no email address for you yet. Please add one."))
        return redirect("account_email")
    messages.info(
        request,
        _("We have sent a code to %(address)s. Reminders start once you enter it here to confirm your address.")
        % {"address": address},
    )
    return redirect("account_email_verification_sent")


@login_required
@require_POST
def renew_calendar(request: AuthenticatedRequest) -> HttpResponse:
    calendar.renew_token(patient_for(request).profile())
    messages.success(request, _("Your calendar link has been renewed. The old link no longer works."))
    return redirect("care:settings")


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    return calendar.feed_response(token, timezone.now())


@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:

    if not door.unsubscribe_token_exists(token):
        raise Http404(_("This link is no longer valid."))
    if request.method == "POST":
        done = stop(token)
        if not done:
            raise Http404(_("This link is no longer valid."))
        return render(request, "care/unsubscribed.html")
    return render(request, "care/unsubscribe.html", {"token": token})
