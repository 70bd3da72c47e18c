"""The people of the suite, by role, made with factory-boy: a patient as sign-up leaves them (address
verified), another patient, staff. The clinic issue adds practitioners of two clinics and an owner."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

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
