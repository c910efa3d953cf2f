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
import os  # noqa: E402
import shlex  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from datetime import UTC, datetime  # noqa: E402

from bench.comment_post import parse_comment_form, post_bench  # noqa: E402
from bench.loadgen import (  # noqa: E402
    LoadResult,
    have_wrk,
    parse_wrk,
    run_python,
    run_wrk,
)
from bench.report import machine, markdown_table, number, svg_plot  # noqa: E402
from bench.services import (  # noqa: E402
    LogWatch,
    Services,
    portal_env,
    substitute_backend,
    throwaway_database,
)
from scripts.stack_test import (  # noqa: E402
    ARTICLE,
    HOST,
    ROOT,
    Client,
    free_port,
    log,
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


# --- pure helpers (tests/test_bench_http.py) ------------------------------------


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


# --- measuring -----------------------------------------------------------------


@dataclass
class Target:
    key: str
    label: str
    port: int
    path: str
    cached: bool = False  # through the HTTP cache: count hits
    size: int = 0


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
