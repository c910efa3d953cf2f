#!/usr/bin/env bash
# What `make test` needs from the system: Debian's chromium for the browser
# tests (Playwright cannot download its own here), GNU gettext for the
# message-catalogue check and varnish for the HTTP cache test
# (tests/portal/test_varnish.py). With --stack, also what the stack test
# (scripts/stack-test.sh) runs: PostgreSQL's server binaries (for a private,
# throwaway cluster) and redis-server. With --bench, only what the HTTP
# benchmark (bench/http.py, `make bench-http`) runs: wrk, Debian's varnish and
# redis-server, not the tests' browser. Installed with apt when missing.
set -eu
missing=()
if [ "${1:-}" != "--bench" ]; then
    [ -x /usr/bin/chromium ] || missing+=(chromium)
    command -v msgfmt >/dev/null 2>&1 && command -v xgettext >/dev/null 2>&1 \
        || missing+=(gettext)
fi
command -v varnishd >/dev/null 2>&1 || [ -x /usr/sbin/varnishd ] || missing+=(varnish)
if [ "${1:-}" = "--stack" ]; then
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
    command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
fi
if [ "${1:-}" = "--bench" ]; then
    command -v wrk >/dev/null 2>&1 || missing+=(wrk)
    command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing system packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
