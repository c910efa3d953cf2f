"""What bench/http.py prints and draws: Markdown tables, the machine, an SVG plot.

Pure functions (the machine's description aside), checked by
tests/test_bench_http.py. The plot is written by hand: no plotting library.
"""

import math
import os
import platform
from html import escape
from pathlib import Path


def machine() -> str:
    """ "2 cores (AMD EPYC 7B13), 23.4 GiB": nproc, RAM and CPU model."""
    model = platform.processor() or "unknown CPU"
    ram = "? GiB"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 0
    return f"{cores or os.cpu_count()} cores ({model}), {ram}"


def number(value: float | None, digits: int = 1) -> str:
    """Figures as the RESULTS tables show them: 1,234.5; an em dash for none."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:,.{digits}f}"


def markdown_table(header: list[str], rows: list[list[str]], right: set[int]) -> str:
    """A Markdown table; the columns numbered in ``right`` are right-aligned."""
    rule = ["---:" if index in right else "---" for index in range(len(header))]
    lines = [header, rule, *rows]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


def nice_top(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten that is >= value."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


COLOURS = ["#1b5e9b", "#c0392b", "#2e7d32", "#7b1fa2"]


def svg_plot(
    series: list[tuple[str, list[tuple[int, float]]]],
    *,
    title: str,
    x_label: str,
    y_label: str,
    width: int = 640,
    height: int = 400,
) -> str:
    """A line plot of ``series`` [(label, [(x, y), ...]), ...] as SVG text.

    The x values (comment counts such as 0, 50, 500, 2000) are spaced evenly,
    as categories: a linear axis would crowd the small counts together.
    Each point is labelled with its value; <title> and <desc> carry the
    figures for screen readers.
    """
    left, right, top = 70, 44, 40
    bottom = 64 + 16 * len(series)  # tick labels, axis label, one legend line each
    plot_w, plot_h = width - left - right, height - top - bottom
    xs = sorted({x for _label, points in series for x, _y in points})
    y_top = nice_top(max((y for _l, ps in series for _x, y in ps), default=1.0))

    def px(x: int) -> float:
        if len(xs) == 1:
            return left + plot_w / 2
        return left + plot_w * xs.index(x) / (len(xs) - 1)

    def py(y: float) -> float:
        return top + plot_h * (1 - y / y_top)

    desc = "; ".join(
        f"{label}: " + ", ".join(f"{x} → {y:.1f}" for x, y in points)
        for label, points in series
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'font-family="sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(desc)}</desc>",
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{width / 2}" y="22" text-anchor="middle" font-size="14" '
        f'font-weight="bold">{escape(title)}</text>',
    ]
    for step in range(6):
        value = y_top * step / 5
        y = py(value)
        out.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" '
            f'stroke="#ddd"/>'
        )
        out.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{number(value, 0 if y_top >= 10 else 1)}</text>"
        )
    for x in xs:
        out.append(
            f'<text x="{px(x):.1f}" y="{top + plot_h + 18}" text-anchor="middle">'
            f"{x:,}</text>"
        )
    out += [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" '
        f'y2="{top + plot_h}" stroke="black"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" '
        f'stroke="black"/>',
        f'<text x="{left + plot_w / 2}" y="{top + plot_h + 38}" '
        f'text-anchor="middle">{escape(x_label)}</text>',
        f'<text transform="translate(16 {top + plot_h / 2}) rotate(-90)" '
        f'text-anchor="middle">{escape(y_label)}</text>',
    ]
    for index, (label, points) in enumerate(series):
        colour = COLOURS[index % len(COLOURS)]
        coords = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in sorted(points))
        out.append(
            f'<polyline points="{coords}" fill="none" stroke="{colour}" '
            f'stroke-width="2"/>'
        )
        for x, y in points:
            out.append(
                f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3.5" fill="{colour}"/>'
            )
            out.append(
                f'<text x="{px(x) + 6:.1f}" y="{py(y) - 6:.1f}" fill="{colour}">'
                f"{number(y)}</text>"
            )
        legend_y = height - 18 - 16 * (len(series) - 1 - index)
        out.append(
            f'<rect x="{left}" y="{legend_y - 9}" width="14" height="4" '
            f'fill="{colour}"/>'
        )
        out.append(f'<text x="{left + 20}" y="{legend_y - 3}">{escape(label)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"
