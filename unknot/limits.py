"""Sign-in limits that cannot be turned against the owner, kept under keys no one can read an address from.

Every rate-limit key of the shared cache (allauth's and unknot's) is stored as an HMAC made with the site's
secret (`make_key`, the default cache's KEY_FUNCTION): the cache table holds no address, and no unsalted hash
of one that a list of addresses could be matched against.

unknot's own limits on one account live in two cache entries per account (`consume`), one for wrong passwords
(from one client address and from all) and one for sign-in codes asked for it (from one client address). Entries named by the
account alone are what let deleting the account remove them all (`forget`), whatever addresses the tries came
from. The client
address is the one allauth resolves behind the trusted proxy (ALLAUTH_TRUSTED_PROXY_COUNT or
ALLAUTH_TRUSTED_CLIENT_IP_HEADER), never the Host header, and it too is kept only as an HMAC.
"""

import time
from collections.abc import Iterable
from dataclasses import dataclass

from allauth.core.internal import ratelimit
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

RATE_LIMIT_PREFIXES = ("allauth:rl:", "unknot:rl:")


def make_key(key: str, key_prefix: str, version: int) -> str:
    """The default cache's key function: rate-limit keys (and their locks) become an HMAC with the secret."""
    if key.startswith(RATE_LIMIT_PREFIXES):
        key = "rl:" + salted_hmac("unknot.limits.key", key, algorithm="sha256").hexdigest()
    return f"{key_prefix}:{version}:{key}"


def tag(kind: str, value: str) -> str:
    """A short HMAC of an address, for the names inside an account's entry."""
    return salted_hmac(f"unknot.limits.{kind}", value, algorithm="sha256").hexdigest()[:32]


KINDS = ("password", "code")  # an entry each, so a flood of one never holds the other's lock


def account_key(account: str, kind: str) -> str:
    return f"unknot:rl:account:{kind}:{account.strip().lower()}"


def client_address(request: HttpRequest) -> str:
    """The client's address as allauth resolves it behind the proxy (an IPv6 address by its /64)."""
    return ratelimit.get_ip(request)


def rates(name: str) -> list[ratelimit.Rate]:
    return ratelimit.parse_rates(settings.UNKNOT_ACCOUNT_LIMITS.get(name, ""))


def _longest() -> float:
    return max((rate.duration for name in settings.UNKNOT_ACCOUNT_LIMITS for rate in rates(name)), default=3600)


@dataclass
class Usage:
    """Tries counted by `consume`, to be taken back when they turn out to be no failure (the right password)."""

    key: str
    stamp: float
    names: list[str]

    def rollback(self) -> None:
        with ratelimit.cache_lock(self.key) as locked:
            if not locked:
                return  # not taken back: only stricter
            entry = cache.get(self.key, {})
            for name in self.names:
                entry[name] = [stamp for stamp in entry.get(name, []) if stamp != self.stamp]
            cache.set(self.key, entry, _longest())


def consume(account: str, kind: str, limits: dict[str, str]) -> Usage | None:
    """Counts one try of a kind (password or code) against each of the account's limits named in `limits`
    ({name in the entry: name in UNKNOT_ACCOUNT_LIMITS}): all of them or, when any is used up, none (and
    answers None)."""
    key = account_key(account, kind)
    with ratelimit.cache_lock(key) as locked:
        if not locked:
            return None
        entry: dict[str, list[float]] = cache.get(key, {})
        now = time.time()
        counted = []
        for slot, name in limits.items():
            for rate in rates(name):
                history_name = f"{slot}:{rate}"
                allowed, entry[history_name] = ratelimit.apply_rate(
                    entry.get(history_name, []), now, rate, dry_run=True
                )
                if not allowed:
                    return None
                counted.append(history_name)
        for history_name in counted:
            entry[history_name].insert(0, now)
        # Histories past every window are dropped, so the entry stays small however many addresses try.
        entry = {name: history for name, history in entry.items() if history}
        cache.set(key, entry, _longest())
        return Usage(key, now, counted)


def clear(account: str, kind: str) -> None:
    """Forgets the account's tries of a kind (e.g. every wrong password)."""
    cache.delete(account_key(account, kind))


def _key_limits(app: str, config: dict[str, str], key: str) -> list[str]:
    keys = []
    for action, rate_text in config.items():
        for rate in ratelimit.parse_rates(rate_text):
            if rate.per == "key":
                cache_key = ratelimit.get_cache_key(HttpRequest(), app=app, action=action, rate=rate, key=key)
                keys += [cache_key, f"{cache_key}:lock"]
    return keys


def forget(addresses: Iterable[str]) -> None:
    """Removes every rate-limit entry keyed on these addresses: unknot's per-account entries, allauth's
    per-address limits (password reset, email confirmation) and unknot.accounts' mail limits per address."""
    from allauth.account import app_settings as account_settings

    from unknot import accounts

    for address in {a.strip().lower() for a in addresses if a}:
        keys = [key for kind in KINDS for key in (account_key(address, kind), f"{account_key(address, kind)}:lock")]
        keys += _key_limits("allauth.account", account_settings.RATE_LIMITS, address)
        keys += _key_limits("unknot", accounts.ADDRESS_LIMITS, accounts.address_key(address))
        cache.delete_many(keys)
