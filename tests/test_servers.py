"""What only production shows: gunicorn with 4 workers, two app servers and two reminder senders on one
database. Sign-in limits hold across processes and servers, a session moves between servers, and each
reminder goes once. The two-server test runs on PostgreSQL (the suite's second pass)."""

import json
import os
import re
import threading
import uuid

import pytest

from tests.servers import Browser, Sink, Site

# The servers use a database of their own; starting gunicorn several times takes a minute and more.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

PASSWORD = "a long enough passphrase"


@pytest.fixture
def mail_sink():
    sink = Sink()
    thread = threading.Thread(target=sink.serve_forever, daemon=True)
    thread.start()
    yield sink
    sink.shutdown()
    sink.server_close()


@pytest.fixture
def site(tmp_path, mail_sink):
    site = Site(tmp_path, mail_sink.port)
    yield site
    site.close()


def make_person(site: Site, email: str) -> None:
    site.shell(
        "from django.contrib.auth import get_user_model; from allauth.account.models import EmailAddress;"
        f"u = get_user_model().objects.create_user({email.split('@')[0]!r}, {email!r}, {PASSWORD!r});"
        f"EmailAddress.objects.create(user=u, email={email!r}, verified=True, primary=True);"
        "from care import safety; from care.door import as_themselves; from django.utils import timezone; safety.record(as_themselves(u), {}, timezone.now()); print(u.pk)"
    )


def wrong_tries(ports: list[int], email: str, tries: int) -> list[int]:
    statuses = []
    for n in range(tries):
        status, _, _ = Browser().post_form(ports[n % len(ports)], "/accounts/login/", {"login": email, "password": "x"})
        statuses.append(status)
    return statuses


def test_four_workers_allow_no_more_password_checks_per_account_than_the_limit(site):
    make_person(site, "pat@example.org")
    port = site.serve(workers=4)
    statuses = wrong_tries([port], "pat@example.org", 20)
    checked = [s for s in statuses if s != 429]
    assert len(checked) <= 5, statuses  # the limit is 5 per account and address, whichever worker answers
    assert statuses[-1] == 429


@pytest.mark.skipif(not os.environ.get("DATABASE_URL"), reason="two app servers share one PostgreSQL")
def test_two_app_servers_and_two_senders_on_one_postgresql(site, mail_sink):
    make_person(site, "pat@example.org")
    one, two = site.serve(workers=2), site.serve(workers=2)

    # Sign-in limits are shared: tries spread over both servers still stop at the limit.
    statuses = wrong_tries([one, two], "pat@example.org", 10)
    assert len([s for s in statuses if s != 429]) <= 5, statuses

    # A session started on one server is finished on the other. (Every request here comes from 127.0.0.1,
    # the attacker's address, so the owner waits for the limit's window, which clearing the cache ends.)
    owner = Browser()
    assert owner.post_form(two, "/accounts/login/", {"login": "pat@example.org", "password": PASSWORD})[0] == 429
    site.shell("from django.core.cache import cache; cache.clear(); print(1)")
    assert owner.post_form(one, "/accounts/login/", {"login": "pat@example.org", "password": PASSWORD})[0] == 302
    session_id = str(uuid.uuid4())
    steps = [{"muscle": "trapezius", "side": "left", "seconds": 60}]
    status, _ = owner.post_json(one, "/api/v1/sessions", {"id": session_id, "pain_before": 5, "steps": steps})
    assert status == 201
    event = {"id": str(uuid.uuid4()), "step": 0, "kind": "done", "seconds": 60}
    assert owner.post_json(two, f"/api/v1/sessions/{session_id}/events", event)[0] == 201
    status, body = owner.post_json(
        two, f"/api/v1/sessions/{session_id}/finish", {"pain_after": 3, "active_seconds": 60}
    )
    assert status == 200 and json.loads(body)["pain_after"] == 3

    # Twenty people due a reminder, two senders at once: each reminder goes once.
    site.shell(
        "import uuid; from datetime import timedelta, time; from django.utils import timezone;"
        "from django.contrib.auth import get_user_model; from allauth.account.models import EmailAddress;"
        "from care.models import Profile, Session; U = get_user_model(); past = timezone.now() - timedelta(days=3);"
        "users = [U.objects.create_user(f'r{n}', f'r{n}@example.org') for n in range(20)];"
        "[EmailAddress.objects.create(user=u, email=u.email, verified=True, primary=True) for u in users];"
        "[Profile.objects.create(user=u, reminders=True, reminder_time=time(0, 0)) for u in users];"
        "[Session.objects.create(owner=u, started_at=past, finished_at=past, pain_before=4) for u in users]; print(1)"
    )
    senders = [site.start("manage.py", "send_reminders") for _ in range(2)]
    outputs = [sender.communicate(timeout=120) for sender in senders]
    assert all(sender.returncode == 0 for sender in senders), outputs
    sent = sorted(address for message in mail_sink.messages for address in message if address.startswith("r"))
    assert sent == sorted(f"r{n}@example.org" for n in range(20))  # once each, never twice


