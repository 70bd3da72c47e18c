"""A clinic's own words laid over the cited content: its default video link per muscle and per video topic of the
handout. They never change the cited text; pages show them marked as the practitioner's.

`care` reads them through this module (the session player, the patient's routine). They are kept in the shared
cache under the clinic's overlay revision, which every change bumps, so an edit shows on the next request on
every server. Only personal pages show them: the public page caches never hold a clinic's text."""

from urllib.parse import urlsplit

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.text import slugify
from django.utils.translation import gettext as _

from access.models import Clinic, ClinicVideo
from clinical.content import content

KEEP_SECONDS = 24 * 3600


def video_host(url: str) -> str:
    """The site a video link opens, shown beside it ("youtube.com"), so no one follows a link blind."""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def check_video_url(url: str) -> str:
    """An https link to a page elsewhere, or nothing: never embedded, opened outside unknot."""
    url = url.strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname or parts.username or parts.password:
        raise ValidationError(_("A video link must start with https:// and name a website."))
    return url


def muscle_key(muscle_id: str) -> str:
    return f"muscle:{muscle_id}"


def topic_key(topic: str) -> str:
    return f"topic:{slugify(topic)}"


def topics() -> list[str]:
    """The handout's video topics, in the content's order ("Trapezius and levator scapulae", ...)."""
    found: dict[str, None] = {}
    for info in content().muscles.values():
        for video in info.content.videos:
            found.setdefault(str(video.topic))
    return list(found)


def link_keys() -> list[str]:
    """Every key a clinic may set a link for: each muscle, then each topic."""
    return [muscle_key(muscle_id) for muscle_id in content().muscles] + [topic_key(topic) for topic in topics()]


def _revision_key(clinic_id: int) -> str:
    return f"clinic-overlay-revision:{clinic_id}"


def revision(clinic_id: int) -> int:
    """The clinic's overlay revision: from the shared cache, else from the database (and kept)."""
    found = cache.get(_revision_key(clinic_id))
    if found is None:
        found = Clinic.objects.filter(pk=clinic_id).values_list("overlay_revision", flat=True).first() or 0
        # `add`, never `set`: a reader that saw the database before a change committed must not put back the
        # old revision over the one the change set
        cache.add(_revision_key(clinic_id), found, KEEP_SECONDS)
    return int(found)


def links(clinic_id: int) -> dict[str, str]:
    """The clinic's video links by key, as of its current revision."""
    key = f"clinic-overlay:{clinic_id}:{revision(clinic_id)}"
    found = cache.get(key)
    if found is None:
        found = dict(ClinicVideo.objects.filter(clinic_id=clinic_id).values_list("key", "url"))
        cache.set(key, found, KEEP_SECONDS)
    return found


def topic_of(muscle_id: str) -> str:
    info = content().muscles.get(muscle_id)
    videos = info.content.videos if info is not None else []
    return str(videos[0].topic) if videos else ""


def video_for(clinic_links: dict[str, str], muscle_id: str) -> str:
    """The clinic's link for a muscle: its own, else its handout topic's, else none."""
    own = clinic_links.get(muscle_key(muscle_id))
    if own:
        return own
    topic = topic_of(muscle_id)
    return clinic_links.get(topic_key(topic), "") if topic else ""


def save(clinic_id: int, given: dict[str, str]) -> None:
    """Replaces the clinic's links with `given` (key -> https link; empty removes) and bumps the revision."""
    wanted = {key: url for key, url in given.items() if url and key in set(link_keys())}
    with transaction.atomic():
        clinic = Clinic.objects.select_for_update().get(pk=clinic_id)
        ClinicVideo.objects.filter(clinic=clinic).exclude(key__in=wanted).delete()
        for key, url in wanted.items():
            ClinicVideo.objects.update_or_create(clinic=clinic, key=key, defaults={"url": url})
        Clinic.objects.filter(pk=clinic_id).update(overlay_revision=F("overlay_revision") + 1)
        now = Clinic.objects.values_list("overlay_revision", flat=True).get(pk=clinic_id)
        transaction.on_commit(lambda: cache.set(_revision_key(clinic_id), now, KEEP_SECONDS))
