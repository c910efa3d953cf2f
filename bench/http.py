"""`make bench-http`: the portal over HTTP as production serves it, beside its ceiling.

Run with `make bench-http` or `.venv/bin/python -m bench.http [--varnish]`.
It starts, in a temporary folder, and stops again by PID whatever happens:

- a throwaway PostgreSQL database on the machine's server
  (BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/), dropped after;
- a redis-server of its own on a free port;
- ``migrate``, ``collectstatic``, ``bootstrap_site``, ``load_demo_content``
  with the production settings (bench/settings.py adds only the ceiling view
  and lifts the comment form's fill time and rate limits), then gives the
  plan article 500 approved and 50 pending comments (bench/seed.py);
- gunicorn with deploy/gunicorn.conf.py and 2 sync workers, and a second one
  whose article page holds every comment (FEEDBACK_COMMENTS_PER_PAGE raised);
- with ``--varnish``, Debian's varnishd in front of the first, with
  deploy/varnish/portal.vcl (the backend's address put in).

Then, in rounds (the median of BENCH_ROUNDS, default 3), each target in turn
with ``wrk -t2 -c8 -d10s`` (a Python load client when wrk is missing): the
article's first comment page, the home page, the article with all comments on
one page, and the bare-view ceiling at each of their sizes; the comment POST
at concurrency 4; and req/s of the article against its number of comments,
drawn to bench/http-comments.svg. It prints Markdown for bench/RESULTS.md.

Environment: BENCH_ROUNDS, BENCH_DURATION (seconds per run), BENCH_CONNECTIONS,
BENCH_THREADS, BENCH_WORKERS, BENCH_COMMENT_COUNTS ("0,50,500,2000"),
BENCH_LOAD_TOOL (auto, wrk or python), BENCH_GUNICORN_ARGS (added to
gunicorn's command line), BENCH_EXTRA_ENV ("NAME=value ..." for the portal;
{varnish} is replaced by Varnish's address), BENCH_VCL, BENCH_FORM_URL.
DATABASE_CONN_MAX_AGE and PORTAL_* variables are passed on to the portal.
"""

import sys
from pathlib import Path

# Run as a script (python bench/http.py), this folder comes first on sys.path
# and this file's name would hide the standard library's http package.
sys.path[:] = [
    p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent
]
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse  # noqa: E402
import contextlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import secrets  # noqa: E402
import shlex  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.parse  # noqa: E402
from collections import Counter  # noqa: E402
from concurrent.futures import ThreadPoolExecutor  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from html.parser import HTMLParser  # noqa: E402

import psycopg  # noqa: E402
import redis  # noqa: E402

from bench.loadgen import (  # noqa: E402
    LoadResult,
    have_wrk,
    parse_wrk,
    percentile,
    run_python,
    run_wrk,
)
from bench.report import machine, markdown_table, number, svg_plot  # noqa: E402
from scripts.stack_test import (  # noqa: E402
    ARTICLE,
    BASE_URL,
    GUNICORN,
    HOST,
    PYTHON,
    ROOT,
    Client,
    Form,
    Sink,
    Stack,
    free_port,
    log,
    wait_for,
)

__all__ = ["parse_wrk", "svg_plot", "substitute_backend", "parse_comment_form"]

SVG_PATH = ROOT / "bench" / "http-comments.svg"
DEFAULT_VCL = ROOT / "deploy" / "varnish" / "portal.vcl"
HEADERS = {
    "Host": HOST,
    "X-Forwarded-Proto": "https",
    "X-Forwarded-For": "10.200.0.1",
    "Accept-Language": "sv",
}


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


# --- pure helpers (tests/test_bench_http.py) -------------------------------------


def substitute_backend(vcl: str, host: str, port: int) -> str:
    """``vcl`` with every backend's ``.host`` and ``.port`` pointing at ours.

    A backend's block may hold a nested one (``.probe = { ... }``): the block
    is found by counting braces.
    """
    out, position, found = [], 0, 0
    for match in re.finditer(r"\bbackend\s+\w+\s*\{", vcl):
        if match.start() < position:
            continue
        depth, end = 0, match.end() - 1
        for end in range(match.end() - 1, len(vcl)):
            depth += {"{": 1, "}": -1}.get(vcl[end], 0)
            if depth == 0:
                break
        block = vcl[match.start() : end + 1]
        block = re.sub(r'(\.host\s*=\s*)"[^"]*"', rf'\g<1>"{host}"', block)
        block = re.sub(r'(\.port\s*=\s*)"[^"]*"', rf'\g<1>"{port}"', block)
        out += [vcl[position : match.start()], block]
        position, found = end + 1, found + 1
    if not found:
        raise ValueError("the VCL declares no backend")
    return "".join([*out, vcl[position:]])