@pytest.mark.skipif(not os.environ.get("DATABASE_URL"), reason="a read-only PostgreSQL database")
def test_a_read_only_database_fails_the_health_check_and_writes_answer_503(site):
    from tests.servers import request

    site._admin(f'ALTER DATABASE "{site.database}" SET default_transaction_read_only = on')
    port = site.serve(workers=1, healthy=False)
    status, body, _ = request(port, "GET", "/healthz")
    assert status == 503 and json.loads(body)["database"] == "read-only"
    status, page, headers = Browser().post_form(port, "/accounts/login/", {"login": "a@example.org", "password": "x"})
    assert status == 503 and headers["Retry-After"] == "120"
    assert "Nothing you sent was changed" in page


@pytest.mark.skipif(not os.environ.get("DATABASE_URL"), reason="two app servers share one PostgreSQL")
def test_two_app_servers_share_the_sign_in_limits_and_the_owner_still_gets_in_by_code(site, mail_sink):
    """Behind a proxy (TRUSTED_PROXY_COUNT=1, the client's address in X-Forwarded-For), one server of 4 workers
    and one of 2, on one database: changing the Host header's port does not raise the limit, 30 wrong
    passwords from elsewhere stop the password alone on both, and the owner's password on one server gets a
    code mailed to the owner that signs in on the other."""
    site.env["TRUSTED_PROXY_COUNT"] = "1"
    make_person(site, "pat@example.org")
    one, two = site.serve(workers=4), site.serve(workers=2)
    wrong = {"login": "pat@example.org", "password": "x"}

    statuses = []
    for n in range(10):
        port, host = [(one, "127.0.0.1"), (two, f"127.0.0.1:{9000 + n}")][n % 2]
        visitor = Browser({"X-Forwarded-For": "203.0.113.9", "Host": host})
        statuses.append(visitor.post_form(port, "/accounts/login/", wrong)[0])
    assert statuses.count(200) == 5 and statuses[-1] == 429, statuses

    statuses = []
    for n in range(30):  # each from an address of its own, over both servers
        status = Browser({"X-Forwarded-For": f"198.18.0.{n + 1}"}).post_form(
            [one, two][n % 2], "/accounts/login/", wrong
        )[0]
        statuses.append(status)
    # 5 failures above and 25 here make the account's 30; then a password leads only to the code page
    assert statuses == [200] * 25 + [302] * 5, statuses
    owner = Browser({"X-Forwarded-For": "192.0.2.7"})
    status, _, headers = owner.post_form(two, "/accounts/login/", {"login": "pat@example.org", "password": PASSWORD})
    assert status == 302 and headers["Location"] == "/accounts/login/code/confirm/"  # the password alone: no
    assert owner.get(two, "/home/")[0] == 302
    guesser = Browser({"X-Forwarded-For": "198.18.1.1"})  # a wrong password gets the same answer
    status, _, headers = guesser.post_form(one, "/accounts/login/", wrong)
    assert status == 302 and headers["Location"] == "/accounts/login/code/confirm/"

    site.manage("db_worker", "--batch", "--no-startup-delay")  # the right password's code goes out, only it
    assert mail_sink.messages == [["pat@example.org"]]
    code = re.search(r"\b(\d{6})\b", mail_sink.bodies[-1]).group(1)
    status, _, headers = owner.post_form(one, "/accounts/login/code/confirm/", {"code": code})
    assert status == 302 and headers["Location"] == "/home/"
    assert owner.get(two, "/home/")[0] == 200

    # The code path's own limit holds across servers: 3 codes an hour for one account from one address.
    statuses = [
        Browser({"X-Forwarded-For": "192.0.2.99"}).post_form(
            [one, two][n % 2], "/accounts/login/code/", {"email": "pat@example.org"}
        )[0]
        for n in range(4)
    ]
    assert statuses == [302, 302, 302, 429], statuses


