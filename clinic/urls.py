from django.urls import path

from clinic import views

app_name = "clinic"

urlpatterns = [
    path("clinic/", views.home, name="home"),
    path("clinic/choose/", views.choose, name="choose"),
    path("clinic/members/", views.members_page, name="members"),
    path("clinic/members/invite/", views.invite, name="invite"),
    path("clinic/members/<int:member_id>/role/", views.member_role, name="member_role"),
    path("clinic/members/<int:member_id>/remove/", views.member_remove, name="member_remove"),
    path("clinic/invitations/<int:invitation_id>/cancel/", views.cancel_invitation, name="cancel_invitation"),
    path("clinic/patients/", views.patients_page, name="patients"),
    path("clinic/patients/<int:link_id>/assign/", views.assign, name="assign"),
    path("clinic/join/<str:token>/", views.join, name="join"),
]
