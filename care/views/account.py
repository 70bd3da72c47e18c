"""Deleting one's own account, after the password (or, for an account without one, a code mailed to it)."""

from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from care import deletion_codes
from care.deletion import delete_account
from care.door import AuthenticatedRequest
from care.forms import DeleteAccountForm, DeleteByCodeForm

TRIES = 5  # wrong passwords per person in TRIES_WINDOW before the form waits
TRIES_WINDOW = 15 * 60


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete_my_account(request: AuthenticatedRequest) -> HttpResponse:
    by_code = not request.user.has_usable_password()
    Form = DeleteByCodeForm if by_code else DeleteAccountForm
    if by_code and request.method == "POST" and request.POST.get("send_code"):
        deletion_codes.send(request)
        messages.info(request, _("We have sent a 6-digit code to %(email)s.") % {"email": request.user.email})
        return redirect("care:delete_account")
    if request.method == "POST":
        key = f"delete-account-tries:{request.user.pk}"
        with transaction.atomic():
            # One try at a time per person: the count is read and raised under a lock on the person's row,
            # so parallel guesses cannot all slip in before the first is counted.
            get_user_model().objects.select_for_update().get(pk=request.user.pk)
            tries = cache.get(key, 0)
            if tries >= TRIES:
                stopped = _("Too many tries. Please wait 15 minutes.")
                context = {"form": Form(request.user), "stopped": stopped, "by_code": by_code}
                return render(request, "care/delete_account.html", context, status=429)
            form = Form(request.user, request.POST)
            if by_code and form.is_valid():
                try:
                    deletion_codes.check(request, form.cleaned_data["code"])
                except ValidationError as error:
                    form.add_error("code", error)
            if not form.is_valid():
                cache.set(key, tries + 1, TRIES_WINDOW)
                context = {"form": form, "by_code": by_code, "code_sent": by_code and deletion_codes.sent(request)}
                return render(request, "care/delete_account.html", context, status=400)
            user = request.user
            logout(request)  # ends this session first; the others go with the account
            delete_account(user)
        messages.success(request, _("Your account and everything in it have been deleted."))
        return redirect("guide:home")
    context = {"form": Form(request.user), "by_code": by_code, "code_sent": by_code and deletion_codes.sent(request)}
    return render(request, "care/delete_account.html", context)
