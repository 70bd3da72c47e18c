from django.urls import path

from care.views import diary, history, home, player, progress, routines, safety_check, settings

app_name = "care"
urlpatterns = [
    path("home/", home.home, name="home"),
    path("safety-check/", safety_check.safety_check, name="safety_check"),
    path("safety-check/<int:check_id>/", safety_check.safety_result, name="safety_result"),
    path("safety-check/history/", safety_check.safety_history, name="safety_history"),
    path("session/", player.player, name="player"),
    path("session/start/<int:routine_id>/", player.play_routine, name="play_routine"),
    path("session/now/", player.work_now, name="work_now"),
    path("session/quick/", player.quick, name="quick"),
    path("session/resume/<uuid:session_id>/", player.resume, name="resume"),
    path("sessions/", history.session_list, name="sessions"),
    path("sessions/<uuid:session_id>/", history.session_detail, name="session"),
    path("sessions/<uuid:session_id>/stop/", history.stop_session, name="stop_session"),
    path("sessions/<uuid:session_id>/feedback/", history.session_feedback, name="session_feedback"),
    path("progress/", progress.progress_page, name="progress"),
    path("progress/pain.svg", progress.pain_chart, name="pain_chart"),
    path("progress/sessions.svg", progress.sessions_chart, name="sessions_chart"),
    path("progress/areas.svg", progress.areas_chart, name="areas_chart"),
    path("progress/summary/", progress.summary_page, name="summary"),
    path("diary/", diary.diary_list, name="diary"),
    path("diary/new/", diary.diary_entry, name="diary_new"),
    path("diary/<uuid:entry_id>/", diary.diary_entry, name="diary_entry"),
    path("diary/<uuid:entry_id>/delete/", diary.diary_delete, name="diary_delete"),
    path("routines/", routines.routine_list, name="routines"),
    path("routines/new/", routines.routine_edit, name="routine_new"),
    path("routines/<int:routine_id>/", routines.routine_edit, name="routine_edit"),
    path("routines/<int:routine_id>/delete/", routines.routine_delete, name="routine_delete"),
    path("settings/", settings.account_settings, name="settings"),
    path("settings/calendar/renew/", settings.renew_calendar, name="renew_calendar"),
    path("settings/time-zone/", settings.set_time_zone, name="set_time_zone"),
    path("settings/reminders/on/", settings.reminders_on, name="reminders_on"),
    path("calendar/<str:token>.ics", settings.calendar_feed, name="calendar"),
    path("reminders/stop/<str:token>/", settings.unsubscribe, name="unsubscribe"),
]
