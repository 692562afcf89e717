"""The registry's own admin pages, one module per topic."""

from registry.secretariat import admin as secretariat_admin  # noqa: F401 (registers its pages)
