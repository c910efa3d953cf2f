"""The production stack as docs/production.md deploys it, driven over HTTP under faults.

Run it with scripts/stack-test.sh (CI does, from .ci/run). It starts, in a
temporary folder, and stops again by PID whatever happens:

- a private PostgreSQL cluster from the machine's server binaries (initdb and
  pg_ctl, as the ``postgres`` user when run as root) on a free port, so that
  it can be stopped for a fault without touching the machine's own server;
- a redis-server of its own on a free port;
- an SMTP sink (aiosmtpd, in this process) that records every message;
- the portal with the production settings: ``check --deploy --fail-level
  WARNING``, ``migrate`` (with its system checks), ``collectstatic``,
  ``bootstrap_site``, ``load_demo_content``, ``createsuperuser``, then two
  gunicorn processes with deploy/gunicorn.conf.py (two workers each) and two
  supervised task workers (``run_worker``);
- Debian's varnishd with deploy/varnish/portal.vcl in front of the first
  gunicorn, purged by the workers (``PORTAL_VARNISH_URL``).

It plays the reverse proxy (X-Forwarded-Proto and X-Forwarded-For) and the
residents, then injects the faults of issue 7 and checks what must hold,
with counts: the resident flow end to end; ``kill -9`` of a worker during a
batch of 50 verification mails; PostgreSQL stopped under steady GETs and
POSTs; Redis stopped; SMTP down during 50 submissions; rate limits across
the two web processes; no token in any log. It prints a table of the figures
and exits non-zero on any violation.

Environment: STACK_PORT_BASE=8170 takes six ports from there instead of free
ones; STACK_KEEP=1 keeps the temporary folder. The logs of the last run are
copied to var/stack-test/.
"""

import asyncio
import contextlib
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import message_from_bytes, policy
from http.cookies import SimpleCookie
from pathlib import Path

import psycopg
import redis
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
HOST = "synpunkter.stack.test"
BASE_URL = f"https://{HOST}"
ARTICLE = "/nyheter/langsiktig-plan-2024-2027/"
LEASE_SECONDS = 8
ADMIN_PASSWORD = secrets.token_urlsafe(16)
TOKEN_LINK = re.compile(
    r"/kommentarer/(?:bekrafta|aterkalla|stoppa-epost)/([^/\s\"<>]+)/"
)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn_argv(port: int, *, workers: int) -> list[str]:
    """gunicorn as docs/production.md starts it, on a port of its own."""
    return [
        GUNICORN,
        "-c",
        "deploy/gunicorn.conf.py",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
    ]