def sign_in_with_code(browser: Browser, port: int, other_port: int, email: str) -> None:
    """Password on one server, the app's code on the other (the login's pending step is in the shared session)."""
    from tests.cast import totp_code

    status, _, headers = browser.post_form(port, "/accounts/login/", {"login": email, "password": PASSWORD})
    assert (status, headers["Location"]) == (302, "/accounts/2fa/authenticate/")
    status, _, headers = browser.post_form(other_port, "/accounts/2fa/authenticate/", {"code": totp_code()})
    assert status == 302, status


@pytest.mark.skipif(not os.environ.get("DATABASE_URL"), reason="two app servers share one PostgreSQL")
def test_two_servers_end_a_removed_members_and_an_idle_owners_access_at_once(site):
    from tests.cast import TOTP_SECRET

    ids = site.shell(
        "from django.contrib.auth import get_user_model; from allauth.account.models import EmailAddress;"
        "from allauth.mfa.totp.internal.auth import TOTP; from access.models import CareLink, Clinic, Membership;"
        "from django.utils import timezone; U = get_user_model();"
        f"people = [U.objects.create_user(n, n + '@example.org', {PASSWORD!r}) for n in ('owner', 'carer', 'pat')];"
        "[EmailAddress.objects.create(user=u, email=u.email, verified=True, primary=True) for u in people];"
        f"[TOTP.activate(u, {TOTP_SECRET!r}) for u in people[:2]];"
        "clinic = Clinic.objects.create(name='Calm Necks');"
        "Membership.objects.create(clinic=clinic, person=people[0], role='owner');"
        "m = Membership.objects.create(clinic=clinic, person=people[1]);"
        "CareLink.objects.create(clinic=clinic, patient=people[2], practitioner=people[1], consented_at=timezone.now(),"
        " label='Pat Example');"
        "print(m.pk, people[2].pk)"
    )
    membership, _patient = ids.split()
    one, two = site.serve(workers=2), site.serve(workers=2)

    carer, owner = Browser(), Browser()
    sign_in_with_code(carer, one, two, "carer@example.org")
    sign_in_with_code(owner, two, one, "owner@example.org")
    for port in (one, two):
        status, page, _ = carer.get(port, "/clinic/patients/")
        assert status == 200 and "Pat Example" in page

    # The owner removes the carer on one server: the carer's next request on either has no clinic.
    status, _, _ = owner.post_form(two, f"/clinic/members/{membership}/remove/", {}, form_page="/clinic/members/")
    assert status == 302
    for port in (one, two):
        status, _, headers = carer.get(port, "/clinic/patients/")
        assert (status, headers["Location"]) == (302, "/clinic/")

    # Each request of the owner's sets the shared session row to end 30 minutes on; when those 30 minutes pass
    # idle (the row's expiry moved to then), both servers send the owner to sign in.
    assert owner.get(one, "/clinic/members/")[0] == 200
    minutes = site.shell(
        "from django.contrib.sessions.models import Session; from django.utils import timezone;"
        "rows = [s for s in Session.objects.all() if s.get_decoded().get('_auth_user_id') == "
        "str(__import__('django.contrib.auth', fromlist=['x']).get_user_model().objects.get(username='owner').pk)];"
        "print(round((rows[0].expire_date - timezone.now()).total_seconds() / 60))"
    )
    assert minutes == "30"
    site.shell(
        "from datetime import timedelta; from django.contrib.sessions.models import Session;"
        "from django.utils import timezone; from django.contrib.auth import get_user_model;"
        "pk = str(get_user_model().objects.get(username='owner').pk);"
        "rows = [s.pk for s in Session.objects.all() if s.get_decoded().get('_auth_user_id') == pk];"
        "print(Session.objects.filter(pk__in=rows).update(expire_date=timezone.now() - timedelta(seconds=1)))"
    )
    for port in (one, two):
        status, _, headers = owner.get(port, "/clinic/members/")
        assert status == 302 and headers["Location"].startswith("/accounts/login/")


