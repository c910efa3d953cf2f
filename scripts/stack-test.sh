#!/usr/bin/env bash
# The production stack, started as docs/production.md documents it and put
# under faults: see scripts/stack_test.py. Runnable by hand after `make install`
# (or `make test`); CI runs it from .ci/run. Stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/ensure-system-packages.sh --stack
exec .venv/bin/python scripts/stack_test.py "$@"
