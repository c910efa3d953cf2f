"""gunicorn's configuration for the portal: used by deploy/systemd/portal-web.service,
docs/production.md and the stack test (scripts/stack_test.py).

Run from the project folder:

    .venv/bin/gunicorn -c deploy/gunicorn.conf.py --bind 127.0.0.1:8000

Options given on the command line win over the values here.
"""

import logging

from portal.redaction import RedactTokensFilter

wsgi_app = "portal.wsgi:application"
bind = "127.0.0.1:8000"
# Sync workers: two or three per core. Each holds at most one database
# connection, so (web processes x workers) + workers stays below PostgreSQL's
# max_connections.
workers = 3
timeout = 30
graceful_timeout = 20
# Recycle workers now and then so that a slow leak cannot grow without end.
max_requests = 2000
max_requests_jitter = 200

# Both logs to stdout/stderr: systemd's journal keeps them. The access log is
# the combined format plus the time taken; no client address beyond what the
# proxy in front shows (gunicorn sees only the proxy).
accesslog = "-"
errorlog = "-"
loglevel = "info"
access_log_format = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
)

# Confirm, withdraw and "stop email" links carry a token in their path; it
# must not reach the logs (the request line or a Referer). The filter sits on
# gunicorn's own loggers, which the workers inherit from this master process.
for _name in ("gunicorn.access", "gunicorn.error"):
    logging.getLogger(_name).addFilter(RedactTokensFilter())
