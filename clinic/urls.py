from django.urls import path

from clinic import joining_views, views

app_name = "clinic"

urlpatterns = [
    path("clinic/", views.home, name="home"),
    path("clinic/choose/", views.choose, name="choose"),
    path("clinic/members/", views.members_page, name="members"),
    path("clinic/members/invite/", views.invite, name="invite"),
    path("clinic/members/<int:member_id>/role/", views.member_role, name="member_role"),
    path("clinic/members/<int:member_id>/remove/", views.member_remove, name="member_remove"),
    path("clinic/invitations/<int:invitation_id>/cancel/", views.cancel_invitation, name="cancel_invitation"),
    path("clinic/patients/<int:link_id>/assign/", views.assign, name="assign"),
    path("clinic/join/<str:token>/", views.join, name="join"),
    path("clinic/members/name/", joining_views.display_name, name="display_name"),
    path("clinic/patients/add/", joining_views.add_patient, name="add_patient"),
    path("clinic/patients/<int:link_id>/link/", joining_views.new_patient_link, name="new_patient_link"),
    path("clinic/patients/<int:link_id>/revoke/", joining_views.revoke_patient_link, name="revoke_patient_link"),
    path("clinic/audit/", views.audit_page, name="audit"),
    path("clinic/videos/", views.videos, name="videos"),
    path("clinic/settings/", views.clinic_settings, name="settings"),
    # The patient's side: the link from their practitioner, and what they share with whom.
    path("join/<str:token>/", joining_views.patient_join, name="patient_join"),
    path("settings/clinics/", joining_views.my_clinics, name="my_clinics"),
    path("settings/clinics/<int:link_id>/withdraw/", joining_views.withdraw, name="withdraw"),
    path("settings/record-opened/", joining_views.record_opened, name="record_opened"),
]
