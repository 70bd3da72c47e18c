"""Loaded by pytest before Django (-p tests.environment): the suite runs with development settings.

pytest-django still turns DEBUG off while tests run, so pages behave as in production.
"""

import os

os.environ.setdefault("DEBUG", "true")
# Browser tests drive chromium from the test thread while the live server uses the ORM.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
