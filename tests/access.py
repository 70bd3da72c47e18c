"""Who may use each URL of the project, and the exact answer each role of tests/cast.py gets.

A URL pattern missing here fails the suite (test_access.py). Each row is a URL name and one status per role;
the helpers below only spell rows out, so every role's answer is written down. Someone else's record is 404
(it does not exist for them); a page of one's own records answers each signed-in person with their own.
"""

from clinical.dataset import dataset_version
from tests.cast import SECOND_FACTOR, Role

Row = dict[Role, int]


def everyone(status: int) -> Row:
    """The same answer for everyone, signed in or not."""
    return {role: status for role in Role}


def signed_in(status: int, anonymous: int = 302) -> Row:
    """A page of one's own (anonymous: sent to sign in, or 401 from the API)."""
    return {role: anonymous if role is Role.ANONYMOUS else status for role in Role}


def entry(anonymous: int = 200, signed_in: int = 302) -> Row:
    """Signing in or up: shown to a visitor, a signed-in person is sent on."""
    return {role: anonymous if role is Role.ANONYMOUS else signed_in for role in Role}


def owned(owner: int, anonymous: int = 302) -> Row:
    """Patient A's record: A gets `owner`; to everyone else it does not exist."""
    return {role: anonymous if role is Role.ANONYMOUS else owner if role is Role.PATIENT else 404 for role in Role}


def staff(status: int, anonymous: int = 302, others: int = 302) -> Row:
    """The Django admin: staff only (anyone else is sent to the shared sign-in)."""
    return {role: status if role is Role.STAFF else anonymous if role is Role.ANONYMOUS else others for role in Role}


def with_app(status: int, without: int, anonymous: int = 302) -> Row:
    """A page about one's authenticator app: staff and the clinic side have one in the cast, patients do not."""
    return {
        role: anonymous if role is Role.ANONYMOUS else status if role in SECOND_FACTOR else without for role in Role
    }


def clinic(owner: int, practitioners: int, elsewhere: int, others: int = 302) -> Row:
    """A clinic page: A's clinic's owner, its practitioners (carer, colleague), members of other clinics (stranger,
    former), and everyone in no clinic (sent to make one; anonymous: to sign in)."""
    answers = {Role.OWNER: owner, Role.CARER: practitioners, Role.COLLEAGUE: practitioners}
    answers |= {Role.STRANGER: elsewhere, Role.FORMER: elsewhere}
    return {role: answers.get(role, others) for role in Role}


