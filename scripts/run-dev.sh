#!/usr/bin/env bash
# Serve the portal and run the task worker beside it; Ctrl-C stops both.
set -eu
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-portal.settings.dev}
PORT=${PORT:-8000}
# portal/settings/dev.py builds every absolute link (emails, feed, sitemap)
# from this port unless PORTAL_BASE_URL is set; the worker needs it as much
# as the web server, since it writes the emails.
export PORTAL_DEV_PORT="$PORT"
PY=.venv/bin/python

# The same supervised worker as production (deploy/systemd/portal-worker@.service).
$PY manage.py run_worker &
worker=$!
# Ctrl-C reaches both processes; this also stops the worker when the server
# exits for any other reason.
trap 'kill -TERM "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT

echo "Portal: http://127.0.0.1:$PORT/  admin: http://127.0.0.1:$PORT/admin/"
echo "Emails sent by the worker are printed here and saved under var/mail/."
$PY manage.py runserver "127.0.0.1:$PORT"
