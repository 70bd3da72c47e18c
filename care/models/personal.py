"""What every kind of personal record shares: a record handed out by a read-only door cannot be saved or deleted,
and every write changes its person's data version (care.data_version), whether one record or a queryset at once."""

from collections.abc import Iterable
from functools import reduce
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models

from care import data_version


class PersonalRecord:
    """Mixed into each personal model before models.Model. care.door marks the records it gives a viewer who
    may only read them (a practitioner reads a diary, never changes it); writing one of those raises.

    `person_path`: the field path from the record to its person (for a queryset's filters and values)."""

    person_path = "owner"

    def _refuse_if_read_only(self) -> None:
        if getattr(self, "_unknot_read_only", False):
            raise PermissionDenied("Not yours to change.")

    def person_id(self) -> int | None:
        *through, last = self.person_path.split("__")
        record = reduce(getattr, through, self)
        return getattr(record, f"{last}_id", None)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._refuse_if_read_only()
        super().save(*args, **kwargs)  # type: ignore[misc]
        data_version.bump([self.person_id()])

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        self._refuse_if_read_only()
        person = self.person_id()
        deleted = super().delete(*args, **kwargs)  # type: ignore[misc]
        data_version.bump([person])
        return deleted


class PersonalQuerySet[M: models.Model](models.QuerySet[M]):
    """Bulk writes (update, delete, bulk_create, bulk_update) change the data version of every person whose
    records they touch, as a record's own save() and delete() do."""

    def _people(self) -> set[int]:
        path = self.model.person_path  # type: ignore[attr-defined]
        return set(self.order_by().values_list(path, flat=True).distinct())

    def update(self, **kwargs: Any) -> int:
        people = self._people()
        count = super().update(**kwargs)
        data_version.bump(people)
        return count

    def delete(self) -> tuple[int, dict[str, int]]:
        people = self._people()
        deleted = super().delete()
        data_version.bump(people)
        return deleted

    def bulk_create(self, objs: Iterable[M], *args: Any, **kwargs: Any) -> list[M]:
        created = super().bulk_create(objs, *args, **kwargs)
        data_version.bump(record.person_id() for record in created)  # type: ignore[attr-defined]
        return created

    def bulk_update(self, objs: Iterable[M], *args: Any, **kwargs: Any) -> int:
        objs = list(objs)
        count = super().bulk_update(objs, *args, **kwargs)
        data_version.bump(record.person_id() for record in objs)  # type: ignore[attr-defined]
        return count
