"""axe-core in the test's browser page, limited to WCAG 2.1 A and AA rules."""

import pytest
from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_axe = Axe()


def axe_violations(page, context=None) -> list[dict]:
    """Run axe on the page (or the part `context` selects) and return violations."""
    options = {
        "runOnly": {"type": "tag", "values": WCAG_TAGS},
        "resultTypes": ["violations"],
    }
    return _axe.run(page, context=context, options=options).response["violations"]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or 'n/a'}): "
            f"{violation['help']}\n  {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", "\n      ")
            lines.append(f"    at {target}\n      {node['html'][:200]}")
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


def assert_no_axe_violations(page, context=None) -> None:
    """Fail with a readable list when axe finds WCAG 2.1 A/AA violations."""
    violations = axe_violations(page, context)
    if violations:
        pytest.fail(
            f"axe found {len(violations)} WCAG 2.1 A/AA violation(s) on "
            f"{page.url}:\n{format_violations(violations)}",
            pytrace=False,
        )