def wait_for(predicate, timeout: float, step: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


# --- the SMTP sink -------------------------------------------------------


@dataclass
class Mail:
    at: float
    message_id: str
    to: list[str]
    subject: str
    text: str


class Sink:
    """Records every message; can be slow (to be killed mid-send) or down."""

    def __init__(self, port: int):
        self.port = port
        self.mails: list[Mail] = []
        self.delay = 0.0
        self.controller = None

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        if self.delay:
            await asyncio.sleep(self.delay)
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        body = message.get_body(preferencelist=("plain",))
        self.mails.append(
            Mail(
                at=time.monotonic(),
                message_id=str(message["Message-ID"]),
                to=list(envelope.rcpt_tos),
                subject=str(message["Subject"]),
                text=body.get_content() if body else "",
            )
        )
        # Accepted before the reply: a client killed now has delivered.
        if self.delay:
            await asyncio.sleep(self.delay)
        return "250 Message accepted"

    def start(self):
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None

    def to(self, prefix: str) -> list[Mail]:
        return [m for m in self.mails if any(r.startswith(prefix) for r in m.to)]


def delivery_counts(mails: list[Mail], recipients: set[str]) -> tuple[int, int]:
    """(lost, duplicated) among ``recipients``, each of whom expects one mail.

    Copies are counted by recipient and by Message-ID: a message sent twice
    shows up in both.
    """
    per_recipient = Counter(r for m in mails for r in m.to if r in recipients)
    per_id = Counter(m.message_id for m in mails if set(m.to) & recipients)
    lost = len(recipients - set(per_recipient))
    duplicated = max(
        sum(n - 1 for n in per_recipient.values()),
        sum(n - 1 for n in per_id.values()),
    )
    return lost, duplicated


# --- HTTP ------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: dict
    body: str


@dataclass
class Form:
    action: str
    csrf: str
    started: str
    principle: str


class Client:
    """One browser behind the proxy: its cookies, its address."""

    def __init__(self, ip: str):
        self.ip = ip
        self.cookies: dict[str, str] = {}
        self.form: Form | None = None

    def request(self, port, method, path, data=None, ip=None, timeout=20.0):
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": ip or self.ip,
            "User-Agent": "stack-test",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = BASE_URL
            headers["Referer"] = BASE_URL + path
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            raw = connection.getresponse()
            text = raw.read().decode("utf-8", "replace")
            pairs = raw.getheaders()
        except OSError:
            return Response(0, {}, "")
        finally:
            connection.close()
        for name, value in pairs:
            if name.lower() == "set-cookie":
                cookie = SimpleCookie()
                cookie.load(value)
                for key, morsel in cookie.items():
                    self.cookies[key] = morsel.value
        return Response(raw.status, {k.lower(): v for k, v in pairs}, text)

    def get(self, port, path, **kwargs):
        return self.request(port, "GET", path, **kwargs)

    def post(self, port, path, data, **kwargs):
        return self.request(port, "POST", path, data=data, **kwargs)

    def load_form(self, port) -> Form:
        page = self.get(port, ARTICLE)
        assert page.status == 200, f"article answered {page.status}"
        # The page is the same for everyone (cacheable): its script fetches
        # the token and the fill-time stamp, as this does.
        state = self.get(port, re.search(r'data-form-state="([^"]+)"', page.body)[1])
        assert state.status == 200, f"form state answered {state.status}"
        values = json.loads(state.body)
        self.form = Form(
            action=re.search(r'action="(/kommentarer/artikel/\d+/)', page.body)[1],
            csrf=values["csrfmiddlewaretoken"],
            started=values["started"],
            principle=re.search(r'name="principle" value="(\d+)"', page.body)[1],
        )
        return self.form

    def comment(self, port, email, body, ip=None) -> Response:
        form = self.form
        return self.post(
            port,
            form.action,
            {
                "csrfmiddlewaretoken": form.csrf,
                "started": form.started,
                "author_name": "Stacktest",
                "author_email": email,
                "body": body,
                "principle": form.principle,
                "webbplats": "",
            },
            ip=ip,
        )


_networks = iter(range(1, 60000))


def new_ip() -> str:
    """An address in a /24 of its own: the per-network limit counts per /24."""
    n = next(_networks)
    return f"10.{n // 250 % 250}.{n % 250}.7"


# --- the stack ------------------------------------------------------------


class Stack:
    def __init__(self, tmp: Path, ports: dict[str, int]):
        self.tmp = tmp
        self.ports = ports
        self.procs: dict[str, subprocess.Popen] = {}
        self.sink = Sink(ports["smtp"])
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
        if not bins:
            raise SystemExit("No PostgreSQL server binaries (apt install postgresql).")
        self.pg_bin = bins[-1].parent
        self.pg_dir = tmp / "pg"
        self.as_postgres = (
            ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        )
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(tmp),
            "LANG": "C.UTF-8",
            "PYTHONUNBUFFERED": "1",
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": HOST,
            "PORTAL_BASE_URL": BASE_URL,
            "PORTAL_TRUSTED_PROXY_COUNT": "1",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{ports['pg']}/portal",
            "REDIS_URL": f"redis://127.0.0.1:{ports['redis']}/0",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(ports["smtp"]),
            "EMAIL_TIMEOUT": "5",
            "DEFAULT_FROM_EMAIL": "Kommunen <noreply@stack.test>",
            "MEDIA_ROOT": str(tmp / "media"),
            "PORTAL_TASK_LEASE_SECONDS": str(LEASE_SECONDS),
            "FEEDBACK_EMAIL_RETRY_BASE_SECONDS": "5",
            "DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD,
            # The workers purge changed pages there (feedback.purge).
            "PORTAL_VARNISH_URL": f"http://127.0.0.1:{ports['varnish']}",
        }

    # processes

    def spawn(self, name: str, argv: list[str]) -> None:
        out = open(self.tmp / f"{name}.log", "ab")  # noqa: SIM115 (the child keeps it)
        self.procs[name] = subprocess.Popen(  # noqa: S603
            argv,
            cwd=ROOT,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        out.close()

    def stop(self, name: str, sig=signal.SIGTERM, timeout=20.0) -> None:
        proc = self.procs.pop(name, None)
        if proc is None or proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)

    def manage(self, *args: str) -> str:
        result = subprocess.run(  # noqa: S603
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        with open(self.tmp / "manage.log", "a") as out:
            out.write(f"$ manage.py {' '.join(args)}\n{result.stdout}{result.stderr}\n")
        if result.returncode:
            raise SystemExit(
                f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}"
            )
        return result.stdout

    # PostgreSQL, private

    def pg(self, *args: str, check=True) -> None:
        subprocess.run(  # noqa: S603
            [*self.as_postgres, *args],
            check=check,
            capture_output=True,
            timeout=120,
        )

    def pg_init(self) -> None:
        self.pg_dir.mkdir()
        if self.as_postgres:
            shutil.chown(self.pg_dir, "postgres", "postgres")
        self.pg(
            str(self.pg_bin / "initdb"),
            "-D",
            str(self.pg_dir / "data"),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--no-locale",
        )
        self.pg_start()
        with psycopg.connect(self.admin_url(), autocommit=True) as conn:
            conn.execute("CREATE DATABASE portal")

    def admin_url(self, database="postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.ports['pg']}/{database}"

    def pg_start(self) -> None:
        options = (
            f"-p {self.ports['pg']} -k {self.pg_dir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self.pg(
            str(self.pg_bin / "pg_ctl"),
            "-D",
            str(self.pg_dir / "data"),
            "-l",
            str(self.pg_dir / "postgres.log"),
            "-o",
            options,
            "-w",
            "start",
        )

    def pg_stop(self, mode="fast") -> None:
        self.pg(
            str(self.pg_bin / "pg_ctl"),
            "-D",
            str(self.pg_dir / "data"),
            "-m",
            mode,
            "-w",
            "stop",
            check=False,
        )

    def sql(self, query: str, params=()) -> list[tuple]:
        with psycopg.connect(self.admin_url("portal"), autocommit=True) as conn:
            return conn.execute(query, params).fetchall()

    # Redis, private

    def redis_start(self) -> None:
        self.spawn(
            "redis",
            [
                "redis-server",
                "--port",
                str(self.ports["redis"]),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
        )
        client = redis.Redis(port=self.ports["redis"], socket_timeout=1)
        assert wait_for(lambda: _ping(client), 20), "redis-server did not start"

    # the portal

    def web_ports(self) -> list[int]:
        return [self.ports["web1"], self.ports["web2"]]

    def start_web(self) -> None:
        for index, port in enumerate(self.web_ports(), start=1):
            self.spawn(f"web{index}", gunicorn_argv(port, workers=2))
        probe = Client("127.0.0.1")
        for port in self.web_ports():
            assert wait_for(
                lambda port=port: probe.get(port, "/healthz/?scope=web").status == 200,
                90,
                0.5,
            ), f"gunicorn on {port} did not become healthy"

    def start_varnish(self) -> None:
        """Debian's varnishd with deploy/varnish/portal.vcl in front of web1."""
        vcl = self.tmp / "portal.vcl"
        source = (ROOT / "deploy" / "varnish" / "portal.vcl").read_text()
        vcl.write_text(
            source.replace('.port = "8000";', f'.port = "{self.ports["web1"]}";')
        )
        self.spawn(
            "varnish",
            [
                shutil.which("varnishd") or "/usr/sbin/varnishd",
                "-F",
                "-j",
                "none",
                "-n",
                str(self.tmp / "varnish"),
                "-a",
                f"127.0.0.1:{self.ports['varnish']}",
                "-T",
                "none",
                "-f",
                str(vcl),
                "-s",
                "malloc,64m",
            ],
        )
        probe = Client("127.0.0.1")
        assert wait_for(
            lambda: (
                probe.get(self.ports["varnish"], "/healthz/?scope=web").status == 200
            ),
            30,
            0.3,
        ), "varnish did not start"

    def start_worker(self, number: int) -> None:
        self.spawn(
            f"worker{number}",
            [
                PYTHON,
                "manage.py",
                "run_worker",
                "--worker-id",
                f"stack-{number}",
                "--reap-interval",
                "2",
                "--heartbeat-interval",
                "1",
                "--max-backoff",
                "2",
            ],
        )

    def heartbeats(self) -> dict[str, datetime]:
        return dict(self.sql("SELECT worker_id, beat_at FROM portal_workerheartbeat"))

    def cleanup(self) -> None:
        for name in list(self.procs):
            self.stop(name, timeout=15)
        self.sink.stop()
        if (self.pg_dir / "data" / "postmaster.pid").exists():
            self.pg_stop("immediate")


def _ping(client) -> bool:
    try:
        return client.ping()
    except redis.exceptions.RedisError:
        return False


# --- checks ------------------------------------------------------------------


@dataclass
class Report:
    rows: list[tuple[str, str, str, bool]] = field(default_factory=list)

    def check(self, what: str, figure, must: str, ok: bool) -> None:
        self.rows.append((what, str(figure), must, bool(ok)))
        log(f"{'ok  ' if ok else 'FAIL'} {what}: {figure} (must be {must})")

    @property
    def failed(self) -> bool:
        return not all(ok for *_rest, ok in self.rows)

    def table(self) -> str:
        lines = ["| check | figure | must be | |", "| --- | --- | --- | --- |"]
        for what, figure, must, ok in self.rows:
            lines.append(f"| {what} | {figure} | {must} | {'ok' if ok else 'FAIL'} |")
        return "\n".join(lines)


@dataclass
class Hit:
    t0: float
    t1: float
    method: str
    path: str
    status: int
    retry_after: str
    kept_text: bool = False
    email: str = ""


class Load:
    """Steady GETs on both web processes, and comment POSTs, until stopped."""

    def __init__(self, stack: Stack, tag: str, get_paths, admin: Client | None = None):
        self.stack = stack
        self.tag = tag
        self.paths = get_paths
        self.admin = admin
        self.hits: list[Hit] = []
        self.running = True
        self.threads: list[threading.Thread] = []
        self.poster = Client(new_ip())
        self.poster.load_form(stack.web_ports()[0])

    def start(self) -> None:
        targets = [self._reader, self._reader, self._poster]
        if self.admin:
            targets.append(self._admin)
        for index, target in enumerate(targets):
            thread = threading.Thread(target=target, args=(index,), daemon=True)
            thread.start()
            self.threads.append(thread)

    def stop(self) -> None:
        self.running = False
        for thread in self.threads:
            thread.join(30)

    def _record(self, t0, method, path, response, **extra) -> None:
        self.hits.append(
            Hit(
                t0,
                time.monotonic(),
                method,
                path,
                response.status,
                response.headers.get("retry-after", ""),
                **extra,
            )
        )

    def _reader(self, index: int) -> None:
        client = Client(new_ip())
        n = 0
        while self.running:
            port = self.stack.web_ports()[(n + index) % 2]
            path = self.paths[n % len(self.paths)]
            t0 = time.monotonic()
            self._record(t0, "GET", path, client.get(port, path))
            n += 1
            time.sleep(0.05)

    def _admin(self, index: int) -> None:
        n = 0
        while self.running:
            port = self.stack.web_ports()[n % 2]
            t0 = time.monotonic()
            self._record(t0, "ADMIN", "/admin/", self.admin.get(port, "/admin/"))
            n += 1
            time.sleep(0.3)

    def _poster(self, index: int) -> None:
        n = 0
        while self.running:
            port = self.stack.web_ports()[n % 2]
            email = f"{self.tag}-{n}@stack.test"
            text = f"Synpunkt {self.tag} nummer {n}: mer cykelparkering vid stationen."
            t0 = time.monotonic()
            response = self.poster.comment(port, email, text, ip=new_ip())
            self._record(
                t0,
                "POST",
                self.poster.form.action,
                response,
                kept_text=text in response.body,
                email=email,
            )
            n += 1
            time.sleep(0.25)

    def server_errors(self) -> int:
        """5xx other than 503, and requests that got no answer at all."""
        return sum(
            1
            for h in self.hits
            if h.status == 0 or (h.status >= 500 and h.status != 503)
        )

    def accepted(self) -> set[str]:
        return {h.email for h in self.hits if h.method == "POST" and h.status == 302}


# --- the scenario ------------------------------------------------------------


def setup(stack: Stack) -> float:
    started = time.monotonic()
    log("PostgreSQL: private cluster")
    stack.pg_init()
    log("Redis, SMTP sink")
    stack.redis_start()
    stack.sink.start()
    log("manage.py check --deploy, migrate, collectstatic, bootstrap_site, demo")
    stack.manage("check", "--deploy", "--fail-level", "WARNING")
    stack.manage("migrate", "--noinput")
    stack.manage("collectstatic", "--noinput")
    stack.manage("bootstrap_site", "--organisation", "Stacktestkommunen")
    stack.manage("load_demo_content")
    stack.manage(
        "createsuperuser", "--noinput", "--username", "admin", "--email", "a@stack.test"
    )
    log("gunicorn x2 (2 workers each), run_worker x2")
    stack.start_worker(1)
    stack.start_worker(2)
    stack.start_web()
    log("varnish in front of web1")
    stack.start_varnish()
    assert wait_for(lambda: len(stack.heartbeats()) == 2, 60), "workers did not beat"
    return time.monotonic() - started


def admin_login(stack: Stack) -> Client:
    admin = Client("10.254.0.1")
    port = stack.web_ports()[0]
    page = admin.get(port, "/admin/login/")
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)[1]
    response = admin.post(
        port,
        "/admin/login/",
        {"csrfmiddlewaretoken": csrf, "username": "admin", "password": ADMIN_PASSWORD},
    )
    assert response.status == 302, f"admin login answered {response.status}"
    return admin


def resident_flow(stack: Stack, report: Report, admin: Client) -> None:
    web1, web2 = stack.web_ports()
    resident = Client(new_ip())
    assert resident.get(web1, "/").status == 200
    resident.load_form(web1)
    time.sleep(3.2)  # the form's minimum fill time
    text = "Trygghet börjar med upplysta gångvägar till skolan."
    response = resident.comment(web2, "resident@stack.test", text)
    report.check(
        "resident: comment POST", response.status, "302", response.status == 302
    )
    delivered = wait_for(lambda: stack.sink.to("resident@"), 30)
    mail = stack.sink.to("resident@")[0] if delivered else None
    confirm = re.search(r"/kommentarer/bekrafta/[^/\s]+/", mail.text)[0] if mail else ""
    page = resident.get(web1, confirm) if confirm else Response(0, {}, "")
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
    confirmed = (
        resident.post(web2, confirm, {"csrfmiddlewaretoken": csrf[1]}) if csrf else page
    )
    report.check(
        "resident: confirm link from the mail, GET then POST",
        f"{page.status}, {confirmed.status}",
        "200, 200",
        page.status == 200 and confirmed.status == 200,
    )
    (pk,) = stack.sql(
        "SELECT id FROM feedback_residentcomment WHERE author_email = %s",
        ("resident@stack.test",),
    )[0]
    detail = admin.get(web1, f"/admin/moderering/kommentar/{pk}/")
    form = re.search(r'<form method="post" action="([^"]+/approve/)"', detail.body)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', detail.body)
    approved = (
        admin.post(
            web2,
            form[1],
            {"csrfmiddlewaretoken": csrf[1], "expected_status": "pending"},
        )
        if form and csrf
        else detail
    )
    visible = text in resident.get(web1, ARTICLE).body
    report.check(
        "resident: moderator approves in the admin, comment on the article",
        f"{approved.status}, {'visible' if visible else 'not visible'}",
        "302, visible",
        approved.status == 302 and visible,
    )


def http_cache(stack: Stack, report: Report, admin: Client) -> None:
    """Varnish keeps the article; a moderator's approval shows within 2 s."""
    varnish = stack.ports["varnish"]
    web1, _web2 = stack.web_ports()
    reader = Client(new_ip())
    first, second = reader.get(varnish, ARTICLE), reader.get(varnish, ARTICLE)
    report.check(
        "HTTP cache: the article twice through varnish",
        f"{first.headers.get('x-cache')}, {second.headers.get('x-cache')}",
        "MISS, HIT",
        (first.headers.get("x-cache"), second.headers.get("x-cache"))
        == ("MISS", "HIT"),
    )
    signed_in = admin.get(varnish, ARTICLE)
    report.check(
        "HTTP cache: a signed-in editor through varnish",
        f"{signed_in.headers.get('x-cache')}, {signed_in.headers.get('cache-control')}",
        "MISS, private",
        signed_in.headers.get("x-cache") == "MISS"
        and "private" in signed_in.headers.get("cache-control", ""),
    )

    resident = Client(new_ip())
    resident.load_form(web1)
    time.sleep(3.2)  # the form's minimum fill time
    text = "Varnish visar godkända synpunkter inom två sekunder."
    resident.comment(web1, "cache@stack.test", text)
    assert wait_for(lambda: stack.sink.to("cache@"), 30), "no confirmation mail"
    mail = stack.sink.to("cache@")[0]
    confirm = re.search(r"/kommentarer/bekrafta/[^/\s]+/", mail.text)
    page = resident.get(web1, confirm[0])
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)[1]
    resident.post(web1, confirm[0], {"csrfmiddlewaretoken": csrf})
    (pk,) = stack.sql(
        "SELECT id FROM feedback_residentcomment WHERE author_email = %s",
        ("cache@stack.test",),
    )[0]
    reader.get(varnish, ARTICLE)
    before = reader.get(varnish, ARTICLE)
    assert before.headers.get("x-cache") == "HIT" and text not in before.body
    detail = admin.get(web1, f"/admin/moderering/kommentar/{pk}/")
    form = re.search(r'<form method="post" action="([^"]+/approve/)"', detail.body)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', detail.body)
    approved = admin.post(
        web1, form[1], {"csrfmiddlewaretoken": csrf[1], "expected_status": "pending"}
    )
    approved_at = time.monotonic()
    visible = wait_for(lambda: text in reader.get(varnish, ARTICLE).body, 10, 0.1)
    seconds = time.monotonic() - approved_at
    report.check(
        "HTTP cache: approval visible through varnish (purge after commit)",
        f"{approved.status}, {seconds:.1f} s" if visible else "not visible in 10 s",
        "302, <= 2 s",
        approved.status == 302 and visible and seconds <= 2,
    )


