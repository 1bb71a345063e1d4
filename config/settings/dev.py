"""The embedded default used by `make run`: nothing to install, data kept under var/."""

from .base import *  # noqa: F403
from .base import VAR_DIR, env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
# The demo accounts have no second factor; the banner on every page says MFA is off here.
STAFF_REQUIRE_MFA = env.bool("STAFF_REQUIRE_MFA", default=False)
VAR_DIR.mkdir(exist_ok=True)
# Static files come from the app folders through the finders; no collectstatic needed.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
