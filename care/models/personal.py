"""What every kind of personal record shares: a record handed out by a read-only door cannot be saved or deleted."""

from typing import Any

from django.core.exceptions import PermissionDenied


class PersonalRecord:
    """Mixed into each personal model before models.Model. care.door marks the records it gives a viewer who
    may only read them (a practitioner reads a diary, never changes it); writing one of those raises."""

    def _refuse_if_read_only(self) -> None:
        if getattr(self, "_unknot_read_only", False):
            raise PermissionDenied("Not yours to change.")

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._refuse_if_read_only()
        super().save(*args, **kwargs)  # type: ignore[misc]

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        self._refuse_if_read_only()
        return super().delete(*args, **kwargs)  # type: ignore[misc]