def submit_batch(stack: Stack, tag: str, count: int) -> set[str]:
    """``count`` comments from as many networks, both web processes, 4 at a time."""
    clients = [Client(new_ip()) for _ in range(4)]
    for client in clients:
        client.load_form(stack.web_ports()[0])
    time.sleep(3.2)
    accepted = set()

    def submit(n):
        email = f"{tag}-{n}@stack.test"
        response = clients[n % 4].comment(
            stack.web_ports()[n % 2], email, f"Synpunkt {n}.", ip=new_ip()
        )
        return email, response.status

    with ThreadPoolExecutor(4) as pool:
        for email, status in pool.map(submit, range(count)):
            if status == 302:
                accepted.add(email)
    return accepted


def fault_kill_worker(stack: Stack, report: Report) -> None:
    log("fault: kill -9 of a worker during a batch of 50 verification mails")
    stack.sink.delay = 0.15  # each send takes a while: the kill lands mid-send
    accepted = submit_batch(stack, "kill", 50)
    report.check(
        "kill -9: submissions accepted", len(accepted), "50", len(accepted) == 50
    )
    wait_for(lambda: len(stack.sink.to("kill-")) >= 10, 60, 0.05)
    killed_at = time.monotonic()
    os.kill(stack.procs["worker1"].pid, signal.SIGKILL)
    stack.procs.pop("worker1").wait(10)
    log("worker1 killed; restarted after 2 s, as systemd's RestartSec=2 would")
    time.sleep(2)
    stack.start_worker(1)
    bound = LEASE_SECONDS + 60
    wait_for(
        lambda: len({r for m in stack.sink.to("kill-") for r in m.to}) >= 50, bound
    )
    done_after = (
        max((m.at for m in stack.sink.to("kill-")), default=killed_at) - killed_at
    )
    stack.sink.delay = 0.0
    time.sleep(1)  # a late duplicate would show up now
    lost, duplicated = delivery_counts(stack.sink.to("kill-"), accepted)
    report.check("kill -9: mails lost", lost, "0", lost == 0)
    report.check("kill -9: mails duplicated", duplicated, "0", duplicated == 0)
    report.check(
        "kill -9: every mail delivered, seconds after the kill",
        f"{done_after:.1f}",
        f"<= {bound}",
        lost == 0 and done_after <= bound,
    )
    rows = stack.sql(
        "SELECT count(*) FILTER (WHERE d.attempts > 1), "
        "count(*) FILTER (WHERE d.last_error LIKE 'Arbetsprocessen avbröts%%') "
        "FROM feedback_emaildelivery d JOIN feedback_residentcomment c "
        "ON c.id = d.comment_id WHERE c.author_email LIKE 'kill-%%'"
    )[0]
    requeued = _log_count(stack, "Requeued task")
    report.check(
        "kill -9: dead worker's mail re-sent / closed as handed over; tasks requeued",
        f"{rows[0]} / {rows[1]}; {requeued}",
        "(figure)",
        True,
    )


