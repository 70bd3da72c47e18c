"""Server sessions stored under a hash of their key: the key is the cookie, so a table, a backup or a log that
held it would hand over a live session (and with it a pending sign-up or sign-in code). The cookie carries the key;
the database holds only its HMAC with the site's secret, which cannot be turned back into a cookie.

The data is signed (Django's), not encrypted: whoever reads the table finds the account's id, which the rest of the
database names anyway, an address typed on a sign-in page, or a pending code, which works only in the browser
that holds the session's cookie. Expired rows are deleted by the task worker (unknot.worker)."""

from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.base_session import AbstractBaseSession
from django.contrib.sessions.models import Session
from django.utils.crypto import salted_hmac

SALT = "unknot.sessions"


def stored_key(session_key: str) -> str:
    """What the database keeps for a session key (40 characters, the column's width)."""
    return salted_hmac(SALT, session_key, algorithm="sha256").hexdigest()[:40]


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self) -> Any:
        key = self.session_key
        if key is None:
            return None
        original, self._session_key = key, stored_key(key)
        try:
            return super()._get_session_from_db()  # type: ignore[misc]  # Django's, missing from its stubs
        finally:
            # the parent forgets a key it did not find; otherwise the cookie's key stays the key
            if self._session_key is not None:
                self._session_key = original

    def exists(self, session_key: str) -> bool:
        return super().exists(stored_key(session_key))

    def create_model_instance(self, data: dict[str, Any]) -> AbstractBaseSession:
        instance = super().create_model_instance(data)
        instance.session_key = stored_key(instance.session_key)
        return instance

    # The async paths (no view uses them yet) keep to the same rule, so a first async view cannot undo it.
    async def _aget_session_from_db(self) -> Any:
        key = self.session_key
        if key is None:
            return None
        original, self._session_key = key, stored_key(key)
        try:
            return await super()._aget_session_from_db()  # type: ignore[misc]  # Django's, missing from its stubs
        finally:
            if self._session_key is not None:
                self._session_key = original

    async def aexists(self, session_key: str) -> bool:
        return await super().aexists(stored_key(session_key))

    async def acreate_model_instance(self, data: dict[str, Any]) -> AbstractBaseSession:
        instance = await super().acreate_model_instance(data)
        instance.session_key = stored_key(instance.session_key)
        return instance

    async def adelete(self, session_key: str | None = None) -> None:
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        await Session.objects.filter(session_key=stored_key(session_key)).adelete()

    def delete(self, session_key: str | None = None) -> None:
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        Session.objects.filter(session_key=stored_key(session_key)).delete()
