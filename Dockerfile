# The production shape: gunicorn serving Django, whitenoise serving the collected static files.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

COPY requirements/base.txt requirements/base.txt
RUN pip install --require-hashes -r requirements/base.txt

COPY manage.py ./
COPY config config
COPY incidents incidents
COPY dashboard dashboard
COPY templates templates
COPY static static

# collectstatic only reads settings; this key never serves a request.
RUN SECRET_KEY=collectstatic-only-not-a-secret python manage.py collectstatic --no-input \
    && useradd --system --uid 1000 --home-dir /app app \
    && chown -R app /app
USER app

EXPOSE 8000
CMD ["gunicorn", "--config", "config/gunicorn.py", "config.wsgi"]
