"""Accounts: sign-in limits per account and address that answer 429 with a plain message, account emails
sent through the task queue, and a sign-up that takes as long whether or not the address is known."""

import secrets
from collections.abc import Callable
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import ConfirmEmailVerificationCodeForm
from allauth.core import context as allauth_context
from allauth.core.internal import ratelimit
from allauth.core.internal.httpkit import get_client_ip
from django.contrib.auth.hashers import make_password
from django.contrib.sites.shortcuts import get_current_site
from django.forms import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from unknot import mail
from unknot.views import too_many_requests


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Too many tries. To keep your account safe, please wait a few minutes and try again."
        ),
    }

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:

        request = allauth_context.request
        full = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        mail.queue(self.render_mail(template_prefix, email, full))

    def send_account_already_exists_mail(self, email: str) -> None:
        # Hash a password as a new sign-up would, so the answer takes as long whether or not the address
        # has an account.
        make_password(secrets.token_urlsafe(16))
        super().send_account_already_exists_mail(email)

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # Per account *and* address: someone guessing from elsewhere cannot lock the owner out.
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:{get_client_ip(request)}"

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        try:
            super().pre_authenticate(request, **credentials)
            # A looser limit per account across all addresses, against guessing spread over many machines.
            login = credentials.get("email", credentials.get("username", "")).lower()
            self._account_rl_usage = ratelimit.consume(
                request=request, app="allauth.account", action="login_failed_account", key=login
            )
            if not self._account_rl_usage:
                self._rollback_login_failed_rl_usage()
                raise self.validation_error("too_many_login_attempts")
        except ValidationError:
            request.throttled = True  # type: ignore[attr-defined]  # read by ThrottledMiddleware
            raise

    def _rollback_login_failed_rl_usage(self) -> None:
        super()._rollback_login_failed_rl_usage()
        usage = getattr(self, "_account_rl_usage", None)
        if usage:
            usage.rollback()


class ThrottledMiddleware:
    """Turns a throttled sign-in into a 429 page that says what to do."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "throttled", False):
            return too_many_requests(request)
        return response


class EmailCodeForm(ConfirmEmailVerificationCodeForm):
    """The six-digit code from the sign-up email: a number pad on phones, filled in from the message."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].label = _("The 6-digit code from the email")
        self.fields["code"].widget.attrs.update(
            {"inputmode": "numeric", "pattern": "[0-9]*", "maxlength": "6", "placeholder": "123456"}
        )
