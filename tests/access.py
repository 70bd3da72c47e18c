"""Who may use each URL of the project. A URL pattern missing here fails the suite (test_access.py)."""

PUBLIC = "public"  # anyone, signed in or not
STAFF = "staff"  # the Django admin: staff only

# Keys are URL names ("namespace:name"); a trailing * matches a whole namespace.
ACCESS = {
    "guide:home": PUBLIC,
    "guide:safety": PUBLIC,
    "guide:sources": PUBLIC,
    "guide:privacy": PUBLIC,
    "guide:manifest": PUBLIC,
    "healthz": PUBLIC,
    "favicon": PUBLIC,
    "admin:login": PUBLIC,
    "admin:*": STAFF,
}