# Keys are URL names ("namespace:name"); a pattern without a name is keyed by its sample URL.
STATUS: dict[str, Row] = {
    # Public pages: the guide, the atlas, the finder, content for the API.
    "guide:home": everyone(200),
    "guide:safety": everyone(200),
    "guide:sources": everyone(200),
    "guide:source_group": everyone(200),
    "guide:privacy": everyone(200),
    "guide:manifest": everyone(200),
    "guide:service_worker": everyone(200),  # the service worker: the same for everyone, it holds nothing personal
    "guide:offline": everyone(200),  # what works without a connection
    # The open dataset: its page, the package's descriptor and files, the whole as a zip of this release.
    "guide:data": everyone(200),
    "guide:data_package": everyone(200),
    "guide:data_file": everyone(200),
    "guide:data_zip": everyone(200),
    "atlas:index": everyone(200),
    "atlas:acupoints": everyone(200),
    "atlas:muscle": everyone(200),
    "atlas:finder": everyone(200),
    "atlas:drawing": everyone(200),
    "atlas:thumbnail": everyone(200),
    "atlas:point_drawing": everyone(200),
    "atlas:position_drawing": everyone(200),
    "atlas:posture_drawing": everyone(200),
    "atlas:drawing_css": everyone(200),
    "api:regions": everyone(200),
    "api:muscles": everyone(200),
    "api:muscle": everyone(200),
    "api:finder": everyone(200),
    "api:openapi-json": everyone(200),
    "api:openapi-view": everyone(200),
    "api:api-root": everyone(404),  # a pattern the API library adds that leads nowhere
    "healthz": everyone(200),
    "javascript-catalog": everyone(200),
    "favicon": everyone(301),
    "care:safety_check": everyone(200),
    # "Anything new?": a guest without a clear answer on this device is sent to the whole check first.
    "care:safety_quick": signed_in(200),
    # Anyone may run a session; a guest without a clear answer on this device is sent to the safety check
    # first, and everyone signed in in the cast has answered it.
    "care:player": signed_in(200),
    "care:work_now": signed_in(200),
    "care:quick": signed_in(200),
    # A secret link (patient A's own): whoever holds it gets the calendar or turns A's reminders off.
    "care:calendar": everyone(200),
    "care:unsubscribe": everyone(200),
    # One's own records, each signed-in person their own.
    "care:home": signed_in(200),
    "care:safety_history": signed_in(200),
    "care:sessions": signed_in(200),
    "care:routines": signed_in(200),
    "care:routine_new": signed_in(200),
    "care:settings": signed_in(200),
    "care:progress": signed_in(200),
    "care:pain_chart": signed_in(200),
    "care:sessions_chart": signed_in(200),
    "care:areas_chart": signed_in(200),
    "care:summary": signed_in(200),
    "care:diary": signed_in(200),
    "care:diary_new": signed_in(200),
    "care:questionnaires": signed_in(200),
    "care:questionnaire_new": signed_in(200),
    "care:questionnaire_chart": signed_in(200),
    "care:delete_account": signed_in(200),
    # "Is it you?" by emailed code, for an account without a password; everyone in the cast has one: on to settings.
    "care:prove_mailbox": signed_in(302),
    # Actions on one's own settings (POST): back to the page they came from.
    "care:renew_calendar": signed_in(302),
    "care:set_time_zone": signed_in(302),
    "care:reminders_on": signed_in(302),
    "care:book_next": signed_in(302),  # the summary's one tap books the next session: on to home
    # A guest saves a session with an email address; signed in, the player saved it already: on to home.
    "care:claim_session": entry(),
    # Patient A's records by id.
    "care:safety_result": owned(200),
    "care:play_routine": owned(200),
    "care:routine_edit": owned(200),
    "care:routine_delete": owned(302),
    "care:routine_copy": owned(302),  # one's own copy, to change
    "care:resume": owned(200),  # the player, carrying on where the session stopped
    "care:again": owned(200),  # the player, a past session's areas as a new session (home's Start, the calendar)
    "care:session": owned(200),
    "care:stop_session": owned(302),
    "care:session_feedback": owned(302),
    "care:diary_entry": owned(200),
    "care:diary_delete": owned(302),
    "care:questionnaire": owned(200),
    "care:questionnaire_delete": owned(302),
    # The API: 401 without sign-in.
    "api:list_routines": signed_in(200, anonymous=401),
    "api:create_routine": signed_in(201, anonymous=401),
    "api:list_sessions": signed_in(200, anonymous=401),
    "api:start_session": signed_in(201, anonymous=401),
    # A session done on this phone before signing up: every cast account joined today, so each may keep one.
    "api:keep_guest_session": signed_in(201, anonymous=401),
    "api:add_diary_entry": signed_in(201, anonymous=401),  # a diary entry written offline, sent later
    "api:csrf_token": signed_in(200, anonymous=401),
    "api:get_schedule": signed_in(200, anonymous=401),
    "api:export_me": signed_in(200, anonymous=401),
    "api:get_routine": owned(200, anonymous=401),
    "api:update_routine": owned(200, anonymous=401),
    "api:delete_routine": owned(204, anonymous=401),
    "api:get_session": owned(200, anonymous=401),
    "api:record_event": owned(201, anonymous=401),
    "api:finish_session": owned(200, anonymous=401),
    # The clinic side: everyone there has passed the second factor in the cast (tests/test_clinic.py: without it).
    "clinic:home": signed_in(200),  # a person in no clinic may make one
    "clinic:choose": clinic(404, 404, 404),  # without a clinic chosen: none of theirs
    "clinic:members": clinic(200, 200, 200),
    "care:patients": clinic(200, 200, 200),
    "care:attention_threshold": clinic(302, 302, 302),  # each member's own share (an empty one is refused)
    "clinic:invite": clinic(200, 403, 403),  # the owner's empty form is answered at its fields
    "clinic:member_role": clinic(302, 403, 404),  # the sample is A's clinic's owner: another clinic's is no one
    "clinic:member_remove": clinic(302, 403, 404),  # the last owner stays (said on the page it goes back to)
    "clinic:cancel_invitation": clinic(302, 403, 403),
    "clinic:assign": clinic(302, 403, 403),
    "clinic:join": everyone(404),  # the sample token is no invitation's
    # A patient's entries: A's page through the door for A's carer and the clinic's owner; the colleague A is not
    # assigned to, and other clinics, find no such patient.
    "care:patient": {**clinic(200, 200, 404), Role.COLLEAGUE: 404},
    "care:assign_routine": {**clinic(200, 200, 404), Role.COLLEAGUE: 404},  # the editor, from the handout
    "care:before": {**clinic(200, 200, 404), Role.COLLEAGUE: 404},
    "care:before_pdf": {**clinic(200, 200, 404), Role.COLLEAGUE: 404},  # the same page printed, a PDF
    "care:seen_today": {**clinic(302, 302, 404), Role.COLLEAGUE: 404},  # back to the patient's page
    "care:patient_fhir": {**clinic(200, 200, 404), Role.COLLEAGUE: 404},  # A's shared records, for the clinic's EHR
    "care:patient_handout": {**clinic(200, 200, 404), Role.COLLEAGUE: 404},  # A's printed handout, a PDF
    "care:handout": clinic(200, 200, 200),  # the generic handout: any member of a clinic prints it
    "clinic:settings": clinic(200, 403, 403),  # the owner's: the clinic's paper size
    "clinic:add_patient": clinic(200, 200, 200),  # the empty form is answered at its fields
    "clinic:new_patient_link": clinic(
        302, 302, 302
    ),  # A joined already: no new link (said on the page it goes back to)
    "clinic:revoke_patient_link": clinic(302, 302, 302),  # nothing open to stop: back to the list
    "clinic:display_name": clinic(302, 302, 302),  # an empty name is refused (said on the members page)
    "clinic:audit": clinic(200, 403, 403),  # the owner's to read
    "clinic:videos": clinic(200, 200, 200),  # each member reads their own clinic's links; only the owner saves
    "clinic:patient_join": everyone(404),  # the sample token is no link's
    "clinic:my_clinics": signed_in(200),
    "clinic:withdraw": signed_in(302),  # A withdraws from A's clinic; for anyone else it is no one's link
    "clinic:record_opened": signed_in(200),
    # Signing in, up and out, and passwords.
    "account_login": entry(),
    "account_signup": entry(),
    "account_request_login_code": entry(),  # sign in with a code by email (also offered when throttled)
    "account_confirm_login_code": everyone(302),  # without a code asked for, back to the page above
    "account_email_verification_sent": everyone(302),
    "account_inactive": everyone(200),
    "account_reset_password": everyone(200),
    "account_reset_password_done": everyone(200),
    "account_reset_password_from_key": everyone(404),  # the sample key is no one's
    "account_reset_password_from_key_done": everyone(200),
    "account_logout": signed_in(200),
    "account_change_password": signed_in(200),
    "account_set_password": everyone(302),  # everyone in the cast has a password: to "change" instead
    "account_email": signed_in(200),
    "account_reauthenticate": signed_in(200),
    # Two-step sign-in (allauth.mfa).
    "mfa_index": signed_in(200),
    "mfa_authenticate": everyone(302),
    "mfa_reauthenticate": with_app(200, without=302),  # without an app: confirm with the password instead
    "mfa_activate_totp": signed_in(302),  # first confirm it is you (and with an app: to turning it off)
    "mfa_deactivate_totp": with_app(302, without=404),  # confirm it is you first
    # The cast's apps came without recovery codes: none to see or download.
    "mfa_view_recovery_codes": signed_in(404),
    "mfa_generate_recovery_codes": signed_in(302),
    "mfa_download_recovery_codes": signed_in(404),
    "mfa_list_webauthn": signed_in(200),
    "mfa_add_webauthn": signed_in(302),  # first confirm it is you
    "mfa_reauthenticate_webauthn": signed_in(302),  # no one in the cast has a passkey
    "mfa_remove_webauthn": signed_in(302),  # confirm it is you first (the sample key is no one's)
    "mfa_edit_webauthn": signed_in(302),
    # The admin: staff only; the sample ids are no one's (a missing record sends staff back to the list).
    "admin:index": staff(200),
    "admin:login": staff(302, others=403),  # sends staff and visitors to the shared, throttled sign-in
    "admin:logout": staff(405),
    "admin:password_change": staff(200),
    "admin:password_change_done": staff(200),
    "admin:jsi18n": staff(200),
    "admin:autocomplete": staff(403),
    "admin:view_on_site": staff(404),
    "admin:app_list": staff(200),
    "/admin/(?Psample.*)": staff(404),  # the admin's catch-all
    "admin:auth_user_changelist": staff(200),
    "admin:auth_user_add": staff(200),
    "admin:auth_user_change": staff(302),
    "admin:auth_user_delete": staff(302),
    "admin:auth_user_history": staff(302),
    "admin:auth_user_password_change": staff(404),
    "/admin/auth/user/sample/": staff(302),
    "admin:auth_group_changelist": staff(200),
    "admin:auth_group_add": staff(200),
    "admin:auth_group_change": staff(302),
    "admin:auth_group_delete": staff(302),
    "admin:auth_group_history": staff(302),
    "/admin/auth/group/sample/": staff(302),
    "admin:account_emailaddress_changelist": staff(200),
    "admin:account_emailaddress_add": staff(200),
    "admin:account_emailaddress_change": staff(302),
    "admin:account_emailaddress_delete": staff(302),
    "admin:account_emailaddress_history": staff(302),
    "/admin/account/emailaddress/sample/": staff(302),
    "admin:mfa_authenticator_changelist": staff(200),
    "admin:mfa_authenticator_add": staff(200),
    "admin:mfa_authenticator_change": staff(302),
    "admin:mfa_authenticator_delete": staff(302),
    "admin:mfa_authenticator_history": staff(302),
    "/admin/mfa/authenticator/sample/": staff(302),
}