@dataclass
class CommentForm:
    action: str
    fields: dict[str, str]
    principle: str | None
    # Where the page's script fetches the CSRF token and start time, if it does.
    state_url: str | None


class _FormParser(HTMLParser):
    """The comment form: its action, hidden inputs and the first principle."""

    def __init__(self):
        super().__init__()
        self.form = None
        self._inside = False

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        action = attrs.get("action", "")
        if tag == "form" and re.search(r"/kommentarer/artikel/\d+/", action):
            self.form = CommentForm(
                action.split("#")[0], {}, None, attrs.get("data-form-state") or None
            )
            self._inside = True
        elif tag == "input" and self._inside:
            name = attrs.get("name", "")
            if attrs.get("type") == "hidden" and name:
                self.form.fields[name] = attrs.get("value", "")
            elif name == "principle" and self.form.principle is None:
                self.form.principle = attrs.get("value")

    def handle_endtag(self, tag):
        if tag == "form":
            self._inside = False


def parse_comment_form(html: str) -> CommentForm:
    """The article's comment form as the page has it."""
    parser = _FormParser()
    parser.feed(html)
    if not parser.form:
        raise ValueError("no comment form on the page")
    return parser.form


def tokens_from_json(data) -> dict[str, str]:
    """The CSRF token and signed start time in a form endpoint's JSON, if any."""
    found: dict[str, str] = {}
    names = {
        "csrfmiddlewaretoken": "csrfmiddlewaretoken",
        "csrf": "csrfmiddlewaretoken",
        "csrf_token": "csrfmiddlewaretoken",
        "csrftoken": "csrfmiddlewaretoken",
        "started": "started",
    }

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                target = names.get(key.lower().replace("-", "_"))
                if target and isinstance(item, str):
                    found.setdefault(target, item)
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(data)
    return found


def command_line(argv: list[str], environ=os.environ) -> str:
    """How this run was started, with the settings it read from the environment."""
    settings = [
        f"{name}={shlex.quote(value)}"
        for name, value in sorted(environ.items())
        if name.startswith("BENCH_") or name == "DATABASE_CONN_MAX_AGE"
    ]
    arguments = " ".join(shlex.quote(arg) for arg in argv)
    if environ.get("MAKELEVEL"):
        settings = [s for s in settings if not s.startswith("BENCH_ARGS=")]
        run = "make bench-http" + (
            f" BENCH_ARGS={shlex.quote(arguments)}" if argv else ""
        )
    else:
        run = f"python -m bench.http {arguments}".strip()
    return " ".join([*settings, run])


def median_result(results: list[LoadResult]) -> LoadResult:
    """The median of each figure over the rounds."""
    hits = [r.hits for r in results if r.hits is not None]
    checked = [r.checked for r in results if r.checked is not None]
    return LoadResult(
        requests=sum(r.requests for r in results),
        seconds=sum(r.seconds for r in results),
        rps=statistics.median(r.rps for r in results),
        p50_ms=statistics.median(r.p50_ms for r in results),
        p99_ms=statistics.median(r.p99_ms for r in results),
        errors=sum(r.errors for r in results),
        hits=sum(hits) if hits else None,
        checked=sum(checked) if checked else None,
        restarts=sum(r.restarts for r in results),
    )


# --- the services ------------------------------------------------------------


