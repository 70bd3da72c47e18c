"""Deleting one's own account, after the password."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from care.deletion import delete_account
from care.forms import DeleteAccountForm
from care.people import AuthenticatedRequest

TRIES = 5  # wrong passwords per person in TRIES_WINDOW before the form waits
TRIES_WINDOW = 15 * 60


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete_my_account(request: AuthenticatedRequest) -> HttpResponse:
    if request.method == "POST":
        key = f"delete-account-tries:{request.user.pk}"
        if cache.get(key, 0) >= TRIES:
            context = {"form": DeleteAccountForm(request.user), "stopped": _("Too many tries. Please wait 15 minutes.")}
            return render(request, "care/delete_account.html", context, status=429)
        form = DeleteAccountForm(request.user, request.POST)
        if form.is_valid():
            user = request.user
            logout(request)  # ends this session first; the others go with the account
            delete_account(user)
            messages.success(request, _("Your account and everything in it have been deleted."))
            return redirect("guide:home")
        cache.add(key, 0, TRIES_WINDOW)
        cache.incr(key)
        return render(request, "care/delete_account.html", {"form": form}, status=400)
    return render(request, "care/delete_account.html", {"form": DeleteAccountForm(request.user)})