@pytest.mark.skipif(not os.environ.get("DATABASE_URL"), reason="two app servers share one PostgreSQL")
def test_two_servers_a_patient_joins_is_seen_and_withdraws(site):
    """The joining journey with each step on the other server: what one server wrote, the other acts on at once."""
    from tests.cast import TOTP_SECRET

    site.shell(
        "from django.contrib.auth import get_user_model; from allauth.account.models import EmailAddress;"
        "from allauth.mfa.totp.internal.auth import TOTP; from access.models import Clinic, Membership;"
        "U = get_user_model();"
        f"people = [U.objects.create_user(n, n + '@example.org', {PASSWORD!r}) for n in ('carer', 'ann')];"
        "[EmailAddress.objects.create(user=u, email=u.email, verified=True, primary=True) for u in people];"
        f"TOTP.activate(people[0], {TOTP_SECRET!r});"
        "clinic = Clinic.objects.create(name='Calm Necks');"
        "Membership.objects.create(clinic=clinic, person=people[0], role='owner', display_name='Dr Lee')"
    )
    one, two = site.serve(workers=2), site.serve(workers=2)
    carer, ann = Browser(), Browser()
    sign_in_with_code(carer, one, two, "carer@example.org")
    status, page, _ = carer.post_form(
        one, "/clinic/patients/add/", {"label": "Ann Example"}, form_page="/clinic/patients/"
    )
    assert status == 200
    path = re.search(r"https?://[^\s<\"]+(/join/[\w-]+/)", page).group(1)

    status, _, headers = ann.post_form(two, "/accounts/login/", {"login": "ann@example.org", "password": PASSWORD})
    assert status == 302
    status, _, headers = ann.post_form(one, path, {"old_enough": "on"}, form_page=path)
    assert (status, headers["Location"]) == (302, "/settings/clinics/")

    status, page, _ = carer.get(two, "/clinic/patients/")
    entry = re.search(r'href="(/clinic/patients/\d+/)">Ann Example<', page).group(1)
    status, page, _ = carer.get(one, entry)
    assert status == 200 and "Sharing since" in page
    status, page, _ = ann.get(two, "/settings/record-opened/")
    assert "Dr Lee at Calm Necks opened your record" in page

    status, page, _ = ann.get(one, "/settings/clinics/")
    withdraw = re.search(r'action="(/settings/clinics/\d+/withdraw/)"', page).group(1)
    status, _, _ = ann.post_form(two, withdraw, {}, form_page="/settings/clinics/")
    assert status == 302
    for port in (one, two):
        status, page, _ = carer.get(port, entry)
        assert status == 200 and "Consent withdrawn on" in page and "Sessions" not in page
    # nothing of the audit trail can be changed from either server's database connection
    assert "refused" in site.shell(
        "from access.models import AuditEvent; from django.db import DatabaseError\n"
        "try:\n    AuditEvent.objects.update(action='view')\nexcept DatabaseError:\n    print('refused')"
    )