class Services(Stack):
    """The stack test's process handling (spawn, stop, redis_start, manage,
    cleanup) without its private PostgreSQL cluster or its SMTP sink: the
    benchmark uses a throwaway database on the machine's server instead."""

    def __init__(self, tmp: Path, ports: dict[str, int], env: dict[str, str]):
        self.tmp = tmp
        self.ports = ports
        self.procs = {}
        self.env = env
        self.sink = Sink(0)  # never started; cleanup() stops it harmlessly
        self.pg_dir = tmp / "no-private-cluster"

    def start_gunicorn(self, name: str, port: int, workers: int, extra_env=None):
        argv = [
            GUNICORN,
            "-c",
            "deploy/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            *shlex.split(os.environ.get("BENCH_GUNICORN_ARGS", "")),
        ]
        saved = self.env
        self.env = {**saved, **(extra_env or {})}
        try:
            self.spawn(name, argv)
        finally:
            self.env = saved
        probe = Client("127.0.0.1")
        ready = wait_for(
            lambda: probe.get(port, "/healthz/?scope=web").status == 200, 90, 0.5
        )
        if not ready:
            raise SystemExit(f"gunicorn {name} did not become healthy; see {self.tmp}")

    def start_varnish(self, vcl_source: Path, backend_port: int) -> None:
        vcl = self.tmp / "portal.vcl"
        vcl.write_text(
            substitute_backend(vcl_source.read_text(), "127.0.0.1", backend_port)
        )
        workdir = self.tmp / "varnish"
        workdir.mkdir()
        workdir.chmod(0o755)
        self.spawn(
            "varnish",
            [
                "varnishd",
                "-F",
                "-n",
                str(workdir),
                "-a",
                f"127.0.0.1:{self.ports['varnish']}",
                "-f",
                str(vcl),
                "-s",
                "malloc,256m",
            ],
        )
        probe = Client("127.0.0.1")
        ready = wait_for(
            lambda: (
                probe.get(self.ports["varnish"], "/healthz/?scope=web").status
                in (200, 503)
            ),
            30,
            0.5,
        )
        if not ready:
            raise SystemExit(f"varnishd did not start; see {self.tmp}/varnish.log")

    def seed(self, approved: int, pending: int) -> None:
        result = subprocess.run(  # noqa: S603
            [
                PYTHON,
                "-m",
                "bench.seed",
                "--approved",
                str(approved),
                "--pending",
                str(pending),
            ],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if result.returncode:
            raise SystemExit(f"bench.seed failed:\n{result.stdout}{result.stderr}")
        # Whatever the portal keeps in Redis about the old comments goes too.
        redis.Redis(port=self.ports["redis"]).flushdb()


@contextlib.contextmanager
def throwaway_database(admin_url: str):
    """A new PostgreSQL database on the machine's server; dropped afterwards."""
    name = f"bench_http_{os.getpid()}_{secrets.token_hex(3)}"
    try:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        raise SystemExit(
            f"PostgreSQL at {admin_url} is not reachable ({error}); "
            "start it or set BENCH_PG_URL."
        ) from None
    try:
        yield urllib.parse.urlsplit(admin_url)._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        log(f"dropped database {name}")


def portal_env(tmp: Path, database_url: str, ports: dict[str, int]) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp),
        "LANG": "C.UTF-8",
        "PYTHONUNBUFFERED": "1",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "PORTAL_BASE_URL": BASE_URL,
        "PORTAL_TRUSTED_PROXY_COUNT": "1",
        "DATABASE_URL": database_url,
        "REDIS_URL": f"redis://127.0.0.1:{ports['redis']}/0",
        # Mail is queued by the POSTs but never sent: no worker runs.
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": "9",
        "DEFAULT_FROM_EMAIL": "Kommunen <noreply@bench.test>",
        "MEDIA_ROOT": str(tmp / "media"),
    }
    for name, value in os.environ.items():
        if name == "DATABASE_CONN_MAX_AGE" or name.startswith("PORTAL_"):
            env[name] = value
    varnish = f"http://127.0.0.1:{ports['varnish']}"
    for item in shlex.split(os.environ.get("BENCH_EXTRA_ENV", "")):
        name, _, value = item.partition("=")
        env[name] = value.replace("{varnish}", varnish)
    return env


# --- measuring -----------------------------------------------------------------


@dataclass
class Target:
    key: str
    label: str
    port: int
    path: str
    cached: bool = False  # through the HTTP cache: count hits
    size: int = 0


class LogWatch:
    """Counts gunicorn's worker recycling (max_requests) in its logs as they grow."""

    NEEDLE = b"Autorestarting worker"

    def __init__(self, paths: list[Path]):
        self.offsets = dict.fromkeys(paths, 0)

    def new_restarts(self) -> int:
        count = 0
        for path in self.offsets:
            with contextlib.suppress(OSError), path.open("rb") as log_file:
                log_file.seek(self.offsets[path])
                data = log_file.read()
                self.offsets[path] += len(data)
                count += data.count(self.NEEDLE)
        return count


