"""Each person's data version: a token in the shared cache that changes on every write to their records, so what
is cached from their records (care.page_cache) is keyed by it and an edit shows on the next request, on every
server. A new random token rather than a count: two writes at once can never leave the same version behind."""

import uuid
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction

_writes = 0  # this process's writes to anyone's records so far (care.page_cache.Ahead)


def writes() -> int:
    return _writes


def key(person_id: int) -> str:
    return f"data-version:{person_id}"


def bump(person_ids: Iterable[int | None]) -> None:
    """A write to these people's records: now, and again when the transaction commits, so a page built in
    between from what the database showed before the commit is never kept under the new version."""
    keys = {key(pk) for pk in person_ids if pk is not None}
    if not keys:
        return

    def change() -> None:
        global _writes
        _writes += 1
        cache.set_many({k: uuid.uuid4().hex for k in keys}, None)

    change()
    transaction.on_commit(change)


def start(person_id: int) -> str:
    """A version for a person who has none in the cache (new, or the entry was dropped): a fresh token, so nothing
    kept under an older one is served."""
    token = uuid.uuid4().hex
    cache.set(key(person_id), token, None)
    return token


def forget(person_id: int) -> None:
    """The person's account is deleted: their version goes from the shared cache with them."""
    cache.delete(key(person_id))
