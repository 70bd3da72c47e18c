from django.urls import path

from atlas import views

app_name = "atlas"
urlpatterns = [
    path("atlas/", views.index, name="index"),
    path("atlas/<slug:muscle>/", views.muscle, name="muscle"),
    path("find/", views.finder, name="finder"),
]
