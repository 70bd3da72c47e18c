"""Who may use each URL of the project. A URL pattern missing here fails the suite (test_access.py)."""

PUBLIC = "public"  # anyone, signed in or not
STAFF = "staff"  # the Django admin: staff only
NOWHERE = "nowhere"  # a pattern a library adds that leads nowhere: 404 for everyone
ENTRY = "entry"  # signing in, up and out, password reset: open to anyone, never an error
PERSONAL = "personal"  # a person's own records: sign-in required; someone else's record is 404
TOKEN = "token"  # reached by a secret in the URL (calendar feed, unsubscribe): a wrong secret is 404

# Keys are URL names ("namespace:name"); a trailing * matches a whole namespace.
ACCESS = {
    "guide:home": PUBLIC,
    "guide:safety": PUBLIC,
    "guide:sources": PUBLIC,
    "guide:source_group": PUBLIC,
    "guide:privacy": PUBLIC,
    "guide:manifest": PUBLIC,
    "atlas:index": PUBLIC,
    "atlas:acupoints": PUBLIC,
    "atlas:muscle": PUBLIC,
    "atlas:finder": PUBLIC,
    "atlas:drawing": PUBLIC,
    "atlas:thumbnail": PUBLIC,
    "atlas:point_drawing": PUBLIC,
    "atlas:position_drawing": PUBLIC,
    "atlas:posture_drawing": PUBLIC,
    "atlas:drawing_css": PUBLIC,
    "api:regions": PUBLIC,
    "api:muscles": PUBLIC,
    "api:muscle": PUBLIC,
    "api:finder": PUBLIC,
    "api:openapi-json": PUBLIC,
    "api:openapi-view": PUBLIC,
    "api:api-root": NOWHERE,
    "healthz": PUBLIC,
    "javascript-catalog": PUBLIC,
    "favicon": PUBLIC,
    "care:safety_check": PUBLIC,
    "care:player": PUBLIC,  # anyone may run the handout's routine; nothing is kept without an account
    "care:work_now": PUBLIC,  # a session of the finder's areas or one muscle, on the same terms
    "care:quick": PUBLIC,  # at most ten minutes, on the same terms
    "care:home": PERSONAL,
    "care:safety_result": PERSONAL,
    "care:safety_history": PERSONAL,
    "care:play_routine": PERSONAL,
    "care:resume": PERSONAL,
    "care:sessions": PERSONAL,
    "care:session": PERSONAL,
    "care:stop_session": PERSONAL,
    "care:routines": PERSONAL,
    "care:routine_new": PERSONAL,
    "care:routine_edit": PERSONAL,
    "care:routine_delete": PERSONAL,
    "care:settings": PERSONAL,
    "care:renew_calendar": PERSONAL,
    "care:set_time_zone": PERSONAL,
    "care:progress": PERSONAL,
    "care:pain_chart": PERSONAL,
    "care:sessions_chart": PERSONAL,
    "care:areas_chart": PERSONAL,
    "care:summary": PERSONAL,
    "care:session_feedback": PERSONAL,
    "care:diary": PERSONAL,
    "care:diary_new": PERSONAL,
    "care:diary_entry": PERSONAL,
    "care:diary_delete": PERSONAL,
    "care:questionnaires": PERSONAL,
    "care:questionnaire_new": PERSONAL,
    "care:questionnaire_chart": PERSONAL,
    "care:questionnaire": PERSONAL,
    "care:questionnaire_delete": PERSONAL,
    "care:reminders_on": PERSONAL,
    "care:delete_account": PERSONAL,
    "care:calendar": TOKEN,
    "care:unsubscribe": TOKEN,
    "api:list_routines": PERSONAL,
    "api:create_routine": PERSONAL,
    "api:get_routine": PERSONAL,
    "api:update_routine": PERSONAL,
    "api:delete_routine": PERSONAL,
    "api:list_sessions": PERSONAL,
    "api:start_session": PERSONAL,
    "api:get_session": PERSONAL,
    "api:record_event": PERSONAL,
    "api:finish_session": PERSONAL,
    "api:csrf_token": PERSONAL,
    "api:get_schedule": PERSONAL,
    "api:export_me": PERSONAL,
    "account_change_password": PERSONAL,
    "account_set_password": PERSONAL,
    "account_email": PERSONAL,
    "account_reauthenticate": PERSONAL,
    "account_request_login_code": ENTRY,  # sign in with a code by email (also offered when throttled)
    "account_confirm_login_code": ENTRY,  # type the code; without one asked for, back to the page above
    "account_*": ENTRY,
    "admin:login": STAFF,  # sends everyone to the shared, throttled sign-in
    "admin:*": STAFF,
}

# A person's records in URLs: filled in from the owner's records by test_access (cast fixture).
OWNED_KWARGS = {
    "care:safety_result": ("check_id", "check"),
    "care:play_routine": ("routine_id", "routine"),
    "care:routine_edit": ("routine_id", "routine"),
    "care:routine_delete": ("routine_id", "routine"),
    "care:resume": ("session_id", "session"),
    "care:session": ("session_id", "session"),
    "care:stop_session": ("session_id", "session"),
    "care:session_feedback": ("session_id", "session"),
    "care:diary_entry": ("entry_id", "diary_entry"),
    "care:diary_delete": ("entry_id", "diary_entry"),
    "care:questionnaire": ("questionnaire_id", "neck_questionnaire"),
    "care:questionnaire_delete": ("questionnaire_id", "neck_questionnaire"),
    "api:get_routine": ("routine_id", "routine"),
    "api:update_routine": ("routine_id", "routine"),
    "api:delete_routine": ("routine_id", "routine"),
    "api:get_session": ("session_id", "session"),
    "api:record_event": ("session_id", "session"),
    "api:finish_session": ("session_id", "session"),
    "care:calendar": ("token", "calendar_token"),
    "care:unsubscribe": ("token", "unsubscribe_token"),
}

# URLs with parameters are requested with these real values (anything else gets a placeholder).
SAMPLE_KWARGS = {
    "guide:source_group": {"group": "trapezius"},
    "atlas:muscle": {"muscle": "trapezius"},
    "atlas:drawing": {"muscle": "trapezius"},
    "atlas:thumbnail": {"muscle": "trapezius"},
    "atlas:point_drawing": {"point": "trapezius-upper"},
    "atlas:position_drawing": {"muscle": "trapezius", "number": 1},
    "api:muscle": {"muscle_id": "trapezius"},
}
# URLs that need a query string to be a real request; a list asks each one in turn.
SAMPLE_QUERIES: dict[str, str | list[str]] = {
    "api:export_me": ["?format=json", "?format=csv", "?format=fhir"],
    "api:finder": "?region=temple:left",
    "atlas:finder": "?region=temple:left",
    "care:work_now": "?region=top-of-shoulder:left",
}
