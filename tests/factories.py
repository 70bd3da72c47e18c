"""The people of the suite, by role, made with factory-boy: a patient as sign-up leaves them (address
verified), another patient, staff, and clinics with their practitioners and patients' links."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

PASSWORD = "a long enough passphrase"


class PersonFactory(factory.django.DjangoModelFactory):
    """Someone with an account whose email address is verified."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda person: f"{person.username}@example.org")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified_address(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


class PatientFactory(PersonFactory):
    pass


class StaffFactory(PersonFactory):
    is_staff = True
    is_superuser = True


class PractitionerFactory(PersonFactory):
    """A person who works in a clinic (give them a MembershipFactory)."""


class ClinicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "access.Clinic"

    name = factory.Sequence(lambda n: f"Clinic {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "access.Membership"

    clinic = factory.SubFactory(ClinicFactory)
    person = factory.SubFactory(PractitionerFactory)
    role = "practitioner"


class CareLinkFactory(factory.django.DjangoModelFactory):
    """A patient's link to a clinic, consented (pass consented_at=None for one not yet consented)."""

    class Meta:
        model = "access.CareLink"

    clinic = factory.SubFactory(ClinicFactory)
    patient = factory.SubFactory(PatientFactory)
    practitioner = None
    consented_at = factory.LazyFunction(timezone.now)
    withdrawn_at = None
