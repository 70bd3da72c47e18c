"""The dataset's ten tables: each one's fields, keys and links to the others, in the order they are published."""

from clinical.dataset.schema import Table, optional, required
from clinical.schema import ACUPOINT_CODE_PATTERN

# Fields and links that several tables share, written once so that they read the same everywhere.
ID = required("id", "A stable id (unknot's own; never renamed)")
MUSCLE = required("muscle_id", "The muscle (muscles.csv)")
TRIGGER_POINT = required("trigger_point_id", "The trigger point (trigger_points.csv)")
SOURCES = required("sources", "The ids of the sources (sources.csv) this row's claims rest on", "list")
BY_MUSCLE = ("muscle_id", "muscles", "id")
BY_TRIGGER_POINT = ("trigger_point_id", "trigger_points", "id")
VIEW = ("front", "back", "side")

TABLES: tuple[Table, ...] = (
    Table(
        "regions",
        "Body regions",
        "The places on the body where a person can feel pain, as the body map shows them.",
        (
            ID,
            required("label", "Its name in plain English"),
            required("view", "The body view it is drawn on", enum=VIEW),
            required("sided", "Whether the body has one on each side (left and right)", "boolean"),
        ),
    ),
    Table(
        "muscles",
        "Muscles",
        "The muscles whose trigger points can cause neck and upper-back pain, in plain words.",
        (
            ID,
            required("name", "Its name"),
            required("handout", "Whether it is one of the original handout's areas", "boolean"),
            optional("handout_rank", "Its place in the handout's order (empty if not in the handout)", "integer"),
            required("summary", "What it is and the pain it causes"),
            required("actions", "What it does"),
            required("posture", "How posture strains it"),
            optional("keeps_coming_back", "What keeps its trigger points coming back"),
            optional("stretch", "A gentle stretch"),
            SOURCES,
        ),
    ),
    Table(
        "trigger_points",
        "Trigger points",
        "Each muscle's trigger points: how to find each one, and where it is on the body drawing (x, y in the "
        "drawing units of body-<view>.svg, on the person's right side; mirror about the drawing's middle for the left).",
        (
            ID,
            MUSCLE,
            required("number", "Its number on the muscle's drawing", "integer"),
            required("name", "Where it is, in a few words"),
            required("view", "The body view it is worked from", enum=VIEW),
            required("x", "Across the drawing, in drawing units", "number"),
            required("y", "Down the drawing, in drawing units", "number"),
            required("find", "How to find it with your hands"),
            SOURCES,
        ),
        foreign_keys=(BY_MUSCLE,),
    ),
    Table(
        "referral_zones",
        "Referral zones",
        "Where a trigger point sends pain: essential (where the pain usually is), spillover (where it sometimes "
        "spreads) and tingling (where it may bring tingling or numbness rather than pain).",
        (
            TRIGGER_POINT,
            required("region_id", "The body region (regions.csv)"),
            required("kind", "Essential, spillover or tingling", enum=("essential", "spillover", "tingling")),
            SOURCES,
        ),
        ("trigger_point_id", "region_id", "kind"),
        (BY_TRIGGER_POINT, ("region_id", "regions", "id")),
    ),
    Table(
        "acupoint_links",
        "Acupoint links",
        "Acupuncture points that lie at or near a trigger point, by WHO standard code. This is anatomical "
        "closeness, with its sources; whether the two are the same thing is debated.",
        (
            TRIGGER_POINT,
            required("code", "The WHO standard code (GB21, SI14...)", pattern=ACUPOINT_CODE_PATTERN),
            optional("distance", "How far the point lies from the trigger point, when it is near rather than on it"),
            optional("x", "The point on the trigger point's body drawing, across", "number"),
            optional("y", "The point on the trigger point's body drawing, down", "number"),
            SOURCES,
        ),
        ("trigger_point_id", "code"),
        (BY_TRIGGER_POINT,),
    ),
    Table(
        "techniques",
        "Techniques",
        "How to work a muscle's trigger points yourself: the position, the tool, where to place it and what to "
        "do if you feel tingling, numbness or sharp pain.",
        (
            required("id", "The muscle's id and the technique's number"),
            MUSCLE,
            required("number", "Its number on the muscle's page", "integer"),
            required("position", "The position", enum=("wall", "floor", "seated", "standing", "side-lying")),
            required("tool", "What presses", enum=("ball", "fingers", "pincer")),
            required("balls", "How many balls (2: in a sock, one each side of the spine)", "integer"),
            optional(
                "hand",
                "The hand that works a hand technique: the other hand, the hand of the side worked, or both",
                enum=("other", "same", "both"),
            ),
            optional(
                "hold",
                "How the words hold the head and the arm of the side worked (head-turned-away, head-tilted-towards, "
                "chin-down, arm-raised, arms-across, arm-in-lap); empty when they hold nothing",
                "list",
            ),
            required("motion", "Hold still, or stroke slowly", enum=("hold", "stroke")),
            required("trigger_point_ids", "The trigger points it works (trigger_points.csv)", "list"),
            required("placement", "Where and how to place the tool"),
            optional("cues", "What to keep in mind while doing it"),
            required("nerve_sensation", "What to do if you feel tingling, numbness or sharp pain"),
            SOURCES,
        ),
        foreign_keys=(BY_MUSCLE,),
    ),
    Table(
        "cautions",
        "Cautions",
        "What to take care with when working each muscle.",
        (
            required("id", "The muscle's id and the caution's number"),
            MUSCLE,
            required("text", "The caution"),
            SOURCES,
        ),
        foreign_keys=(BY_MUSCLE,),
    ),
    Table(
        "red_flags",
        "Red flags",
        "Signs that call for a clinician rather than self-care, by level: emergency (get help now), urgent (see a "
        "doctor today), clinician (see a clinician before self-care).",
        (
            ID,
            required("level", "How soon to get help", enum=("emergency", "urgent", "clinician")),
            required("group", "The body area it is asked with"),
            required("question", "Whom it concerns, as the safety check asks it"),
            required("sign", "The sign"),
            required("why", "Why it matters"),
            SOURCES,
        ),
    ),
    Table(
        "sources",
        "Sources",
        "Every source the other tables cite. The citation (title), authors and link are the works' own, given to "
        "credit them: they are citations only, not licensed by unknot.",
        (
            required("id", "The source's stable key"),
            required(
                "kind",
                "What it is (lay pages never stand alone behind a clinical claim)",
                enum=("paper", "guideline", "textbook", "textbook-summary", "reference", "lay"),
            ),
            required("authors", "The people or the organisation behind it"),
            optional("year", "Year of publication (empty when the page is undated)", "integer"),
            required("title", "The full reference: authors, title, where and when it appeared"),
            required("link", "Where to read it: its address, or its DOI as an address"),
        ),
    ),
    Table(
        "citations",
        "Citations",
        "One row for each claim and each source it cites: every claim above traced to its sources. Exactly one of "
        "muscle_id, trigger_point_id, technique_id, caution_id and red_flag_id names the row the claim is in.",
        (
            required("id", "The row, the claim and the source"),
            required("claim", "Which claim of the row"),
            required("source_id", "The source (sources.csv)"),
            optional("muscle_id", "A muscle (muscles.csv)"),
            optional("trigger_point_id", "A trigger point (trigger_points.csv), its referral or an acupoint link"),
            optional("technique_id", "A technique (techniques.csv)"),
            optional("caution_id", "A caution (cautions.csv)"),
            optional("red_flag_id", "A red flag (red_flags.csv)"),
        ),
        foreign_keys=(
            ("source_id", "sources", "id"),
            BY_MUSCLE,
            BY_TRIGGER_POINT,
            ("technique_id", "techniques", "id"),
            ("caution_id", "cautions", "id"),
            ("red_flag_id", "red_flags", "id"),
        ),
    ),
)
