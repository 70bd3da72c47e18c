"""Deleting an account: after the password, nothing of the person is left in any table, and every server
session they signed in with ends."""

import json
import uuid

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session as ServerSessionRow
from django.core.cache import cache
from django.db import models
from django.test import Client
from django.utils import timezone

from care import diary, recording, routines, safety
from care.door import as_themselves
from tests.factories import PASSWORD, PatientFactory
from unknot.sessions import stored_key


@pytest.fixture(autouse=True)
def fresh_cache(db):
    cache.clear()


@pytest.fixture
def person(db):
    """Someone with something in every kind of record unknot keeps."""
    person = PatientFactory(username="del.me", email="del.me@example.org")
    now = timezone.now()
    safety.record(as_themselves(person), {}, now)
    routine = routines.save_routine(as_themselves(person), "Mine", routines.handout_plan()[:2])
    session, _ = recording.start(as_themselves(person), uuid.uuid4(), routines.plan_of(routine), 5, now, routine)
    recording.record_event(as_themselves(session.owner), session, uuid.uuid4(), 0, "done", 90, now)
    recording.finish(as_themselves(session.owner), session, 3, 90, now)
    diary.save_entry(as_themselves(person), 4, now, [], ["screen"], "a note")
    profile = as_themselves(person).profile()
    profile.reminders = True
    profile.save()
    return person


def traces(person_id: int, words: list[str]) -> list[str]:
    """Every row of every model that points at the person or holds their address or username."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            points_at_people = isinstance(field, models.ForeignKey) and field.related_model == get_user_model()
            if points_at_people and model.objects.filter(**{field.attname: person_id}).exists():
                found.append(f"{model._meta.label}.{field.name}")
        if model is get_user_model() and model.objects.filter(pk=person_id).exists():
            found.append("the user row")
        texts = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.JSONField))
        ]
        for row in model.objects.values(*texts).iterator() if texts else []:
            blob = json.dumps(row, default=str).lower()
            found += [f"{model._meta.label} holds {word}" for word in words if word in blob]
    return found


def test_deleting_leaves_nothing_of_the_person_in_any_table(client, person):
    other_device = Client()
    other_device.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
    client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
    client.post("/accounts/password/reset/", {"email": person.email})  # queues a mail holding the address
    person_id = person.pk
    assert traces(person_id, ["del.me@example.org", "del.me"])  # the check finds the records first
    response = client.post("/settings/delete/", {"password": PASSWORD}, follow=True)
    assert "Your account and everything in it have been deleted." in response.content.decode()
    assert traces(person_id, ["del.me@example.org", "del.me"]) == []
    other_key = other_device.cookies["sessionid"].value
    assert not ServerSessionRow.objects.filter(session_key=stored_key(other_key)).exists()  # its server session is gone
    assert other_device.get("/home/").status_code == 302  # so the other device is signed out too


def test_a_wrong_password_deletes_nothing_and_says_so_at_the_field(client, person):
    client.force_login(person)
    response = client.post("/settings/delete/", {"password": "not it"})
    assert response.status_code == 400
    assert "That is not your password. Nothing has been deleted." in response.content.decode()
    assert get_user_model().objects.filter(pk=person.pk).exists()


def test_guessing_the_password_is_stopped_after_five_tries(client, person):
    client.force_login(person)
    for _ in range(5):
        client.post("/settings/delete/", {"password": "not it"})
    assert client.post("/settings/delete/", {"password": PASSWORD}).status_code == 429
    assert get_user_model().objects.filter(pk=person.pk).exists()


def test_deleting_someone_else_is_not_possible(client, person, other_patient):
    client.force_login(other_patient)
    client.post("/settings/delete/", {"password": PASSWORD})  # the other person's own password: deletes them
    assert get_user_model().objects.filter(pk=person.pk).exists()


def queue_mail_to(*to: str):
    from django.core.mail import EmailMessage

    from unknot import mail

    mail.queue(EmailMessage("Your code", "1234", None, list(to)))


def test_mail_to_an_address_with_an_accented_domain_goes_with_the_account(client, db):
    from care.deletion import delete_account
    from unknot.models import PendingMail

    person = PatientFactory(username="zoe", email="zoe@bücher.example")
    queue_mail_to("zoe@xn--bcher-kva.example")  # as a mail library may write it
    queue_mail_to("Zoe@Bücher.example")
    delete_account(person)
    assert PendingMail.objects.count() == 0


def test_deleting_an_account_keeps_other_peoples_mail(db):
    from care.deletion import delete_account
    from unknot.models import PendingMail

    person = PatientFactory(username="a", email="a@b.co")
    queue_mail_to("xa@b.com")  # an address that contains the person's
    queue_mail_to("a@b.co")
    delete_account(person)
    [left] = PendingMail.objects.all()
    assert left.to == ["xa@b.com"]


def test_a_session_whose_key_changed_after_sign_in_ends_too(person):
    from care.deletion import delete_account

    device = Client()
    device.force_login(person)
    session = ServerSessionRow.objects.get()
    # a password change gives the session a new key, which was never recorded at sign-in
    ServerSessionRow.objects.create(
        session_key="rotated" + "x" * 33, session_data=session.session_data, expire_date=session.expire_date
    )
    session.delete()
    delete_account(person)
    assert not ServerSessionRow.objects.exists()
