"""Deleting one's own account, after the password (or, for an account without one, a code mailed to it)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from care import mailbox_codes
from care.deletion import delete_account
from care.door import AuthenticatedRequest
from care.forms import DeleteAccountForm, DeleteByCodeForm, MailboxCodeForm

TRIES = 5  # wrong passwords per person in TRIES_WINDOW before the form waits
TRIES_WINDOW = 15 * 60


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete_my_account(request: AuthenticatedRequest) -> HttpResponse:
    by_code = not request.user.has_usable_password()
    Form = DeleteByCodeForm if by_code else DeleteAccountForm
    if by_code and request.method == "POST" and request.POST.get("send_code"):
        if mailbox_codes.send(request, "delete"):
            messages.info(request, _("We have sent a 6-digit code to %(email)s.") % {"email": request.user.email})
        else:
            messages.error(request, _("You have asked for several codes this hour. Please use the last one, or wait."))
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
                    mailbox_codes.check(request, "delete", form.cleaned_data["code"])
                except ValidationError as error:
                    form.add_error("code", error)
            if not form.is_valid():
                cache.set(key, tries + 1, TRIES_WINDOW)
                context = {
                    "form": form,
                    "by_code": by_code,
                    "code_sent": by_code and mailbox_codes.sent(request, "delete"),
                }
                return render(request, "care/delete_account.html", context, status=400)
            user = request.user
            logout(request)  # ends this session first; the others go with the account
            delete_account(user)
        messages.success(request, _("Your account and everything in it have been deleted."))
        return redirect("guide:home")
    context = {
        "form": Form(request.user),
        "by_code": by_code,
        "code_sent": by_code and mailbox_codes.sent(request, "delete"),
    }
    return render(request, "care/delete_account.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def prove_mailbox(request: AuthenticatedRequest) -> HttpResponse:
    """ "Is it you?" for an account without a password, before its password or addresses change."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("care:settings")
    here = f"{reverse('care:prove_mailbox')}?{urlencode({'next': next_url})}"
    if request.user.has_usable_password():
        return redirect(next_url)  # they have a password: allauth asks for it where needed
    form = MailboxCodeForm()
    if request.method == "POST" and request.POST.get("send_code"):
        if mailbox_codes.send(request, "account"):
            messages.info(request, _("We have sent a 6-digit code to %(email)s.") % {"email": request.user.email})
        else:
            messages.error(request, _("You have asked for several codes this hour. Please use the last one, or wait."))
        return redirect(here)
    if request.method == "POST":
        form = MailboxCodeForm(request.POST)
        if form.is_valid():
            try:
                mailbox_codes.check(request, "account", form.cleaned_data["code"])
            except ValidationError as error:
                form.add_error("code", error)
            else:
                return redirect(next_url)
    context = {"form": form, "next": next_url, "code_sent": mailbox_codes.sent(request, "account")}
    return render(request, "care/prove_mailbox.html", context, status=400 if form.errors else 200)
