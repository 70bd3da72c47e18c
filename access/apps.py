from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "access"
    verbose_name = _("Clinics and consent")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_removed

        from access import second_factor

        authenticator_removed.connect(second_factor.on_authenticator_removed, dispatch_uid="unknot-mfa-removed")
