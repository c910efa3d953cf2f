"""The README's production table must name every variable the settings read."""

import re
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
ENV_READ = re.compile(r"\benv_(?:str|int|bool|list)\(\s*\"([A-Z][A-Z0-9_]*)\"")


def variables_read_by_settings():
    names = set()
    for path in (BASE_DIR / "portal" / "settings").glob("*.py"):
        names.update(ENV_READ.findall(path.read_text(encoding="utf-8")))
    return names


def test_settings_read_the_variables_the_design_names():
    assert {
        "DJANGO_SECRET_KEY",
        "DJANGO_ALLOWED_HOSTS",
        "DATABASE_URL",
        "PORTAL_BASE_URL",
        "REDIS_URL",
        "EMAIL_HOST",
    } <= variables_read_by_settings()


def test_readme_documents_every_environment_variable_the_settings_read():
    readme = (BASE_DIR / "README.md").read_text(encoding="utf-8")

    undocumented = sorted(
        name for name in variables_read_by_settings() if f"`{name}`" not in readme
    )

    assert undocumented == []
