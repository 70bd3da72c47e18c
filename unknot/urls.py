from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.views.generic.base import RedirectView

from api.views import api
from unknot import views
from unknot.accounts import ActivateAppView

# Staff sign in through the same form and limits as everyone else (no unthrottled admin login).
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("", include("guide.urls")),
    path("", include("atlas.urls")),
    path("", include("care.urls")),
    path("", include("clinic.urls")),
    # allauth's own page, which also counts its code as this session's second factor (unknot.accounts).
    path("accounts/2fa/totp/activate/", ActivateAppView.as_view(), name="mfa_activate_totp"),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("healthz", views.healthz, name="healthz"),
    # The JavaScript catalogue (plural forms for the player); its URL names the release, so it is kept a year.
    path("jsi18n/", views.javascript_catalogue, name="javascript-catalog"),
    path("favicon.ico", RedirectView.as_view(url="/static/img/favicon.ico", permanent=True), name="favicon"),
    path("admin/", admin.site.urls),
]

handler404 = "unknot.views.page_not_found"
handler500 = "unknot.views.server_error"
handler429 = "unknot.views.too_many_requests"  # read by django-allauth's rate limits
