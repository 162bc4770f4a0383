"""Who is asking: the client address, read correctly behind a known number of proxies."""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The client's address as the nearest trusted proxy saw it.

    Each proxy appends the address it received the request from to X-Forwarded-For, so with N
    trusted proxies the client is the N-th address from the right. Anything further left was
    written by the client itself and could be forged to dodge (or aim) a lockout. A forwarded
    entry that is not an IP address (a forged or broken header) is not believed: the socket's
    address is used instead.
    """
    socket_address = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            try:
                return str(ipaddress.ip_address(forwarded[-count]))
            except ValueError:
                return socket_address
    return socket_address


def secret_key_check(app_configs=None, **kwargs):
    """`manage.py check` (and so `migrate`, `runserver`) fails in production without a key;
    a command that signs nothing opts out of the checks (parse_statements)."""
    from django.core.checks import Error
    from django.core.exceptions import ImproperlyConfigured

    try:
        settings.SECRET_KEY  # noqa: B018 - Django raises on an empty key
    except ImproperlyConfigured:
        return [Error("SECRET_KEY must be set when DEBUG is off.", id="config.E001")]
    return []


def require_secret_key():
    """A server refuses to start without a key (the settings leave it empty so that offline
    commands run without one); an empty key would otherwise surface as a 500 on first sign-in."""
    from django.core.exceptions import ImproperlyConfigured

    try:
        settings.SECRET_KEY  # noqa: B018 - Django raises on an empty key
    except ImproperlyConfigured:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.") from None
