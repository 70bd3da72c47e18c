"""How a table of the dataset is described in datapackage.json: its fields, keys and licence (Frictionless Table
Schema). The tables themselves are in tables.py; this is the one place that turns them into descriptors."""

from dataclasses import dataclass
from typing import Any

LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}
# The sources' titles, authors and links are the works' own: given to cite them, not licensed by unknot.
SOURCES_LICENSE = {
    "name": "citations-only",
    "title": "Citations of other people's works, given to credit them; unknot does not license them",
}


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str
    required: bool = False
    enum: tuple[str, ...] = ()
    pattern: str | None = None

    def descriptor(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "type": self.type, "description": self.description}
        if self.type == "list":
            out["itemType"] = "string"
        # Only the constraints a field has, in this order: the descriptor stays as short as the schema allows.
        given = (("required", self.required), ("enum", list(self.enum)), ("pattern", self.pattern))
        if constraints := {name: value for name, value in given if value}:
            out["constraints"] = constraints
        return out


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = ("id",)
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (field, resource, its field)

    def descriptor(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": "table",
            "path": f"{self.name}.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "title": self.title,
            "description": self.description,
            "licenses": [SOURCES_LICENSE] if self.name == "sources" else [LICENSE],
            "schema": {
                "fields": [field.descriptor() for field in self.fields],
                "primaryKey": list(self.primary_key),
                "foreignKeys": [
                    {"fields": [own], "reference": {"resource": resource, "fields": [theirs]}}
                    for own, resource, theirs in self.foreign_keys
                ],
            },
        }


# The two ways the tables declare a field: most are strings, so the type is named only when it is another.
def required(
    name: str, description: str, type: str = "string", *, enum: tuple[str, ...] = (), pattern: str | None = None
) -> Field:
    """A field every row fills in."""
    return Field(name, type, description, required=True, enum=enum, pattern=pattern)


def optional(name: str, description: str, type: str = "string", *, enum: tuple[str, ...] = ()) -> Field:
    """A field a row may leave empty."""
    return Field(name, type, description, enum=enum)
