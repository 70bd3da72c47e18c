"""A clinic's routine as a FHIR R4 CarePlan: what the practitioner asked of the patient, one activity per area
(the muscle and side in unknot's muscle code system, the seconds and the practitioner's note), each repeated
every N days as the routine says."""

from care.fhir.codes import SELF_MASSAGE, Resource, derived_id, muscle_concept, when
from care.models import Routine


def care_plan(routine: Routine, subject: str) -> Resource:
    """The routine as it is now (its version in the identifier), with its steps prefetched by the door."""
    every = routine.interval_days or 2  # the handout's 48 hours, when no interval was set
    activities = []
    for step in routine.steps.all():
        detail: Resource = {
            "kind": "ServiceRequest",
            "code": muscle_concept(step.muscle, step.side),
            "status": "scheduled",
            "scheduledTiming": {"repeat": {"frequency": 1, "period": every, "periodUnit": "d"}},
            "description": f"{SELF_MASSAGE}: {step.seconds} seconds"
            + (f". Practitioner's note: {step.note}" if step.note else ""),
        }
        activities.append({"detail": detail})
    return {
        "resourceType": "CarePlan",
        "id": derived_id(f"care-plan:{routine.pk}"),
        "identifier": [{"system": "urn:ietf:rfc:3986", "value": f"urn:unknot:routine:{routine.pk}:v{routine.version}"}],
        "status": "active",
        "intent": "plan",
        "title": routine.name,
        "description": f"{SELF_MASSAGE}, one session every {every} days",
        "subject": {"reference": subject},
        "created": when(routine.created),
        "activity": activities,
    }