def bulk_approval(stack: Stack, report: Report, admin: Client) -> None:
    """The bulk bar's approval of the 50 comments of the kill -9 batch: one
    POST, each author mailed once by the workers, visible through varnish."""
    log("bulk approval of 50 comments in the admin")
    varnish = stack.ports["varnish"]
    web1, web2 = stack.web_ports()
    rows = stack.sql(
        "SELECT id, body FROM feedback_residentcomment "
        "WHERE author_email LIKE 'kill-%%' ORDER BY created_at, id"
    )
    # Standing in for the 50 confirmation clicks (the flow above makes one).
    stack.sql(
        "UPDATE feedback_residentcomment SET status = 'pending', "
        "verified_at = now() WHERE author_email LIKE 'kill-%%' RETURNING id"
    )
    reader = Client(new_ip())
    reader.get(varnish, ARTICLE)
    cached = reader.get(varnish, ARTICLE).headers.get("x-cache")
    path = "/admin/bulk/feedback/residentcomment/moderation_approve/?" + "&".join(
        f"id={pk}" for pk, _body in rows
    )
    confirm = admin.get(web1, path)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', confirm.body)
    mails_before = len(stack.sink.to("kill-"))
    started = time.monotonic()
    # What the browser posts: the token and the status it showed each comment in.
    seen = re.search(r'name="seen" value="([^"]*)"', confirm.body)
    form = {
        "csrfmiddlewaretoken": csrf[1] if csrf else "",
        "seen": seen[1] if seen else "",
    }
    posted = admin.post(web2, path, form)
    post_ms = (time.monotonic() - started) * 1000
    # The article lists oldest first: the batch's first follows the demo's few.
    first = rows[0][1]
    visible = wait_for(lambda: first in reader.get(varnish, ARTICLE).body, 10, 0.1)
    seconds = time.monotonic() - started
    (approved,) = stack.sql(
        "SELECT count(*) FROM feedback_residentcomment "
        "WHERE author_email LIKE 'kill-%%' AND status = 'approved'"
    )[0]
    report.check(
        "bulk approval of 50: POST, approved, on the cached article",
        f"{posted.status} in {post_ms:.0f} ms, {approved}, {cached} then "
        + (f"visible in {seconds:.1f} s" if visible else "not visible in 10 s"),
        "302, 50, HIT then <= 2 s",
        posted.status == 302 and approved == 50 and visible and seconds <= 2,
    )

    def published():
        return [
            m
            for m in stack.sink.to("kill-")[mails_before:]
            if m.subject == "Din kommentar är publicerad"
        ]

    wait_for(lambda: len(published()) >= 50, 60)
    time.sleep(1)  # a late duplicate would show up now
    recipients = sorted(r for m in published() for r in m.to)
    report.check(
        "bulk approval of 50: each author's publication mail, once",
        f"{len(set(recipients))} authors, {len(recipients)} mails",
        "50 authors, 50 mails",
        len(set(recipients)) == 50 and len(recipients) == 50,
    )


