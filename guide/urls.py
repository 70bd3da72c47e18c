from django.urls import path

from guide import open_data, views

app_name = "guide"
urlpatterns = [
    path("", views.home, name="home"),
    path("safety/", views.safety, name="safety"),
    path("sources/", views.sources, name="sources"),
    path("sources/<slug:group>/", views.source_group, name="source_group"),
    path("privacy/", views.privacy, name="privacy"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("offline/", views.offline_page, name="offline"),
    # The open dataset: its page, the Data Package with its files beside it, and the whole as a zip.
    path("data/", open_data.page, name="data"),
    path("data/datapackage.json", open_data.package, name="data_package"),
    path("data/unknot-dataset-<str:version>.zip", open_data.download, name="data_zip"),
    path("data/<str:name>", open_data.file, name="data_file"),
]
