from django.urls import path

from guide import views

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
]
