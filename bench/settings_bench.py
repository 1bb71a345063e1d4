"""Settings for bench/contributions.py only: production settings plus a bare view as the baseline."""

import os

from config.settings.production import *  # noqa: F403
from config.settings.production import STATIC_ROOT

ROOT_URLCONF = "bench.urls_bench"
# The manifest storage needs collected static files; the benchmark collects them outside the tree.
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT") or STATIC_ROOT
