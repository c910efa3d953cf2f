"""The comment form as a browser fills it in, and the POST benchmark.

Today the form's CSRF token and start time are hidden inputs of the page; a
page that an HTTP cache keeps names a JSON endpoint (``data-form-state``)
that gives them instead. Both work.
"""

import json
import re
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser

from bench.loadgen import percentile
from scripts.stack_test import ARTICLE, Client, Form


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
