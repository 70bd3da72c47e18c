from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "access"
    verbose_name = _("Clinics and consent")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added, authenticator_removed, authenticator_reset
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from access import audit, second_factor

        authenticator_removed.connect(second_factor.on_authenticator_removed, dispatch_uid="unknot-mfa-removed")
        user_logged_in.connect(audit.on_sign_in, dispatch_uid="unknot-audit-sign-in")
        user_login_failed.connect(audit.on_sign_in_failed, dispatch_uid="unknot-audit-sign-in-failed")
        for changed in (authenticator_added, authenticator_removed, authenticator_reset):
            changed.connect(audit.on_authenticator_changed, dispatch_uid=f"unknot-audit-mfa-{id(changed)}")
