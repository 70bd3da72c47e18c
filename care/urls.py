from django.urls import path

from care import views

app_name = "care"
urlpatterns = [
    path("home/", views.home, name="home"),
    path("safety-check/", views.safety_check, name="safety_check"),
    path("safety-check/<int:check_id>/", views.safety_result, name="safety_result"),
    path("safety-check/history/", views.safety_history, name="safety_history"),
    path("session/", views.player, name="player"),
    path("session/start/<int:routine_id>/", views.play_routine, name="play_routine"),
    path("session/resume/<uuid:session_id>/", views.resume, name="resume"),
    path("sessions/", views.session_list, name="sessions"),
    path("sessions/<uuid:session_id>/", views.session_detail, name="session"),
    path("routines/", views.routine_list, name="routines"),
    path("routines/new/", views.routine_edit, name="routine_new"),
    path("routines/<int:routine_id>/", views.routine_edit, name="routine_edit"),
    path("routines/<int:routine_id>/delete/", views.routine_delete, name="routine_delete"),
    path("settings/", views.account_settings, name="settings"),
    path("settings/calendar/renew/", views.renew_calendar, name="renew_calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar"),
    path("reminders/stop/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
