"""How sign-in throttling answers: 429 Too Many Requests with a plain message, not a form error."""

from allauth.account.adapter import DefaultAccountAdapter
from django.forms import ValidationError
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Too many tries. To keep your account safe, please wait a few minutes and try again."
        ),
    }

    def pre_authenticate(self, request: HttpRequest, **credentials) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            request.throttled = True  # read by ThrottledMiddleware
            raise


class ThrottledMiddleware:
    """Turns a throttled sign-in into a 429 page that says what to do."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "throttled", False):
            return TemplateResponse(request, "429.html", status=429).render()
        return response
