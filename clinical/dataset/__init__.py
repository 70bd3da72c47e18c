"""The open dataset: unknot's cited content as a Frictionless Data Package (v2) of CSV tables, the body drawings as
SVG, a JSON edition of the same records and a README.

What is exported is unknot's own: its words, coordinates, zones and pairs (CC BY 4.0), and the sources' citations
(citations only). Nothing that is not unknot's to license goes in: no acupoint location sentences (they follow the
WHO's), no drawings but unknot's own, nothing of the Neck Disability Index.

By job: version.py (content/VERSION), schema.py (how a table is described), tables.py (the ten tables), records.py
(their rows), drawings.py (the SVG views) and package.py (the files, the README and the zip). Callers import from
here.
"""

from clinical.dataset.drawings import body_svg
from clinical.dataset.package import (
    JSON_EDITION,
    PACKAGE_NAME,
    PROFILE,
    README,
    build,
    descriptor,
    export,
    files,
    readme,
    row_counts,
    zip_bytes,
    zipped,
)
from clinical.dataset.records import EMERGENCY_WORDS, records
from clinical.dataset.schema import LICENSE, SOURCES_LICENSE, Field, Table
from clinical.dataset.tables import SOURCES, TABLES, VIEW
from clinical.dataset.version import VERSION_PATTERN, DatasetError, dataset_version, zip_name
from clinical.schema import ACUPOINT_CODE_PATTERN

__all__ = [
    "ACUPOINT_CODE_PATTERN",
    "EMERGENCY_WORDS",
    "JSON_EDITION",
    "LICENSE",
    "PACKAGE_NAME",
    "PROFILE",
    "README",
    "SOURCES",
    "SOURCES_LICENSE",
    "TABLES",
    "VERSION_PATTERN",
    "VIEW",
    "DatasetError",
    "Field",
    "Table",
    "body_svg",
    "build",
    "dataset_version",
    "descriptor",
    "export",
    "files",
    "readme",
    "records",
    "row_counts",
    "zip_bytes",
    "zip_name",
    "zipped",
]
