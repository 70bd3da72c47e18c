"""One-time keys for forms that create records: a double tap or a resent post saves once."""

import re
import uuid
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from care.models import SubmittedForm

FIELD = "form_key"
KEY = re.compile(r"^[0-9a-f]{32}$")


def new_key() -> str:
    return uuid.uuid4().hex


def key_of(data: Mapping[str, Any]) -> str:
    """The key a posted form carries, or a fresh one when it carries none (or a malformed one)."""
    key = data.get(FIELD, "")
    return key if KEY.match(key) else new_key()


def first_time(owner: User, key: str) -> bool:
    """Records the key; False when this form was saved before. Call inside the transaction that saves the
    form, so a form refused for bad input keeps its key free for the corrected post."""
    try:
        with transaction.atomic():
            SubmittedForm.objects.create(owner=owner, key=key)
    except IntegrityError:
        return False
    return True
