"""The admin shows no task rows: the queue is the worker's business, and no one needs to read it in a browser."""

from django.contrib import admin
from django_tasks_db.models import DBTaskResult

if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
