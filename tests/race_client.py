"""One client of the race test (and of the save benchmark): a separate process saving one session.

Usage: python -m tests.race_client BASE_URL SESSIONID SESSION_UUID WORKER EVENTS [https]
("https" marks requests as a load balancer would, for a server in production mode.)
Every worker starts the same session and saves the same shared events, plus events of its own."""

import json
import sys
import urllib.request
import uuid

SHARED = uuid.UUID("00000000-0000-4000-8000-000000000000")


def event_id(worker: str, number: int) -> str:
    return str(uuid.uuid5(SHARED, f"{worker}-{number}"))


def main(base: str, sessionid: str, session_id: str, worker: str, events: int, https: bool = False) -> int:
    # Plain headers rather than a cookie jar: jars treat dotless hosts such as localhost specially.
    proxy = {"X-Forwarded-Proto": "https"} if https else {}
    origin = base.replace("http://", "https://") if https else base
    page = urllib.request.urlopen(
        urllib.request.Request(
            f"{base}/settings/", headers={"Cookie": f"{'__Host-' if https else ''}sessionid={sessionid}", **proxy}
        )
    )
    page.read()
    set_cookies = page.headers.get_all("Set-Cookie") or []
    # Production (the https mode, behind the proxy header) names its cookies with the __Host- prefix.
    prefix = "__Host-" if https else ""
    csrf = next(c.split(";", 1)[0].split("=", 1)[1] for c in set_cookies if c.startswith(f"{prefix}csrftoken="))
    cookie = f"{prefix}sessionid={sessionid}; {prefix}csrftoken={csrf}"

    def post(path: str, body: dict) -> int:
        request = urllib.request.Request(
            base + path,
            data=json.dumps(body).encode(),
            headers={
                "Content-Type": "application/json",
                "X-CSRFToken": csrf,
                "Cookie": cookie,
                "Referer": origin + "/",
                **proxy,
            },
            method="POST",
        )
        with urllib.request.urlopen(request) as response:
            return response.status

    steps = [{"muscle": "trapezius", "side": side, "seconds": 60} for side in ("left", "right")]
    statuses = [post("/api/v1/sessions", {"id": session_id, "pain_before": 4, "steps": steps})]
    for number in range(events):
        # Half the events are the same for every worker (a save that arrives twice); half are this worker's own.
        owner = "shared" if number % 2 == 0 else worker
        body = {"id": event_id(owner, number), "step": number % 2, "kind": "nerve", "seconds": 0}
        statuses.append(post(f"/api/v1/sessions/{session_id}/events", body))
    print(json.dumps(statuses))
    return 0 if all(status in {200, 201} for status in statuses) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), "https" in sys.argv[6:]))
