from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "care"
    verbose_name = "Home care"

    def ready(self) -> None:
        # Imported here, not at the top: models (auth's, care's) may only be imported once the apps are ready.
        from allauth.account.models import EmailAddress
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_delete, post_save

        from care import data_version
        from care.deletion import record_sign_in

        user_logged_in.connect(
            lambda sender, request, user, **kwargs: record_sign_in(request, user),
            dispatch_uid="care.record_sign_in",
            weak=False,
        )
        # Whether a person's address is confirmed shows on their settings page (kept per data version).
        for signal in (post_save, post_delete):
            signal.connect(
                lambda sender, instance, **kwargs: data_version.bump([instance.user_id]),
                sender=EmailAddress,
                dispatch_uid=f"care.address_changes_pages.{signal is post_save}",
                weak=False,
            )
        # Whether a person works in a clinic is kept under their data version too (care.middleware).
        from access.models import Membership

        for signal in (post_save, post_delete):
            signal.connect(
                lambda sender, instance, **kwargs: data_version.bump([instance.person_id]),
                sender=Membership,
                dispatch_uid=f"care.membership_changes_facts.{signal is post_save}",
                weak=False,
            )
        # Stopping sharing with a clinic makes the routine it gave the person theirs (care.assigned).
        from care.assigned import make_their_own
        from clinic.patient_invitations import consent_withdrawn

        consent_withdrawn.connect(
            lambda sender, person, clinic_id, **kwargs: make_their_own(person, clinic_id),
            dispatch_uid="care.withdrawn_routine_is_theirs",
            weak=False,
        )