def _log_count(stack: Stack, needle: str) -> int:
    return sum(
        path.read_text(errors="replace").count(needle)
        for path in stack.tmp.glob("worker*.log")
    )


PUBLIC_PAGES = [
    "/",
    ARTICLE,
    "/nyheter/",
    "/principer/samhorighet/",
    "/nyheter/feed/",
    "/sok/?q=plan",
]


def fault_postgres(stack: Stack, report: Report, admin: Client) -> None:
    log("fault: PostgreSQL stopped ~12 s under steady GETs and POSTs")
    load = Load(stack, "pg", PUBLIC_PAGES)
    time.sleep(3.2)
    load.start()
    time.sleep(3)
    stack.pg_stop("fast")
    down_at = time.monotonic()
    down_wall = datetime.now(UTC)
    time.sleep(12)
    stack.pg_start()
    up_at = time.monotonic()
    up_wall = datetime.now(UTC)
    recovered = wait_for(
        lambda: any(h.t0 > up_at and h.status in (200, 302) for h in load.hits), 30
    )
    time.sleep(3)
    load.stop()
    outage = [h for h in load.hits if h.t0 > down_at and h.t1 < up_at]
    unavailable = [h for h in load.hits if h.status == 503]
    report.check(
        "PostgreSQL down: 500 responses",
        load.server_errors(),
        "0",
        load.server_errors() == 0,
    )
    with_retry = [h for h in unavailable if h.retry_after]
    report.check(
        "PostgreSQL down: 503 with Retry-After (GET / POST)",
        f"{sum(h.method == 'GET' for h in with_retry)} / "
        f"{sum(h.method == 'POST' for h in with_retry)}",
        ">= 1, all with Retry-After",
        with_retry and len(with_retry) == len(unavailable),
    )
    posts_503 = [h for h in unavailable if h.method == "POST"]
    kept = sum(h.kept_text for h in posts_503)
    report.check(
        "PostgreSQL down: POSTs answered 503 that give the text back",
        f"{kept} of {len(posts_503)}",
        "all, at least 1",
        posts_503 and kept == len(posts_503),
    )
    first_ok = min(
        (h.t1 for h in load.hits if h.t0 > up_at and h.status in (200, 302)),
        default=None,
    )
    report.check(
        "PostgreSQL back: web answers again, seconds",
        f"{first_ok - up_at:.1f}" if first_ok else "never",
        "<= 30",
        recovered,
    )
    resumed = wait_for(
        lambda: all(beat > up_wall for beat in stack.heartbeats().values()), 60, 0.5
    )
    beats_after = time.monotonic() - up_at
    report.check(
        "PostgreSQL back: both workers resumed by themselves, seconds",
        f"{beats_after:.1f}" if resumed else "never",
        "<= 60",
        resumed and len(stack.heartbeats()) == 2,
    )
    accepted = load.accepted()
    stored = {
        row[0]
        for row in stack.sql(
            "SELECT author_email FROM feedback_residentcomment "
            "WHERE author_email LIKE 'pg-%%'"
        )
    }
    wait_for(
        lambda: len({r for m in stack.sink.to("pg-") for r in m.to}) >= len(stored), 60
    )
    lost, duplicated = delivery_counts(stack.sink.to("pg-"), stored)
    report.check(
        "PostgreSQL down: accepted comments lost / their mails lost / duplicated",
        f"{len(accepted - stored)} / {lost} / {duplicated} "
        f"(of {len(accepted)} accepted)",
        "0 / 0 / 0",
        not (accepted - stored) and lost == 0 and duplicated == 0 and accepted,
    )
    log(
        f"(outage: {len(outage)} requests during {up_at - down_at:.1f} s, "
        f"from {down_wall:%H:%M:%S} UTC)"
    )


