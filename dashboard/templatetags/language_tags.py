"""The language switcher and the head's hreflang alternates (config/languages.py)."""

from django import template
from django.core.exceptions import DisallowedHost
from django.utils.translation import get_language

from config import languages

register = template.Library()


@register.simple_tag(takes_context=True)
def page_languages(context):
    """{"versions": [{code, name, url, absolute, current}], "default": absolute bare address} of
    this page; versions is empty where the address names no language."""
    request = context["request"]
    current = get_language()
    versions, bare = languages.alternates(request)
    try:
        request.get_host()
    except DisallowedHost:  # the 400 page of a request for a host this site is not
        versions, bare = [], None
    return {
        "default": request.build_absolute_uri(bare) if bare else None,
        "versions": [
            {
                "code": code,
                "name": name,
                "url": url,
                "absolute": request.build_absolute_uri(url),
                "current": code == current,
            }
            for code, name, url in versions
        ],
    }
