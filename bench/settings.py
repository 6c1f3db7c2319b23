"""Settings for the benchmarks: the site's own settings, served as in production (DEBUG off),
plus a bare view to compare the pages with.

What differs from a production deployment, and why:
- static files come from the finders through plain storage, not the manifest one, which needs
  ``collectstatic`` to have run (a ``{% static %}`` lookup costs about the same either way);
- no HTTPS redirect, so that plain-HTTP clients on 127.0.0.1 get the pages themselves;
- the API's anonymous rate limit is raised far above what a load run sends: the throttle still
  runs on every request (its cost is measured) but never answers 429.
"""

from tracker.settings import *  # noqa: F403
from tracker.settings import BASE_DIR, REST_FRAMEWORK, TEMPLATES

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "bench.urls"
TEMPLATES = [{**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]}]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = False
SECURE_SSL_REDIRECT = False
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "100000/second"}}
STATIC_ROOT = None  # static files come from the finders: no collectstatic needed