def fault_redis(stack: Stack, report: Report, admin: Client) -> None:
    log("fault: Redis stopped ~4 s under reads, submissions and the admin")
    load = Load(stack, "redis", PUBLIC_PAGES, admin=admin)
    time.sleep(3.2)
    load.start()
    time.sleep(2)
    stack.stop("redis")
    down_at = time.monotonic()
    time.sleep(4)
    restart_at = time.monotonic()
    stack.redis_start()
    time.sleep(3)
    load.stop()
    reads = [h for h in load.hits if h.method in ("GET", "ADMIN")]
    bad_reads = [h for h in reads if h.status != 200]
    report.check(
        "Redis down: 500 responses",
        load.server_errors(),
        "0",
        load.server_errors() == 0,
    )
    during = [h for h in reads if h.t0 > down_at and h.t1 < restart_at]
    report.check(
        "Redis down: page and admin reads not answered 200",
        f"{len(bad_reads)} of {len(reads)} ({len(during)} during the outage)",
        "0",
        not bad_reads and during,
    )
    posts = [
        h
        for h in load.hits
        if h.method == "POST" and h.t0 > down_at and h.t1 < restart_at
    ]
    uncounted = [h for h in posts if h.status == 302]
    report.check(
        "Redis down: submissions accepted while the limits could not count",
        f"{len(uncounted)} ({sum(h.status == 503 for h in posts)} answered 503)",
        "0",
        not uncounted,
    )