# The methods that do something: these are asked with POST (a GET of them proves nothing).
# A patient's pages for their clinic: the patient shares their records with the practitioner they are assigned
# to and the clinic's owner (the door checks consent and place), so those two may see the patient's markers here.
SHARED_WITH_THE_CLINIC = {"care:patient", "care:before", "care:seen_today", "care:patient_fhir"}

# The clinic's patient list names each patient's practitioner: its owner (who assigns them) sees their team's
# addresses there, never anything of their records.
TEAM_SHOWN = {"care:patients"}

POST_ONLY = {
    "care:routine_delete",
    "care:renew_calendar",
    "care:stop_session",
    "care:set_time_zone",
    "care:reminders_on",
    "care:diary_delete",
    "care:questionnaire_delete",
    "care:session_feedback",
    "care:book_next",
    "clinic:choose",
    "clinic:invite",
    "clinic:member_role",
    "clinic:member_remove",
    "clinic:cancel_invitation",
    "clinic:assign",
    "clinic:add_patient",
    "care:routine_copy",
    "clinic:new_patient_link",
    "clinic:revoke_patient_link",
    "clinic:display_name",
    "clinic:withdraw",
    "care:seen_today",
    "care:attention_threshold",
}

# A person's records in URLs: filled in from the owner's records by test_access (cast fixture).
OWNED_KWARGS = {
    "care:safety_result": ("check_id", "check"),
    "care:play_routine": ("routine_id", "routine"),
    "care:routine_edit": ("routine_id", "routine"),
    "care:routine_delete": ("routine_id", "routine"),
    "care:resume": ("session_id", "session"),
    "care:again": ("session_id", "session"),
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
    # A's clinic's owner and A's link to it, by their real ids (PostgreSQL's ids do not start again at 1)
    "clinic:member_role": ("member_id", "owner_membership"),
    "clinic:member_remove": ("member_id", "owner_membership"),
    "clinic:assign": ("link_id", "link"),
    "care:patient": ("link_id", "link"),
    "care:assign_routine": ("link_id", "link"),
    "care:before": ("link_id", "link"),
    "care:before_pdf": ("link_id", "link"),
    "care:seen_today": ("link_id", "link"),
    "care:patient_fhir": ("link_id", "link"),
    "care:patient_handout": ("link_id", "link"),
    "care:routine_copy": ("routine_id", "routine"),
    "clinic:new_patient_link": ("link_id", "link"),
    "clinic:revoke_patient_link": ("link_id", "link"),
    "clinic:withdraw": ("link_id", "link"),
    "care:calendar": ("token", "calendar_token"),
    "care:unsubscribe": ("token", "unsubscribe_token"),
}

# URLs with parameters are requested with these real values (anything else gets a placeholder).
SAMPLE_KWARGS = {
    "guide:source_group": {"group": "trapezius"},
    "guide:data_file": {"name": "muscles.csv"},
    "guide:data_zip": {"version": dataset_version()},
    "atlas:muscle": {"muscle": "trapezius"},
    "atlas:drawing": {"muscle": "trapezius"},
    "atlas:thumbnail": {"muscle": "trapezius"},
    "atlas:point_drawing": {"point": "trapezius-upper"},
    "atlas:position_drawing": {"muscle": "trapezius", "number": 1},
    "api:muscle": {"muscle_id": "trapezius"},
    "admin:app_list": {"app_label": "auth"},
}
# URLs that need a query string to be a real request; a list asks each one in turn.
SAMPLE_QUERIES: dict[str, str | list[str]] = {
    "api:export_me": ["?format=json", "?format=csv", "?format=fhir"],
    "api:finder": "?region=temple:left",
    "atlas:finder": "?region=temple:left",
    "care:work_now": "?region=top-of-shoulder:left",
}
