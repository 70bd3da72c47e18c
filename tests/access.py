"""Who may use each URL of the project. A URL pattern missing here fails the suite (test_access.py)."""

PUBLIC = "public"  # anyone, signed in or not
STAFF = "staff"  # the Django admin: staff only
NOWHERE = "nowhere"  # a pattern a library adds that leads nowhere: 404 for everyone

# Keys are URL names ("namespace:name"); a trailing * matches a whole namespace.
ACCESS = {
    "guide:home": PUBLIC,
    "guide:safety": PUBLIC,
    "guide:sources": PUBLIC,
    "guide:source_group": PUBLIC,
    "guide:privacy": PUBLIC,
    "guide:manifest": PUBLIC,
    "atlas:index": PUBLIC,
    "atlas:muscle": PUBLIC,
    "atlas:finder": PUBLIC,
    "atlas:drawing": PUBLIC,
    "api:regions": PUBLIC,
    "api:muscles": PUBLIC,
    "api:muscle": PUBLIC,
    "api:finder": PUBLIC,
    "api:openapi-json": PUBLIC,
    "api:openapi-view": PUBLIC,
    "api:api-root": NOWHERE,
    "healthz": PUBLIC,
    "favicon": PUBLIC,
    "admin:login": PUBLIC,
    "admin:*": STAFF,
}

# URLs with parameters are requested with these real values (anything else gets a placeholder).
SAMPLE_KWARGS = {
    "guide:source_group": {"group": "trapezius"},
    "atlas:muscle": {"muscle": "trapezius"},
    "atlas:drawing": {"muscle": "trapezius"},
    "api:muscle": {"muscle_id": "trapezius"},
}
# URLs that need a query string to be a real request.
SAMPLE_QUERIES = {"api:finder": "?region=temple:left", "atlas:finder": "?region=temple:left"}
