"""Production settings plus the floor page (bench.floor): for deploy/loadtest only."""

from registry.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.floor"
