"""Who may reach whose records: clinics, their members, and the link a patient consents to.

It sits below `care` (care's door asks it) and above nothing of the project's own, so the clinic pages to come
(above `care`) and the door share one answer and no import points back up.
"""
