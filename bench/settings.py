"""The production settings, plus what only the HTTP benchmark needs (bench/http.py).

Production code grows no benchmark route: the bare-view ceiling lives in
bench/urls.py, used through this module's ROOT_URLCONF. The comment form's
fill-time minimum and the submission rate limits are lifted through the app's
own settings (feedback/conf.py), so that the POST benchmark measures the work
of a submission rather than the refusals.
"""

from portal.settings.env import env_int, env_str
from portal.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

FEEDBACK_MIN_FILL_SECONDS = 0
FEEDBACK_RATE_LIMITS = dict.fromkeys(
    ("submit_ip", "submit_email", "submit_site", "email_recipient"),
    (1_000_000_000, 3600),
)

# "All comments on one page": a second gunicorn runs with a page this long.
if env_str("BENCH_COMMENTS_PER_PAGE"):
    FEEDBACK_COMMENTS_PER_PAGE = env_int("BENCH_COMMENTS_PER_PAGE", 50)
