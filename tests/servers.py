"""Runs unknot as production does, for tests: gunicorn workers, reminder senders and an SMTP sink.

The database is a fresh SQLite file, or a fresh database on the PostgreSQL that DATABASE_URL names."""

import http.client
import os
import re
import shlex
import socket
import socketserver
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
SECRET = "k7#Qv9!pZx2@Lm4$Wn8^Rt6&Yb3*Hc5(Jd1)Fg0-Se7+Ua9=Ik2"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Sink(socketserver.ThreadingTCPServer):
    """A minimal SMTP server that keeps every message's recipients: enough for smtplib, nothing more."""

    allow_reuse_address = True
    daemon_threads = True

    def __init__(self) -> None:
        self.messages: list[list[str]] = []
        self.bodies: list[str] = []  # each message's text, decoded, in the order it came
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), SinkHandler)

    @property
    def port(self) -> int:
        return self.server_address[1]


class SinkHandler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        self.reply("220 sink ready")
        recipients: list[str] = []
        while line := self.rfile.readline().decode("utf-8", "replace"):
            verb = line[:4].upper()
            if verb in {"EHLO", "HELO"}:
                self.reply("250 sink")
            elif verb == "MAIL":
                recipients = []
                self.reply("250 ok")
            elif verb == "RCPT":
                recipients.append(re.search(r"<([^>]*)>", line).group(1))
                self.reply("250 ok")
            elif verb == "DATA":
                self.reply("354 go on")
                lines = []
                while (data := self.rfile.readline()) not in {b".\r\n", b".\n", b""}:
                    lines.append(data[1:] if data.startswith(b"..") else data)
                with self.server.lock:
                    self.server.messages.append(recipients)
                    self.server.bodies.append(text_of(b"".join(lines)))
                self.reply("250 kept")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")


def text_of(raw: bytes) -> str:
    """A message's plain text, whatever its transfer encoding."""
    import email

    message = email.message_from_bytes(raw)
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True)
            return payload.decode(part.get_content_charset() or "utf-8", "replace")
    return ""


def collected_static() -> Path:
    """Where collectstatic's output for this tree is kept between runs: named by the static files' content."""
    import hashlib

    digest = hashlib.sha256((ROOT / "requirements.lock").read_bytes())
    for path in sorted((ROOT / "static").rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(ROOT)).encode() + path.read_bytes())
    return ROOT / "var" / "test-static" / digest.hexdigest()[:16]


