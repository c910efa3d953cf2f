"""The HTTP benchmark's pure helpers (bench/http.py), on fixed input: no servers."""

import math

import pytest
from defusedxml import ElementTree as ET

from bench.comment_post import parse_comment_form, tokens_from_json
from bench.http import command_line, median_result, parse_wrk, svg_plot
from bench.loadgen import LoadResult, duration_ms, is_cache_hit, percentile
from bench.report import markdown_table, nice_top
from bench.services import substitute_backend

WRK_OUTPUT = """\
Running 10s test @ http://127.0.0.1:8000/nyheter/langsiktig-plan-2024-2027/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   450.12ms   80.10ms   1.02s    75.00%
    Req/Sec     9.12      4.01    20.00     70.00%
  Latency Distribution
     50%  442.00ms
     75%  500.00ms
     90%  600.00ms
     99%    1.02s
  175 requests in 10.01s, 7.25MB read
  Socket errors: connect 0, read 4, write 0, timeout 2
  Non-2xx or 3xx responses: 3
Requests/sec:     17.48
Transfer/sec:    741.00KB
CACHE_HITS 170 175
"""

SVG = "{http://www.w3.org/2000/svg}"


def test_parse_wrk_reads_rate_percentiles_errors_and_cache_hits():
    result = parse_wrk(WRK_OUTPUT)
    assert result.requests == 175
    assert result.seconds == pytest.approx(10.01)
    assert result.rps == pytest.approx(17.48)
    assert result.p50_ms == pytest.approx(442.0)
    assert result.p99_ms == pytest.approx(1020.0)
    # Timeouts, connect and write errors and non-2xx/3xx count; read errors
    # are connections gunicorn closed after answering.
    assert result.errors == 5
    assert (result.hits, result.checked) == (170, 175)
    assert result.hit_ratio == pytest.approx(170 / 175)


def test_parse_wrk_without_cache_script_has_no_hit_ratio():
    output = WRK_OUTPUT.replace("CACHE_HITS 170 175\n", "").replace(
        "  Socket errors: connect 0, read 4, write 0, timeout 2\n", ""
    )
    result = parse_wrk(output)
    assert result.errors == 3
    assert result.hit_ratio is None


def test_parse_wrk_has_no_latency_when_no_request_finished():
    output = WRK_OUTPUT.replace("175 requests in", "0 requests in").replace(
        "1.02s\n", "0.00us\n"
    )
    result = parse_wrk(output)
    assert result.requests == 0
    assert math.isnan(result.p50_ms) and math.isnan(result.p99_ms)


def test_parse_wrk_refuses_output_without_a_summary():
    with pytest.raises(ValueError, match="no summary"):
        parse_wrk("unable to connect to 127.0.0.1:8000 Connection refused\n")


@pytest.mark.parametrize(
    ("text", "ms"),
    [("635.91us", 0.63591), ("2.31ms", 2.31), ("1.02s", 1020.0), ("1.50m", 90_000)],
)
def test_duration_ms_reads_wrk_units(text, ms):
    assert duration_ms(text) == pytest.approx(ms)


@pytest.mark.parametrize(
    ("headers", "hit"),
    [
        ({"X-Cache": "HIT"}, True),
        ({"x-cache": "hit (3)", "Age": "0"}, True),
        ({"X-Cache": "MISS", "Age": "12"}, False),
        ({"X-Varnish": "32770 3", "Age": "0"}, True),
        ({"X-Varnish": "32770", "Age": "0"}, False),
        ({"Age": "5"}, True),
        ({}, False),
    ],
)
def test_is_cache_hit(headers, hit):
    assert is_cache_hit(headers) is hit


def test_percentile_is_nearest_rank():
    values = list(range(1, 101))
    assert percentile(values, 0.5) == 50
    assert percentile(values, 0.99) == 99
    assert percentile([7.0], 0.99) == 7.0


def test_median_result_takes_the_median_of_each_figure():
    rounds = [
        LoadResult(100, 10, rps, p50, p99, errors=1)
        for rps, p50, p99 in [(10, 5, 50), (30, 1, 10), (20, 9, 90)]
    ]
    result = median_result(rounds)
    assert (result.rps, result.p50_ms, result.p99_ms) == (20, 5, 50)
    assert (result.requests, result.errors) == (300, 3)


def test_substitute_backend_points_every_backend_at_ours():
    vcl = """vcl 4.1;
backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .probe = { .url = "/healthz/"; .interval = 5s; }
    .first_byte_timeout = 30s;
}
sub vcl_recv { set req.http.X-Port = "8000"; }
"""
    result = substitute_backend(vcl, "127.0.0.1", 41234)
    assert '.port = "41234";' in result
    assert '.url = "/healthz/"' in result
    assert ".first_byte_timeout = 30s;" in result
    assert 'set req.http.X-Port = "8000"' in result  # outside the backend


