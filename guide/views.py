"""The guide: the practitioner's handout made into pages a patient can read on a phone."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from clinical.content import SourceGroup, content
from clinical.emergency import numbers_of
from clinical.schema import LEVELS
from guide import ACUPUNCTURE_SOURCES, offline
from unknot.public import public_page


@public_page
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "key_areas": content().key_areas(),
        "acupuncture_sources": ACUPUNCTURE_SOURCES,
    }
    return render(request, "guide/home.html", context)


@public_page
def safety(request: HttpRequest) -> HttpResponse:
    safety = content().rules
    numbers = numbers_of(request)
    return render(
        request,
        "guide/safety.html",
        {
            "safety": safety,
            "patterns": triage.warnings if (triage := content().triage) else [],
            "levels": [
                {
                    "id": level,
                    "style": "clinician" if level == "clinician" else "emergency",
                    "title": LEVEL_WORDS[level][0],
                    "intro": LEVEL_WORDS[level][1] % {"numbers": numbers.words}
                    if level == "emergency"
                    else LEVEL_WORDS[level][1],
                    "flags": [flag for flag in safety.red_flags if flag.urgency == level],
                }
                for level in LEVELS
            ],
        },
    )


LEVEL_WORDS = {
    "emergency": (
        _lazy("Get emergency help now"),
        _lazy("Call %(numbers)s if you have any of these. Do not self-massage."),
    ),
    "urgent": (
        _lazy("See a doctor today"),
        _lazy(
            "Contact your doctor or an urgent care service the same day if you have any of these. If you cannot be "
            "seen today, go to an emergency department. Do not self-massage until a clinician has checked you."
        ),
    ),
    "clinician": (
        _lazy("See a doctor before self-care"),
        _lazy(
            "If any of these apply to you, ask a doctor or your practitioner before you use a ball on your neck or back."
        ),
    ),
}

GROUP_TITLES = {
    "guide": _lazy("The guide and safety"),
    "acupoints": _lazy("Acupuncture point names and locations"),
    "finder-checks": _lazy("Test cases that check the finder"),
}


def _titled(group: SourceGroup) -> dict:
    return {"slug": group.slug, "title": group.label or GROUP_TITLES[group.slug], "sources": group.sources}


@public_page
def sources(request: HttpRequest) -> HttpResponse:
    groups = [_titled(group) for group in content().source_groups()]
    return render(request, "guide/sources.html", {"groups": groups, "safety": content().safety})


@public_page
def source_group(request: HttpRequest, group: str) -> HttpResponse:
    found = next((g for g in content().source_groups() if g.slug == group and g.slug != "guide"), None)
    if found is None:
        raise Http404(_("There is no such group of sources."))
    return render(request, "guide/source_group.html", {"group": _titled(found)})


@public_page
def privacy(request: HttpRequest) -> HttpResponse:
    # the audit trail's retention, as the setting says (default 8 years)
    return render(request, "guide/privacy.html", {"audit_years": round(settings.AUDIT_KEEP_DAYS / 365.25)})


@public_page
def manifest(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {
            "name": "unknot",
            "short_name": "unknot",
            "description": _("Self-care for neck and upper-back pain"),
            "id": reverse("guide:home"),
            "start_url": reverse("guide:home"),
            "scope": reverse("guide:home"),
            "display": "standalone",
            "background_color": "#fbfaf7",
            "theme_color": "#1f5f5b",
            "icons": [
                {"src": static("img/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
                {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
                {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            ],
        },
        content_type="application/manifest+json",
    )


def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker (guide.offline), from the site's root so it may serve every page; checked for a new
    release on every visit (no-cache), so an update never waits for a cache to run out."""
    constants = offline.worker_constants() | {
        "replay_url": static("js/offline/replay.js"),
        "store_url": static("js/offline/queue_store.js"),
    }
    response = render(request, "guide/sw.js", constants, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


@public_page
def offline_page(request: HttpRequest) -> HttpResponse:
    """Shown for a page the phone has not kept, when there is no connection."""
    return render(request, "guide/offline.html")
