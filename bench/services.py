"""The processes and the database of bench/http.py, started and stopped by PID.

Reuses the stack test's process handling (scripts/stack_test.py) rather than
a copy of it; the database is a throwaway one on the machine's server.
"""

import contextlib
import os
import re
import secrets
import shlex
import subprocess
import urllib.parse
from pathlib import Path

import psycopg
import redis

from scripts.stack_test import (
    BASE_URL,
    HOST,
    PYTHON,
    ROOT,
    Client,
    Sink,
    Stack,
    gunicorn_argv,
    log,
    wait_for,
)


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
            *gunicorn_argv(port, workers=workers),
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