def test_substitute_backend_refuses_a_vcl_without_backend():
    with pytest.raises(ValueError, match="no backend"):
        substitute_backend("vcl 4.1;\nsub vcl_recv { }\n", "127.0.0.1", 1)


PAGE = """<form action="/i18n/setlang/" method="post">
<input type="hidden" name="csrfmiddlewaretoken" value="lang-token"></form>
<form id="comment-form" method="post" action="/kommentarer/artikel/8/#comment-errors">
<input type="hidden" name="csrfmiddlewaretoken" value="form-token">
<input type="hidden" name="started" value="signed:1">
<input type="text" name="author_name">
<input type="radio" name="principle" value="3" id="p3">
<input type="radio" name="principle" value="4" id="p4">
</form>"""


def test_parse_comment_form_reads_the_comment_form_only():
    form = parse_comment_form(PAGE)
    assert form.action == "/kommentarer/artikel/8/"
    assert form.fields == {"csrfmiddlewaretoken": "form-token", "started": "signed:1"}
    assert form.principle == "3"
    assert form.state_url is None


def test_parse_comment_form_reads_where_a_cacheable_form_gets_its_token():
    page = """<form id="comment-form" method="post"
        action="/kommentarer/artikel/8/#comment-errors"
        data-form-state="/kommentarer/formular/">
    <input type="hidden" name="started" id="id_started">
    <input type="radio" name="principle" value="5"></form>"""
    form = parse_comment_form(page)
    assert form.state_url == "/kommentarer/formular/"
    assert form.fields == {"started": ""}
    assert form.principle == "5"


def test_parse_comment_form_without_a_form_says_so():
    with pytest.raises(ValueError, match="no comment form"):
        parse_comment_form("<p>Kommentarerna är stängda.</p>")


def test_tokens_from_json_finds_the_token_and_start_time_anywhere():
    data = {"form": {"csrfToken": "abc", "fields": [{"started": "signed:2"}]}}
    assert tokens_from_json(data) == {
        "csrfmiddlewaretoken": "abc",
        "started": "signed:2",
    }
    assert tokens_from_json({"csrf_token": "x"}) == {"csrfmiddlewaretoken": "x"}
    assert tokens_from_json(["nothing"]) == {}


def test_markdown_table_aligns_the_numbers_right():
    table = markdown_table(["page", "req/s"], [["home", "36.6"]], right={1})
    assert table.splitlines() == [
        "| page | req/s |",
        "| --- | ---: |",
        "| home | 36.6 |",
    ]


@pytest.mark.parametrize(("value", "top"), [(17.5, 20), (36.6, 50), (3192, 5000)])
def test_nice_top(value, top):
    assert nice_top(value) == top


def test_svg_plot_draws_each_point_with_labels_and_a_text_alternative():
    series = [
        ("first page", [(0, 30.0), (50, 20.0), (500, 17.5), (2000, 16.0)]),
        ("all on one page", [(0, 30.0), (50, 15.0), (500, 4.6), (2000, 1.2)]),
    ]
    text = svg_plot(series, title="req/s", x_label="comments", y_label="req/s")
    root = ET.fromstring(text)
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title").text == "req/s"
    assert "all on one page: 0 → 30.0, 50 → 15.0" in root.find(f"{SVG}desc").text
    circles = root.findall(f"{SVG}circle")
    assert len(circles) == 8
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert {"comments", "req/s", "2,000", "first page", "4.6"} <= set(labels)
    # More requests per second is higher up; more comments further right.
    first = [(float(c.get("cx")), float(c.get("cy"))) for c in circles[:4]]
    assert [x for x, _y in first] == sorted(x for x, _y in first)
    assert [y for _x, y in first] == sorted(y for _x, y in first)


def test_command_line_repeats_the_run_with_its_environment():
    environ = {"BENCH_ROUNDS": "6", "HOME": "/root", "DATABASE_CONN_MAX_AGE": "60"}
    assert command_line(["--varnish"], environ) == (
        "BENCH_ROUNDS=6 DATABASE_CONN_MAX_AGE=60 python -m bench.http --varnish"
    )
    environ = {"MAKELEVEL": "1", "BENCH_ARGS": "--varnish --rounds 6"}
    assert command_line(["--varnish", "--rounds", "6"], environ) == (
        "make bench-http BENCH_ARGS='--varnish --rounds 6'"
    )
