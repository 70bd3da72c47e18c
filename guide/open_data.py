"""The open dataset on the site: the /data/ page, the Data Package's files beside it and the whole as a zip. The
files are the bytes `manage.py content export-dataset` writes (clinical.dataset), made once per release."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clinical import dataset
from unknot.public import public_page

# What each file is served as. CSV is text a browser may show; the zip is a download.
CONTENT_TYPES = {
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
}
# A versioned zip names its release, so it may be kept a day; the other files follow the release at the same URL.
ZIP_MAX_AGE = 24 * 3600


def _open(response: HttpResponse) -> HttpResponse:
    # Open data: tools on other sites (a notebook, a validator in the browser) may fetch it.
    response["Access-Control-Allow-Origin"] = "*"
    return response


@public_page
def page(request: HttpRequest) -> HttpResponse:
    """What the dataset holds, its licence, how to cite it and where to download it."""
    version = dataset.dataset_version()
    counts = dataset.row_counts()
    tables = [
        {"file": f"{table.name}.csv", "title": TABLE_WORDS[table.name], "rows": counts[table.name]}
        for table in dataset.TABLES
    ]
    return render(
        request,
        "guide/data.html",
        {
            "version": version,
            "zip_name": dataset.zip_name(version),
            "zip_size": len(dataset.zip_bytes()),
            "tables": tables,
            "drawings": [{"file": f"body-{view}.svg", "title": title} for view, title in DRAWING_WORDS.items()],
            "json_edition": dataset.JSON_EDITION,
        },
    )


@public_page
def package(request: HttpRequest) -> HttpResponse:
    """datapackage.json: the package's descriptor, with its resources beside it."""
    return file(request, "datapackage.json")


@public_page
def file(request: HttpRequest, name: str) -> HttpResponse:
    """One file of the package, by its name in datapackage.json (muscles.csv, body-back.svg...)."""
    found = dataset.files().get(name)
    if found is None:
        raise Http404(_("The dataset has no file of that name."))
    suffix = name[name.rindex(".") :]
    response = HttpResponse(found, content_type=CONTENT_TYPES[suffix])
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return _open(response)


@public_page
def download(request: HttpRequest, version: str) -> HttpResponse:
    """The whole dataset of this release as one zip (an earlier version's zip is not kept: 404)."""
    current = dataset.dataset_version()
    if version != current:
        raise Http404(_("That version of the dataset is not here. The page lists the current one."))
    response = HttpResponse(dataset.zip_bytes(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{dataset.zip_name(current)}"'
    patch_cache_control(response, max_age=ZIP_MAX_AGE)
    return _open(response)


# What each table holds, in a few plain words for the page.
TABLE_WORDS = {
    "regions": gettext_lazy("Places on the body"),
    "muscles": gettext_lazy("Muscles"),
    "trigger_points": gettext_lazy("Trigger points, with where they are on the drawings"),
    "referral_zones": gettext_lazy("Where each trigger point sends pain"),
    "acupoint_links": gettext_lazy("Acupuncture points near each trigger point"),
    "techniques": gettext_lazy("How to work each muscle yourself"),
    "cautions": gettext_lazy("What to take care with"),
    "red_flags": gettext_lazy("Signs to see a doctor instead"),
    "sources": gettext_lazy("Sources"),
    "citations": gettext_lazy("Which source backs each statement"),
}
DRAWING_WORDS = {
    "front": gettext_lazy("The body from the front, each place and spot named by its id"),
    "back": gettext_lazy("The body from the back, each place and spot named by its id"),
    "side": gettext_lazy("The body from the side, each place and spot named by its id"),
}