class Site:
    """A production configuration on its own database; start app servers and commands against it."""

    def __init__(self, workdir: Path, mail_port: int) -> None:
        self.workdir = workdir
        self.processes: list[subprocess.Popen] = []
        self.env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
        self.env.update(
            DEBUG="false",
            SECRET_KEY=SECRET,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SITE_URL="https://unknot.example.org",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(mail_port),
            EMAIL_USE_TLS="false",
            SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO",
            STATIC_ROOT=str(collected_static()),
            LOG_LEVEL="WARNING",
        )
        self.database = None
        if os.environ.get("DATABASE_URL"):
            self.database = f"unknot_servers_{uuid.uuid4().hex[:8]}"
            self._admin(f'CREATE DATABASE "{self.database}"')
            parts = urlsplit(os.environ["DATABASE_URL"])
            self.env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{self.database}"))
        else:
            self.env.pop("DATABASE_URL", None)
            self.env["SQLITE_PATH"] = str(workdir / "site.sqlite3")
        self.manage("migrate", "--noinput", "-v0")
        if not (Path(self.env["STATIC_ROOT"]) / "staticfiles.json").exists():
            self.manage("collectstatic", "--noinput", "-v0")  # about 20 s: kept for later runs (see below)

    @property
    def postgres(self) -> bool:
        return self.database is not None

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
            conn.execute(sql)

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=180
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    def shell(self, code: str) -> str:
        return self.manage("shell", "-c", code).strip().splitlines()[-1] if code else ""

    def start(self, *args: str) -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, *args], cwd=ROOT, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        self.processes.append(process)
        return process

    def serve(self, workers: int = 4, healthy: bool = True) -> int:
        """Starts gunicorn and waits until it answers (with 200 on /healthz unless healthy=False)."""
        port = free_port()
        self.start(
            "-m", "gunicorn", "unknot.wsgi", f"--bind=127.0.0.1:{port}", f"--workers={workers}", "--log-level=warning"
        )
        for _ in range(200):
            try:
                status = request(port, "GET", "/healthz")[0]
                if status == 200 or not healthy:
                    return port
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def close(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        if self.database:
            self._admin(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')


HTTPS = {"X-Forwarded-Proto": "https"}


def request(port: int, method: str, path: str, body: str | bytes | None = None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(method, path, body=body, headers={**HTTPS, **(headers or {})})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, data, response.headers


class Browser:
    """One visitor: cookies kept across app servers, CSRF token sent as a browser would. `headers` go with every
    request: X-Forwarded-For (the visitor's address, behind TRUSTED_PROXY_COUNT=1) or a Host of one's own."""

    def __init__(self, headers: dict[str, str] | None = None) -> None:
        self.cookies: dict[str, str] = {}
        self.headers = headers or {}

    def _keep(self, headers) -> None:
        for cookie in headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def csrf_name(self) -> str:
        return next((name for name in self.cookies if name.endswith("csrftoken")), "csrftoken")

    def get(self, port: int, path: str):
        status, data, headers = request(port, "GET", path, headers={**self.headers, "Cookie": self.cookie_header()})
        self._keep(headers)
        return status, data.decode("utf-8", "replace"), headers

    def post_form(self, port: int, path: str, fields: dict[str, str], form_page: str | None = None):
        """Posts the form as a browser would, its CSRF token read from the page at `path` (or `form_page`, for a
        button on another page)."""
        from urllib.parse import urlencode

        status, page, _ = self.get(port, form_page or path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urlencode({"csrfmiddlewaretoken": token, **fields})
        host = self.headers.get("Host", "127.0.0.1")
        status, data, headers = request(
            port,
            "POST",
            path,
            body,
            {
                "Host": host,
                **self.headers,
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": self.cookie_header(),
                "Referer": f"https://{host}/",
                "Origin": f"https://{host}",
            },
        )
        self._keep(headers)
        return status, data.decode("utf-8", "replace"), headers

    def post_json(self, port: int, path: str, payload: dict):
        import json

        status, data, headers = request(
            port,
            "POST",
            path,
            json.dumps(payload),
            {
                **self.headers,
                "Content-Type": "application/json",
                "Cookie": self.cookie_header(),
                "X-CSRFToken": self.cookies[self.csrf_name()],
                "Referer": "https://127.0.0.1/",
                "Host": "127.0.0.1",
            },
        )
        self._keep(headers)
        return status, data


class Postgres:
    """The PostgreSQL server DATABASE_URL names, stopped and started as an operator (or a crash) would. Only
    for a server this machine runs, such as scripts/with-postgres's throwaway cluster: `available()` says."""

    def __init__(self, url: str) -> None:
        import psycopg

        with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
            self.data = Path(conn.execute("SHOW data_directory").fetchone()[0])
        # How the server was started, so it comes back on the same port and socket folder.
        program, *args = shlex.split((self.data / "postmaster.opts").read_text())
        while "-D" in args:
            at = args.index("-D")
            del args[at : at + 2]
        self.pg_ctl = str(Path(program).with_name("pg_ctl"))
        self.options = shlex.join(args)
        self.log = self.data.parent / "log"
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    @classmethod
    def available(cls) -> "Postgres | None":
        try:
            return cls(os.environ["DATABASE_URL"])
        except (KeyError, OSError, ValueError):
            return None

    def _run(self, *args: str) -> None:
        command = [*self.as_postgres, self.pg_ctl, "-D", str(self.data), *args]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr

    def running(self) -> bool:
        command = [*self.as_postgres, self.pg_ctl, "-D", str(self.data), "status"]
        return subprocess.run(command, capture_output=True, timeout=30).returncode == 0

    def stop(self) -> None:
        self._run("-m", "fast", "-w", "stop")

    def start(self) -> None:
        self._run("-w", "-l", str(self.log), "-o", self.options, "start")

    def restart(self) -> None:
        self.stop()
        self.start()