class Bench:
    def __init__(self, args):
        self.args = args
        self.logs = LogWatch([])
        self.tool = args.load_tool
        if self.tool == "auto":
            self.tool = "wrk" if have_wrk() else "python"

    def load(self, target: Target, seconds: int) -> LoadResult:
        if self.tool == "wrk":
            return run_wrk(
                f"http://127.0.0.1:{target.port}{target.path}",
                HEADERS,
                threads=self.args.threads,
                connections=self.args.connections,
                seconds=seconds,
                count_cache=target.cached,
            )
        return run_python(
            target.port,
            target.path,
            HEADERS,
            connections=self.args.connections,
            seconds=seconds,
            count_cache=target.cached,
        )

    def size_of(self, target: Target) -> int:
        client = Client("10.200.0.1")
        response = client.get(target.port, target.path)
        if response.status != 200:
            raise SystemExit(f"{target.path} answered {response.status}")
        return len(response.body.encode())

    def rounds(self, targets: list[Target]) -> dict[str, LoadResult]:
        """Each target in turn, ``rounds`` times; the median of each figure."""
        for target in targets:
            self.load(target, 1)  # warm: templates, caches, the HTTP cache
        results: dict[str, list[LoadResult]] = {t.key: [] for t in targets}
        for round_ in range(1, self.args.rounds + 1):
            for target in targets:
                self.logs.new_restarts()
                result = self.load(target, self.args.duration)
                result.restarts = self.logs.new_restarts()
                results[target.key].append(result)
                log(
                    f"round {round_}/{self.args.rounds} {target.key}: "
                    f"{result.rps:.1f} req/s, p50 {result.p50_ms:.1f} ms, "
                    f"p99 {result.p99_ms:.1f} ms, errors {result.errors}, "
                    f"worker restarts {result.restarts}"
                    + (
                        f", hits {result.hits}/{result.checked}"
                        if result.checked
                        else ""
                    )
                )
        return {key: median_result(values) for key, values in results.items()}


def load_form(client: Client, port: int, form_url: str) -> Form:
    """The comment form's fields, as a browser gets them.

    From the page; the CSRF token and start time from the JSON endpoint the
    form names (``data-form-state``), else from ``form_url`` when it answers
    JSON, else from the page's hidden inputs. The client keeps the cookie.
    """
    page = client.get(port, ARTICLE)
    if page.status != 200:
        raise SystemExit(f"{ARTICLE} answered {page.status}")
    form = parse_comment_form(page.body)
    fields = dict(form.fields)
    answer = client.get(port, form.state_url or form_url)
    if answer.status == 200 and "json" in answer.headers.get("content-type", ""):
        fields.update(tokens_from_json(json.loads(answer.body)))
    if not fields.get("csrfmiddlewaretoken"):
        raise SystemExit("no CSRF token for the comment form, in the page or JSON")
    return Form(
        action=form.action,
        csrf=fields["csrfmiddlewaretoken"],
        started=fields.get("started", ""),
        principle=form.principle or "",
    )


def post_bench(port: int, seconds: int, concurrency: int, form_url: str) -> dict:
    """Comment POSTs by ``concurrency`` residents for ``seconds``."""
    clients = []
    for n in range(concurrency):
        client = Client(f"10.201.{n}.7")
        client.form = load_form(client, port, form_url)
        clients.append(client)
    deadline = time.monotonic() + seconds
    started = time.monotonic()

    def resident(n: int) -> list[tuple[int, float]]:
        client, done, sent = clients[n], [], 0
        while time.monotonic() < deadline:
            sent += 1
            start = time.perf_counter()
            response = client.comment(
                port,
                f"post-{n}-{sent}@bench.invalid",
                f"Synpunkt {sent} från invånare {n}: fler bänkar i parken.",
            )
            done.append((response.status, (time.perf_counter() - start) * 1000))
        return done

    with ThreadPoolExecutor(concurrency) as pool:
        outcomes = [
            hit for done in pool.map(resident, range(concurrency)) for hit in done
        ]
    elapsed = time.monotonic() - started
    accepted = [ms for status, ms in outcomes if status == 302]
    return {
        "statuses": Counter(status for status, _ms in outcomes),
        "accepted_per_s": len(accepted) / elapsed,
        "p50_ms": percentile(accepted, 0.5),
        "p99_ms": percentile(accepted, 0.99),
        "accepted": len(accepted),
    }


