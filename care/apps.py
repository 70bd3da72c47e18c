from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "care"
    verbose_name = "Home care"

    def ready(self) -> None:
        # Imported here, not at the top: models (auth's, care's) may only be imported once the apps are ready.
        from django.contrib.auth.signals import user_logged_in

        from care.deletion import record_sign_in

        user_logged_in.connect(
            lambda sender, request, user, **kwargs: record_sign_in(request, user),
            dispatch_uid="care.record_sign_in",
            weak=False,
        )
