from django.urls import path

from atlas import views

app_name = "atlas"
urlpatterns = [
    path("atlas/", views.index, name="index"),
    path("atlas/acupoints/", views.acupoints, name="acupoints"),
    path("atlas/posture.svg", views.posture_drawing, name="posture_drawing"),
    path("atlas/<slug:muscle>/", views.muscle, name="muscle"),
    path("atlas/points/<slug:point>.svg", views.trigger_point_drawing, name="point_drawing"),
    path("atlas/<slug:muscle>/how-<int:number>.svg", views.position_drawing, name="position_drawing"),
    path("atlas/<slug:muscle>-small.svg", views.muscle_thumbnail, name="thumbnail"),
    path("atlas/<slug:muscle>.svg", views.muscle_drawing, name="drawing"),
    path("find/", views.finder, name="finder"),
    path("atlas/drawing.css", views.drawing_css, name="drawing_css"),
]
