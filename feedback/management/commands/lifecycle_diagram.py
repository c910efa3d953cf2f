"""Write the comment lifecycle diagram, drawn from the actions registry, into
docs/architecture.md.

Run it after changing feedback/services/actions.py; ``--check`` changes
nothing and fails if the committed diagram is stale (a test does the same).
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from feedback.services.actions import ACTIONS

START = "<!-- lifecycle diagram: written by manage.py lifecycle_diagram -->"
END = "<!-- end of lifecycle diagram -->"


def architecture_doc() -> Path:
    return Path(settings.BASE_DIR) / "docs" / "architecture.md"


def lifecycle_mermaid() -> str:
    """One arrow per action and status it applies from, in registry order."""
    lines = ["```mermaid", "stateDiagram-v2"]
    for action in ACTIONS:
        for from_status in sorted(action.from_statuses):
            lines.append(
                f"    {from_status} --> {action.to_status}: {action.name} ({action.by})"
            )
    lines.append("```")
    return "\n".join(lines)


def with_diagram(document: str) -> str:
    """``document`` with the text between the markers replaced by the diagram."""
    before, start, rest = document.partition(START)
    _old, end, after = rest.partition(END)
    if not start or not end:
        raise ValueError(f"The markers {START!r} and {END!r} are missing.")
    return f"{before}{START}\n{lifecycle_mermaid()}\n{END}{after}"


class Command(BaseCommand):
    help = (
        "Write the comment lifecycle diagram (from feedback.services.actions) "
        "into docs/architecture.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Change nothing; fail if the diagram is stale.",
        )

    def handle(self, *args, check=False, **options):
        path = architecture_doc()
        current = path.read_text(encoding="utf-8")
        updated = with_diagram(current)
        if check:
            if updated != current:
                raise CommandError(
                    f"The lifecycle diagram in {path} is stale: run "
                    "manage.py lifecycle_diagram."
                )
            return
        path.write_text(updated, encoding="utf-8")
        self.stdout.write(f"Wrote the lifecycle diagram to {path}.")
