"""Load generators for bench/http.py: wrk when it is installed, else Python threads.

Both return a :class:`LoadResult`. The parsers and the cache-hit test are pure
functions so that tests/test_bench_http.py can check them on fixed input.
"""

import http.client
import re
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class LoadResult:
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    # Responses that were not 2xx/3xx, plus connection errors and timeouts.
    errors: int = 0
    # With the HTTP cache: responses served from it, of those checked.
    hits: int | None = None
    checked: int | None = None
    # gunicorn workers recycled (max_requests) during the run.
    restarts: int = 0

    @property
    def hit_ratio(self) -> float | None:
        return self.hits / self.checked if self.checked else None


# --- parsing wrk's output -------------------------------------------------------

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def duration_ms(text: str) -> float:
    """wrk's "635.91us", "2.31ms", "1.02s", "1.00m" in milliseconds."""
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text.strip())
    if not match:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match[1]) * _UNITS_MS[match[2]]


def parse_wrk(output: str) -> LoadResult:
    """The figures of one ``wrk --latency`` run (and of the hit-counting script)."""
    total = re.search(r"(\d+) requests in ([\d.]+\w+),", output)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if not total or not rps:
        raise ValueError("wrk printed no summary:\n" + output)
    percentiles = {
        int(p): duration_ms(value)
        for p, value in re.findall(r"^\s+(50|99)(?:\.0+)?%\s+(\S+)\s*$", output, re.M)
    }
    errors = 0
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if non_2xx:
        errors += int(non_2xx[1])
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if sockets:
        # Read errors are connections the server closed after answering (a
        # gunicorn sync worker closes every one): wrk reconnects, nothing is lost.
        errors += int(sockets[1]) + int(sockets[3]) + int(sockets[4])
    if int(total[1]) == 0:
        # Nothing finished within the run: wrk prints zeros, not latencies.
        percentiles = {}
    cache = re.search(r"^CACHE_HITS (\d+) (\d+)$", output, re.M)
    return LoadResult(
        requests=int(total[1]),
        seconds=duration_ms(total[2]) / 1000,
        rps=float(rps[1]),
        p50_ms=percentiles.get(50, float("nan")),
        p99_ms=percentiles.get(99, float("nan")),
        errors=errors,
        hits=int(cache[1]) if cache else None,
        checked=int(cache[2]) if cache else None,
    )


def is_cache_hit(headers: dict[str, str]) -> bool:
    """Whether a response came from the HTTP cache, by its headers (any case).

    ``X-Cache`` decides when the proxy sets it; otherwise Varnish's own
    ``X-Varnish`` carries two transaction ids on a hit and one on a miss;
    otherwise an ``Age`` above 0 (a hit in its first second is missed).
    """
    lower = {name.lower(): value for name, value in headers.items()}
    if "x-cache" in lower:
        return "HIT" in lower["x-cache"].upper()
    if "x-varnish" in lower:
        return len(lower["x-varnish"].split()) >= 2
    try:
        return int(lower.get("age", "0").strip() or 0) > 0
    except ValueError:
        return False


# The same test as is_cache_hit, in wrk's Lua; the totals come out in done().
WRK_CACHE_SCRIPT = """\
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) hits = 0; checked = 0 end
local function header(headers, name)
  for key, value in pairs(headers) do
    if string.lower(key) == name then return value end
  end
  return nil
end
function response(status, headers, body)
  checked = checked + 1
  local xcache = header(headers, "x-cache")
  local xvarnish = header(headers, "x-varnish")
  local hit
  if xcache then
    hit = string.find(string.upper(xcache), "HIT") ~= nil
  elseif xvarnish then
    hit = string.find(xvarnish, "%d+%s+%d+") ~= nil
  else
    hit = (tonumber(header(headers, "age") or "0") or 0) > 0
  end
  if hit then hits = hits + 1 end
end
function done(summary, latency, requests)
  local h, c = 0, 0
  for _, thread in ipairs(threads) do
    h = h + thread:get("hits"); c = c + thread:get("checked")
  end
  io.write(string.format("CACHE_HITS %d %d\\n", h, c))
end
"""


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of ``values`` (``fraction`` 0.5 for the median)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, round(fraction * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


# --- the generators -----------------------------------------------------------


def have_wrk() -> bool:
    return shutil.which("wrk") is not None


def run_wrk(
    url: str,
    headers: dict[str, str],
    *,
    threads: int,
    connections: int,
    seconds: int,
    count_cache: bool = False,
) -> LoadResult:
    argv = [
        "wrk",
        f"-t{min(threads, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "--latency",
    ]
    for name, value in headers.items():
        argv += ["-H", f"{name}: {value}"]
    with tempfile.TemporaryDirectory() as tmp:
        if count_cache:
            script = Path(tmp) / "cache.lua"
            script.write_text(WRK_CACHE_SCRIPT)
            argv += ["-s", str(script)]
        argv.append(url)
        result = subprocess.run(  # noqa: S603
            argv, capture_output=True, text=True, timeout=seconds + 60, check=False
        )
    if result.returncode:
        raise RuntimeError(f"wrk failed: {result.stderr or result.stdout}")
    return parse_wrk(result.stdout)


def run_python(
    port: int,
    path: str,
    headers: dict[str, str],
    *,
    connections: int,
    seconds: int,
    count_cache: bool = False,
) -> LoadResult:
    """``connections`` threads, each a keep-alive client, for ``seconds``.

    The fallback when wrk is missing: good for the portal's pages; near the
    ceiling the client itself (one Python process) becomes the limit.
    """
    latencies: list[float] = []
    counts = {"errors": 0, "hits": 0, "checked": 0}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client() -> None:
        mine: list[float] = []
        errors = hits = checked = 0
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < deadline:
            start = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                errors += 1
                connection.close()  # the next request opens a new one
                continue
            mine.append((time.perf_counter() - start) * 1000)
            if response.status >= 400:
                errors += 1
            if count_cache:
                checked += 1
                hits += is_cache_hit(dict(response.getheaders()))
            if response.will_close:
                connection.close()
        connection.close()
        with lock:
            latencies.extend(mine)
            counts["errors"] += errors
            counts["hits"] += hits
            counts["checked"] += checked

    started = time.monotonic()
    workers = [threading.Thread(target=client) for _ in range(connections)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.monotonic() - started
    return LoadResult(
        requests=len(latencies),
        seconds=elapsed,
        rps=len(latencies) / elapsed,
        p50_ms=percentile(latencies, 0.5),
        p99_ms=percentile(latencies, 0.99),
        errors=counts["errors"],
        hits=counts["hits"] if count_cache else None,
        checked=counts["checked"] if count_cache else None,
    )