def fault_smtp(stack: Stack, report: Report) -> None:
    log("fault: SMTP down ~20 s while 50 comments are submitted")
    stack.sink.stop()
    down_at = time.monotonic()
    accepted = submit_batch(stack, "smtp", 50)
    time.sleep(max(0.0, 20 - (time.monotonic() - down_at)))
    stack.sink.start()
    up_at = time.monotonic()
    wait_for(lambda: len({r for m in stack.sink.to("smtp-") for r in m.to}) >= 50, 120)
    time.sleep(1)
    lost, duplicated = delivery_counts(stack.sink.to("smtp-"), accepted)
    last = max((m.at for m in stack.sink.to("smtp-")), default=up_at) - up_at
    report.check(
        "SMTP down 20 s: mails lost / duplicated (of accepted)",
        f"{lost} / {duplicated} (of {len(accepted)})",
        "0 / 0 (of 50)",
        lost == 0 and duplicated == 0 and len(accepted) == 50,
    )
    report.check(
        "SMTP back: last mail delivered after, seconds", f"{last:.1f}", "(figure)", True
    )


def rate_limit_across_processes(stack: Stack, report: Report) -> None:
    client = Client("10.253.0.9")
    client.load_form(stack.web_ports()[0])
    time.sleep(3.2)
    statuses = [
        client.comment(
            stack.web_ports()[n % 2], f"rl-{n}@stack.test", f"Synpunkt {n}."
        ).status
        for n in range(12)
    ]
    counts = Counter(statuses)
    report.check(
        "rate limit of one network across both web processes (12 POSTs, limit 10)",
        f"{counts[302]} accepted, {counts[429]} refused",
        "10 accepted, 2 refused",
        counts[302] == 10 and counts[429] == 2,
    )


