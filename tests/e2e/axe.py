"""axe-core in the test's browser page, limited to WCAG 2.1 A and AA rules."""

import pytest
from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_axe = Axe()


def axe_violations(page, context=None, rules=None, strict=False) -> list[dict]:
    """Run axe on the page (or the part `context` selects) and return violations.

    Only the WCAG 2.1 A/AA rules, or only the rules named in ``rules``. With
    ``strict``, what axe leaves for a human to review counts too: it files
    text with a 1:1 contrast (white on white) there, as possibly hidden.
    """
    run_only = (
        {"type": "rule", "values": rules}
        if rules
        else {"type": "tag", "values": WCAG_TAGS}
    )
    kinds = ["violations", "incomplete"] if strict else ["violations"]
    options = {"runOnly": run_only, "resultTypes": kinds}
    response = _axe.run(page, context=context, options=options).response
    return [violation for kind in kinds for violation in response[kind]]


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


def assert_no_axe_violations(page, context=None, rules=None, strict=False) -> None:
    """Fail with a readable list when axe finds WCAG 2.1 A/AA violations."""
    violations = axe_violations(page, context, rules, strict)
    if violations:
        pytest.fail(
            f"axe found {len(violations)} WCAG 2.1 A/AA violation(s) on "
            f"{page.url}:\n{format_violations(violations)}",
            pytrace=False,
        )
