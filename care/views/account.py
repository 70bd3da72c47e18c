"""Deleting one's own account, after the password."""

from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from care.deletion import delete_account
from care.door import AuthenticatedRequest
from care.forms import DeleteAccountForm

TRIES = 5  # wrong passwords per person in TRIES_WINDOW before the form waits
TRIES_WINDOW = 15 * 60


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete_my_account(request: AuthenticatedRequest) -> HttpResponse:
    if request.method == "POST":
        key = f"delete-account-tries:{request.user.pk}"
        with transaction.atomic():
            # One try at a time per person: the count is read and raised under a lock on the person's row,
            # so parallel guesses cannot all slip in before the first is counted.
            get_user_model().objects.select_for_update().get(pk=request.user.pk)
            tries = cache.get(key, 0)
            if tries >= TRIES:
                stopped = _("Too many tries. Please wait 15 minutes.")
                context = {"form": DeleteAccountForm(request.user), "stopped": stopped}
                return render(request, "care/delete_account.html", context, status=429)
            form = DeleteAccountForm(request.user, request.POST)
            if not form.is_valid():
                cache.set(key, tries + 1, TRIES_WINDOW)
                return render(request, "care/delete_account.html", {"form": form}, status=400)
            user = request.user
            logout(request)  # ends this session first; the others go with the account
            delete_account(user)
        messages.success(request, _("Your account and everything in it have been deleted."))
        return redirect("guide:home")
    return render(request, "care/delete_account.html", {"form": DeleteAccountForm(request.user)})