# --- the run -------------------------------------------------------------------


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="bench.http", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--varnish",
        action="store_true",
        help="also measure through Debian's varnishd with the project's VCL",
    )
    parser.add_argument("--rounds", type=int, default=env_int("BENCH_ROUNDS", 3))
    parser.add_argument("--duration", type=int, default=env_int("BENCH_DURATION", 10))
    parser.add_argument(
        "--connections", type=int, default=env_int("BENCH_CONNECTIONS", 8)
    )
    parser.add_argument("--threads", type=int, default=env_int("BENCH_THREADS", 2))
    parser.add_argument("--workers", type=int, default=env_int("BENCH_WORKERS", 2))
    parser.add_argument("--approved", type=int, default=500)
    parser.add_argument("--pending", type=int, default=50)
    parser.add_argument(
        "--comment-counts",
        default=os.environ.get("BENCH_COMMENT_COUNTS", "0,50,500,2000"),
        help="approved comments for the plot, comma-separated ('' for no plot)",
    )
    parser.add_argument("--post-seconds", type=int, default=10)
    parser.add_argument("--post-concurrency", type=int, default=4)
    parser.add_argument(
        "--load-tool",
        choices=["auto", "wrk", "python"],
        default=os.environ.get("BENCH_LOAD_TOOL", "auto"),
    )
    parser.add_argument(
        "--vcl", type=Path, default=Path(os.environ.get("BENCH_VCL", DEFAULT_VCL))
    )
    parser.add_argument(
        "--form-url", default=os.environ.get("BENCH_FORM_URL", "/kommentarer/formular/")
    )
    parser.add_argument("--svg", type=Path, default=SVG_PATH)
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/"),
    )
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    args.command = command_line(argv if argv is not None else sys.argv[1:])
    command = args.command
    args.varnish_skipped = args.varnish and not args.vcl.exists()
    if args.varnish_skipped:
        log(f"--varnish: {args.vcl} does not exist; the HTTP-cache mode is skipped")
        args.varnish = False
    bench = Bench(args)
    started_at = datetime.now(UTC)
    args.load_before = os.getloadavg()[0]
    log(f"load tool: {bench.tool}; {args.rounds} rounds of {args.duration} s")
    ports = {name: free_port() for name in ("redis", "web", "web_all", "varnish")}
    tmp = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    tmp.chmod(0o755)
    services = None

    def interrupted(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    try:
        with throwaway_database(args.pg_url) as database_url:
            services = Services(tmp, ports, portal_env(tmp, database_url, ports))
            try:
                report = run(bench, services, args)
            finally:
                services.cleanup()
    finally:
        if not os.environ.get("BENCH_KEEP"):
            shutil.rmtree(tmp, ignore_errors=True)
    args.load_after = os.getloadavg()[0]
    print()
    print(render(report, args, bench, command, started_at))
    return 0


def run(bench: Bench, services: Services, args) -> dict:
    ports = services.ports
    bench.logs = LogWatch([services.tmp / "web.log", services.tmp / "web_all.log"])
    log("redis-server, migrate, collectstatic, bootstrap_site, load_demo_content")
    services.redis_start()
    services.manage("migrate", "--noinput")
    services.manage("collectstatic", "--noinput")
    services.manage("bootstrap_site", "--organisation", "Benchkommunen")
    services.manage("load_demo_content")
    services.seed(args.approved, args.pending)
    log(f"gunicorn x2, {args.workers} workers each")
    services.start_gunicorn("web", ports["web"], args.workers)
    services.start_gunicorn(
        "web_all",
        ports["web_all"],
        args.workers,
        {"BENCH_COMMENTS_PER_PAGE": "1000000"},
    )
    if args.varnish:
        log("varnishd in front of gunicorn")
        services.start_varnish(args.vcl, ports["web"])

    pages = [
        Target("article", "article, first comment page", ports["web"], ARTICLE),
        Target("home", "home page", ports["web"], "/"),
        Target(
            "all",
            f"article, all {args.approved} comments on one page",
            ports["web_all"],
            ARTICLE,
        ),
    ]
    for page in pages:
        page.size = bench.size_of(page)
    targets = list(pages)
    if args.varnish:
        for page in pages[:2]:
            targets.append(
                Target(
                    f"{page.key}-cached",
                    f"{page.label}, through Varnish",
                    ports["varnish"],
                    page.path,
                    cached=True,
                    size=page.size,
                )
            )
    for page in pages:
        targets.append(
            Target(
                f"ceiling-{page.key}",
                f"ceiling: bare view, {page.size:,} bytes",
                ports["web"],
                f"/bench/ceiling/{page.size}/",
                size=page.size,
            )
        )
    results = bench.rounds(targets)

    log(f"comment POSTs at concurrency {args.post_concurrency}")
    post = post_bench(
        ports["web"], args.post_seconds, args.post_concurrency, args.form_url
    )
    log(
        f"POST: {post['accepted_per_s']:.1f} accepted/s, "
        f"statuses {dict(post['statuses'])}"
    )

    counts = [int(c) for c in args.comment_counts.split(",") if c.strip()]
    series = {"article": [], "all": []}
    for count in counts:
        services.seed(count, args.pending)
        curve = bench.rounds(
            [
                Target("article", "", ports["web"], ARTICLE),
                Target("all", "", ports["web_all"], ARTICLE),
            ]
        )
        series["article"].append((count, curve["article"].rps))
        series["all"].append((count, curve["all"].rps))
    return {
        "targets": targets,
        "results": results,
        "post": post,
        "series": series,
    }


def render(report: dict, args, bench: Bench, command: str, started_at) -> str:
    targets, results = report["targets"], report["results"]
    ceilings = {
        t.size: results[t.key].rps for t in targets if t.key.startswith("ceiling")
    }
    rows = []
    for target in targets:
        result = results[target.key]
        share = (
            f"{100 * result.rps / ceilings[target.size]:.1f}%"
            if not target.key.startswith("ceiling") and ceilings.get(target.size)
            else ""
        )
        hits = (
            f"{100 * result.hit_ratio:.0f}% of {result.checked:,}"
            if result.hit_ratio is not None
            else ""
        )
        rows.append(
            [
                target.label,
                f"{target.size:,}",
                number(result.rps),
                number(result.p50_ms),
                number(result.p99_ms),
                share,
                str(result.errors),
                str(result.restarts),
                hits,
            ]
        )
    table = markdown_table(
        [
            "target",
            "bytes",
            "req/s",
            "p50 ms",
            "p99 ms",
            "of ceiling",
            "errors",
            "worker restarts",
            "cache hits",
        ],
        rows,
        right={1, 2, 3, 4, 5, 6, 7},
    )
    post = report["post"]
    statuses = ", ".join(f"{s}: {n}" for s, n in sorted(post["statuses"].items()))
    post_table = markdown_table(
        ["comment POST", "accepted/s", "p50 ms", "p99 ms", "responses"],
        [
            [
                f"concurrency {args.post_concurrency}, {args.post_seconds} s",
                number(post["accepted_per_s"]),
                number(post["p50_ms"]),
                number(post["p99_ms"]),
                statuses,
            ]
        ],
        right={1, 2, 3},
    )
    series = report["series"]
    text = ""
    if series["article"]:
        args.svg.write_text(
            svg_plot(
                [
                    ("article, first comment page", series["article"]),
                    ("article, all comments on one page", series["all"]),
                ],
                title="Article req/s against its number of approved comments",
                x_label="approved comments (spaced evenly, not to scale)",
                y_label="requests per second (median of rounds)",
            )
        )
        curve_rows = [
            [f"{count:,}", number(first), number(all_)]
            for (count, first), (_c, all_) in zip(
                series["article"], series["all"], strict=True
            )
        ]
        text = (
            f"\n\n![req/s against comments]({args.svg.name})\n\n"
            "Text alternative of the plot:\n\n"
            + markdown_table(
                ["approved comments", "first page req/s", "all on one page req/s"],
                curve_rows,
                right={0, 1, 2},
            )
        )
    tool = (
        f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s"
        if bench.tool == "wrk"
        else f"Python client, {args.connections} connections, {args.duration} s"
    )
    mode = "through Varnish and direct" if args.varnish else "without Varnish"
    if args.varnish_skipped:
        mode += f", as {args.vcl.name} does not exist"
    if bench.tool == "python":
        tool += " (near the ceiling, the Python client is the limit)"
    return (
        f"## {started_at:%Y-%m-%d %H:%M} UTC\n\n"
        f"Command: `{command}` ({mode}). Machine: {machine()}, "
        f"Python {sys.version.split()[0]}. Production settings on PostgreSQL "
        f"with Redis, gunicorn with deploy/gunicorn.conf.py and {args.workers} "
        f"sync workers; {tool} per target, targets alternating, median of "
        f"{args.rounds} rounds. The plan article holds {args.approved} approved "
        f"and {args.pending} pending comments. Load average (1 min) before and "
        f"after the run: {args.load_before:.1f} and {args.load_after:.1f}.\n\n"
        f"{table}\n\n"
        "Errors and worker restarts are totals over the rounds; a restart is "
        "gunicorn recycling a worker after max_requests (deploy/gunicorn.conf.py), "
        'which BENCH_GUNICORN_ARGS="--max-requests 0" turns off.\n\n'
        f"{post_table}{text}\n"
    )


if __name__ == "__main__":
    sys.exit(main())
