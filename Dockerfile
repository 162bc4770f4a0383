# The production shape: gunicorn serving Django, whitenoise serving the collected static files.
# Built once by docker-compose.yml and used by both its `migrate` and `web` services.
#
# The base image is a build argument so a machine without a registry can use a local stand-in
# (docs/operations.md, "The compose stack"). The locked requirements are installed with their
# hashes from pip's configured index, or, when build/wheelhouse/ holds wheels (filled on the host
# by `pip download`, see the same section), from those wheels alone, with no network in the build.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS dependencies
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
# `buil[d]/wheelhous[e]` matches nothing without a wheelhouse (and then COPY copies base.txt alone)
# in both the classic builder and BuildKit, which fails on a plain path that does not exist.
COPY requirements/base.txt buil[d]/wheelhous[e] /tmp/requirements/
RUN python -m venv /opt/venv \
    && if ls /tmp/requirements/*.whl >/dev/null 2>&1; then \
         set -- --no-index --find-links /tmp/requirements; \
       fi \
    && /opt/venv/bin/pip install "$@" --require-hashes -r /tmp/requirements/base.txt

FROM ${PYTHON_IMAGE}
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH

# Everything under /opt/venv and /app belongs to root: the app user can read and run the code but
# not change it. Its only writable places are its home (gunicorn's control socket) and /app/var
# (backups written with `manage.py backup`).
RUN useradd --uid 1000 --user-group --create-home --home-dir /home/app --shell /usr/sbin/nologin app
COPY --from=dependencies /opt/venv /opt/venv

WORKDIR /app
COPY manage.py ./
COPY config config
COPY incidents incidents
COPY dashboard dashboard
COPY templates templates
COPY locale locale
COPY static static

# collectstatic only reads settings; this key never serves a request.
RUN SECRET_KEY=collectstatic-only-not-a-secret python manage.py collectstatic --no-input \
    && python -m compileall -q /app \
    && install -d -o app -g app -m 0750 /app/var
USER app

EXPOSE 8000
CMD ["gunicorn", "--config", "config/gunicorn.py", "config.wsgi"]
