"""deploy/: the unit files docs/production.md tells an operator to install."""

import configparser
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent.parent
UNITS = BASE_DIR / "deploy" / "systemd"
HARDENING = {
    "NoNewPrivileges": "yes",
    "ProtectSystem": "strict",
    "PrivateTmp": "yes",
    "ProtectHome": "yes",
    "PrivateDevices": "yes",
    "CapabilityBoundingSet": "",
}


def unit(name):
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(UNITS / name)
    return parser["Service"]


@pytest.mark.parametrize("name", ["portal-web.service", "portal-worker@.service"])
def test_unit_restarts_always_reads_the_env_file_and_is_hardened(name):
    service = unit(name)

    assert service["Restart"] == "always"
    assert service["EnvironmentFile"] == "/etc/portal/portal.env"
    assert service["User"] == "portal"
    for key, value in HARDENING.items():
        assert service[key] == value, key


def test_web_unit_runs_gunicorn_with_the_repositorys_config():
    assert " -c deploy/gunicorn.conf.py " in unit("portal-web.service")["ExecStart"]


def test_worker_unit_runs_the_supervised_worker_per_instance():
    exec_start = unit("portal-worker@.service")["ExecStart"]

    assert "manage.py run_worker --worker-id %H-%i" in exec_start


def test_production_docs_point_to_every_deploy_file():
    docs = (BASE_DIR / "docs" / "production.md").read_text(encoding="utf-8")

    for path in [*UNITS.iterdir(), BASE_DIR / "deploy" / "gunicorn.conf.py"]:
        assert str(path.relative_to(BASE_DIR)) in docs, path.name
    assert "deploy/portal.env.example" in docs
