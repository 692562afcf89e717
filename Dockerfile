# The registry's one image: gunicorn by default; the Celery worker and beat run the same image
# with another command (see docker-compose.yml).
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    DJANGO_SETTINGS_MODULE=registry.settings.production \
    DJANGO_STATIC_ROOT=/app/staticfiles \
    REGISTRY_MEDIA_ROOT=/data/media \
    WEB_CONCURRENCY=3

# A fixed uid, so that files in the volumes keep their owner across rebuilds.
RUN groupadd --system --gid 10001 registry \
    && useradd --system --uid 10001 --gid registry --create-home --home-dir /home/registry \
       --shell /usr/sbin/nologin registry

WORKDIR /app

# The runtime set only, every file checked against the lock's hashes (every wheel is binary: no
# compiler, no libpq needed).
COPY requirements.txt .
RUN pip install --require-hashes --requirement requirements.txt

COPY . .

# The translation catalogues (.mo), compiled by polib alone: the slim image has no GNU gettext,
# and the script needs neither Django's settings nor any service.
RUN python registry/catalogues.py

# Static files are built into the image. Production settings refuse to load without their
# variables, so collectstatic gets placeholders here: none of them is used to collect files,
# and none is left in the image.
RUN DJANGO_SECRET_KEY=collectstatic-only-placeholder-key-never-used-to-sign-anything-0123456789 \
    DJANGO_ALLOWED_HOSTS=build.invalid \
    DATABASE_URL=postgres://build@build.invalid:5432/build \
    REDIS_URL=redis://build.invalid:6379/0 \
    EMAIL_URL=consolemail:// \
    REGISTRY_CLAMD_ADDRESS=build.invalid:3310 \
    python manage.py collectstatic --noinput \
    && mkdir -p /data/media /data/beat \
    && chown -R registry:registry /data

USER registry

EXPOSE 8000

# Settings (bind, timeouts, max-requests, preload) in gunicorn.conf.py.
CMD ["gunicorn", "registry.wsgi:application", "--config", "gunicorn.conf.py"]
