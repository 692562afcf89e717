"""gunicorn's settings for the registry's web hosts (the image runs `gunicorn -c gunicorn.conf.py
registry.wsgi:application`; gunicorn also reads this file by itself when started from here).
Command-line flags override it. Workers: WEB_CONCURRENCY (gunicorn reads it)."""

bind = "0.0.0.0:8000"
# The workers' heartbeat files in memory, not on a container's overlay disk.
worker_tmp_dir = "/dev/shm"  # noqa: S108
timeout = 60
# Each worker is replaced after about a thousand requests (a bound on any slow leak)...
max_requests = 1000
max_requests_jitter = 100
# ...at no cost: the app is imported once, in the master, and each new worker is forked from it.
preload_app = True
accesslog = "-"
