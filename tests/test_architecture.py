"""The architecture as docs/architecture.md describes it, checked.

Imports are read with ast from the source, including those inside functions,
so a lower layer cannot reach up, no two modules import each other (however
indirectly), and an import is inside a function only where the document says
why. The lifecycle diagram and the settings table are checked against the
code they describe.
"""

import ast
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from feedback.conf import DEFAULTS
from feedback.management.commands.lifecycle_diagram import (
    architecture_doc,
    with_diagram,
)

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("portal", "news", "feedback")

# Lowest first. A module may import from its own layer and those before it.
# The first pattern that matches a module's dotted name gives its layer.
LAYERS = [
    (
        "portal library",
        r"portal|portal\.(links|models|mail|middleware|http_cache|cache|redaction|reaper|transactions|task_backend"
        r"|unavailable|csrf|feeds|api|api\.(base|schema|media)|migrations.*)",
    ),
    ("news", r"news(\..*)?"),
    (
        "feedback foundation",
        r"feedback|feedback\.(conf|signals|tokens|identity|sanitize|spam|ratelimit)"
        r"|feedback\.(models|migrations)(\..*)?",
    ),
    (
        "feedback reads, rules and outbox",
        r"feedback\.(selectors|selectors_moderation|selectors_discussion|selectors_open_data"
        r"|permissions|policy|links|outbox|tasks|delivery)",
    ),
    ("feedback services", r"feedback\.services(\..*)?"),
    ("feedback reactions", r"feedback\.(notifications|emails|purge|fragments)"),
    (
        "feedback interface",
        r"feedback\.(views|views_open_data|views_form_state|forms|forms_open_data|recaptcha|sitemaps"
        r"|feeds)"
        r"|feedback\.(admin|api|management|templatetags)(\..*)?",
    ),
    (
        "feedback wiring",
        r"feedback\.(wagtail_hooks|signal_handlers|apps|urls|urls_open_data)",
    ),
    ("project", r"portal\..*"),
]

# Imports inside a function, and why they cannot be at the top.
FUNCTION_IMPORTS = {
    # AppConfig.ready(): these import models, which load after the configs.
    ("feedback.apps", "feedback.emails"),
    ("feedback.apps", "feedback.signal_handlers"),
    ("news.apps", "news.signal_handlers"),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> int:
    for index, (_name, pattern) in enumerate(LAYERS):
        if re.fullmatch(pattern, module):
            return index
    raise AssertionError(f"{module} is in no layer: add it to LAYERS and the doc")


def imports_of(path: Path, module: str):
    """(imported module, inside a function?) for each import of ours."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    in_function = {
        id(node)
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
        for node in ast.walk(function)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # "from package import module" imports the module, not the package.
            names = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                for alias in node.names
            ]
        else:
            continue
        for name in names:
            target = resolve(name)
            if target and target != module:
                yield target, id(node) in in_function


def resolve(name: str) -> str | None:
    """The module of ours that ``name`` is, or is in; None if not ours."""
    if name.split(".")[0] not in PACKAGES:
        return None
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


SOURCES = {
    module_name(path): path
    for package in PACKAGES
    for path in sorted((ROOT / package).rglob("*.py"))
}
MODULES = set(SOURCES)
GRAPH = {
    module: sorted(set(imports_of(path, module))) for module, path in SOURCES.items()
}


def test_every_module_is_in_a_layer():
    for module in MODULES:
        layer_of(module)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_imports_a_higher_layer(module):
    upward = [
        f"{module} ({LAYERS[layer_of(module)][0]}) imports {target} "
        f"({LAYERS[layer_of(target)][0]})"
        for target, _in_function in GRAPH[module]
        if layer_of(target) > layer_of(module)
    ]
    assert upward == []


def test_no_import_cycles():
    edges = {module: {target for target, _ in GRAPH[module]} for module in MODULES}
    cycles = []
    state = {}

    def visit(module, stack):
        state[module] = "open"
        for target in sorted(edges[module]):
            if state.get(target) == "open":
                cycles.append(" -> ".join([*stack[stack.index(target) :], target]))
            elif target not in state:
                visit(target, [*stack, target])
        state[module] = "done"

    for module in sorted(MODULES):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_imports_inside_functions_only_where_needed():
    found = {
        (module, target)
        for module, targets in GRAPH.items()
        for target, in_function in targets
        if in_function
    }
    assert found == FUNCTION_IMPORTS


def test_the_lifecycle_diagram_in_the_docs_is_current():
    current = architecture_doc().read_text(encoding="utf-8")

    assert with_diagram(current) == current, (
        "docs/architecture.md's lifecycle diagram is stale: run "
        "manage.py lifecycle_diagram"
    )


def test_lifecycle_diagram_command_checks_and_writes(tmp_path, settings):
    (tmp_path / "docs").mkdir()
    doc = tmp_path / "docs" / "architecture.md"
    doc.write_text(
        "# Doc\n\n<!-- lifecycle diagram: written by manage.py lifecycle_diagram -->"
        "\nold\n<!-- end of lifecycle diagram -->\n",
        encoding="utf-8",
    )
    settings.BASE_DIR = tmp_path

    with pytest.raises(Exception, match="stale"):
        call_command("lifecycle_diagram", "--check")
    call_command("lifecycle_diagram", stdout=None)
    call_command("lifecycle_diagram", "--check")

    assert "unverified --> pending: verify (resident)" in doc.read_text()


def test_every_feedback_setting_is_declared_once_and_documented():
    used = set()
    for path in SOURCES.values():
        used |= set(re.findall(r"\bFEEDBACK_[A-Z_]+\b", path.read_text()))
    doc = architecture_doc().read_text(encoding="utf-8")

    assert used == set(DEFAULTS)
    assert [name for name in DEFAULTS if f"`{name}`" not in doc] == []
