"""Settings, the calendar feed and the reminder unsubscribe link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from care import calendar
from care.forms import ProfileForm
from care.models import Profile
from care.people import AuthenticatedRequest, profile_of


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account_settings(request: AuthenticatedRequest) -> HttpResponse:
    profile = profile_of(request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Settings saved."))
            return redirect("care:settings")
        return render(request, "care/settings.html", _settings_context(request, form, profile), status=400)
    return render(request, "care/settings.html", _settings_context(request, form, profile))


def _settings_context(request: HttpRequest, form: ProfileForm, profile: Profile) -> dict:
    from allauth.account.models import EmailAddress

    verified = EmailAddress.objects.filter(user=request.user, verified=True).exists()
    return {
        "form": form,
        "feed_url": request.build_absolute_uri(reverse("care:calendar", args=[profile.calendar_token])),
        "verified": verified,
    }


@login_required
@require_POST
def renew_calendar(request: AuthenticatedRequest) -> HttpResponse:
    calendar.renew_token(profile_of(request.user))
    messages.success(request, _("Your calendar link has been renewed. The old link no longer works."))
    return redirect("care:settings")


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    return calendar.feed_response(token, timezone.now())


@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    from care.models import Profile
    from care.reminders import unsubscribe as stop

    if not Profile.objects.filter(unsubscribe_token=token).exists():
        raise Http404(_("This link is no longer valid."))
    if request.method == "POST":
        done = stop(token)
        if not done:
            raise Http404(_("This link is no longer valid."))
        return render(request, "care/unsubscribed.html")
    return render(request, "care/unsubscribe.html", {"token": token})