def task_claims(stack: Stack, report: Report) -> None:
    table = "django_tasks_database_dbtaskresult"
    sends = f"FROM {table} WHERE task_path = 'feedback.tasks.send_delivery'"
    wait_for(
        lambda: (
            stack.sql(
                f"SELECT count(*) {sends} AND (status = 'RUNNING' OR "
                "(status = 'READY' AND run_after <= now()))"
            )[0][0]
            == 0
        ),
        60,
    )
    ((failed, again),) = stack.sql(
        f"SELECT count(*) FILTER (WHERE status = 'FAILED'), "
        f"count(*) FILTER (WHERE jsonb_array_length(worker_ids) > 1) {sends}"
    )
    per_worker = stack.sql(
        f"SELECT worker_ids->>-1, count(*) FROM {table} "  # noqa: S608 (constants)
        "WHERE status = 'SUCCESSFUL' GROUP BY 1 ORDER BY 1"
    )
    report.check(
        "task claims: tasks run per worker; mail tasks failed; claimed twice",
        f"{', '.join(f'{w}: {n}' for w, n in per_worker)}; {failed}; {again}",
        "both workers; 0; only requeued ones",
        len(per_worker) >= 2 and failed == 0,
    )


def tokens_in_logs(stack: Stack, report: Report) -> None:
    tokens = {t for mail in stack.sink.mails for t in TOKEN_LINK.findall(mail.text)}
    logs = {p.name: p.read_text(errors="replace") for p in stack.tmp.glob("*.log")}
    leaks = sum(text.count(token) for token in tokens for text in logs.values())
    redacted = sum(
        text.count("/[dold]") for name, text in logs.items() if name.startswith("web")
    )
    report.check(
        "tokens of emailed links in gunicorn and worker logs",
        f"{leaks} ({len(tokens)} tokens mailed; {redacted} redacted log lines)",
        "0",
        leaks == 0 and redacted > 0 and tokens,
    )


def main() -> int:
    base = os.environ.get("STACK_PORT_BASE")
    names = ["pg", "redis", "smtp", "web1", "web2", "varnish"]
    ports = (
        {name: int(base) + i for i, name in enumerate(names)}
        if base
        else {name: free_port() for name in names}
    )
    tmp = Path(tempfile.mkdtemp(prefix="portal-stack-"))
    tmp.chmod(0o755)  # the postgres user reaches its cluster folder inside
    stack = Stack(tmp, ports)
    report = Report()
    started = time.monotonic()

    def interrupted(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    try:
        setup_seconds = setup(stack)
        report.check(
            "setup as documented (check --deploy, migrate, ... 2 web, 2 workers)",
            f"{setup_seconds:.0f} s",
            "(figure)",
            True,
        )
        admin = admin_login(stack)
        resident_flow(stack, report, admin)
        http_cache(stack, report, admin)
        fault_kill_worker(stack, report)
        bulk_approval(stack, report, admin)
        fault_postgres(stack, report, admin)
        fault_redis(stack, report, admin)
        fault_smtp(stack, report)
        rate_limit_across_processes(stack, report)
        task_claims(stack, report)
        tokens_in_logs(stack, report)
    except KeyboardInterrupt:
        log("interrupted")
        report.check("run", "interrupted", "complete", False)
    except (AssertionError, SystemExit, Exception) as error:  # noqa: BLE001
        log(f"stack test stopped: {type(error).__name__}: {error}")
        report.check("run", f"{type(error).__name__}", "complete", False)
    finally:
        stack.cleanup()
        kept = ROOT / "var" / "stack-test"
        shutil.rmtree(kept, ignore_errors=True)
        kept.mkdir(parents=True, exist_ok=True)
        for path in tmp.glob("*.log"):
            shutil.copy(path, kept / path.name)
        with contextlib.suppress(OSError):
            shutil.copy(tmp / "pg" / "postgres.log", kept / "postgres.log")
        if not os.environ.get("STACK_KEEP"):
            shutil.rmtree(tmp, ignore_errors=True)
    duration = time.monotonic() - started
    report.check("duration", f"{duration:.0f} s", "(figure)", True)
    print()
    print(report.table())
    print()
    if report.failed:
        print(f"Stack test FAILED; logs in {kept}")
        return 1
    print("Stack test passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
