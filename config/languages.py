"""The reader's language, in one place.

- A public page's address names its language: /en/incidents/, /ru/incidents/, /uk/incidents/.
  A link with a prefix shows the same view to everyone who follows it.
- A page's address without the prefix (a bare / or an old link) redirects to the prefixed one in
  the reader's language (language cookie, else Accept-Language, else English), keeping the query.
- Files, the API, the feed and chart data keep language-free addresses, and their bytes do not
  depend on who asks: they are in English unless `?lang=` names another language (a page asks
  for its chart's labels in its own language that way).
- The admin follows the editor's browser (cookie, else Accept-Language).

Django's LocaleMiddleware does the first two only when i18n_patterns() sits in the root URLconf,
which would split the `dashboard` URL namespace in two; `language_prefixed()` keeps the pages
inside it, and this middleware does the rest.
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import LocalePrefixPattern, URLResolver, get_script_prefix, is_valid_path
from django.urls.resolvers import RoutePattern
from django.utils import translation
from django.utils.cache import patch_vary_headers

LANGUAGE_PARAMETER = "lang"


def language_prefixed(patterns):
    """`patterns` under the active language's prefix (/en/, /ru/, /uk/), for an included
    URLconf. (include() refuses a LocalePrefixPattern at its top level; one level down it
    resolves and reverses exactly as i18n_patterns() does in a root URLconf.)"""
    return URLResolver(RoutePattern(""), [URLResolver(LocalePrefixPattern(), patterns)])


def codes():
    return [code for code, _name in settings.LANGUAGES]


def language_query():
    """{"lang": code} to ask a language-free address (chart data, a chart's picture or embed) for
    the active language's labels; {} in the default language."""
    language = translation.get_language()
    return {} if language == settings.LANGUAGE_CODE else {LANGUAGE_PARAMETER: language}


def asked_language(query):
    """The language a language-free address is asked in (`query`: its QueryDict): `?lang=`,
    else the site's default."""
    asked = query.get(LANGUAGE_PARAMETER, "")
    return asked if asked in codes() else settings.LANGUAGE_CODE


class LanguageMiddleware:
    """Activates the language of each request (see the module's docstring) and redirects a page
    address without its language prefix."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from_path = translation.get_language_from_path(request.path_info)
        if from_path:
            language = from_path
        elif request.path_info.startswith("/" + settings.ADMIN_URL):
            language = translation.get_language_from_request(request)
        else:
            redirect = self.prefixed_redirect(request)
            if redirect is not None:
                return redirect
            language = asked_language(request.GET)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            # The next request in this thread (a test's next line too) starts from the default;
            # a streamed body (the exports) is written in it, as the exports are.
            translation.deactivate()
        if request.path_info.startswith("/" + settings.ADMIN_URL):
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", language)
        return response

    def prefixed_redirect(self, request):
        """A redirect to the page's prefixed address in the reader's language, or None when the
        address is not a page's (a file, the API, an unknown address: answered as it is)."""
        if is_valid_path(request.path_info):
            return None
        language = translation.get_language_from_request(request)
        with translation.override(language):
            prefixed = f"/{language}{request.path_info}"
            valid = is_valid_path(prefixed)
            needs_slash = (
                not valid
                and settings.APPEND_SLASH
                and not prefixed.endswith("/")
                and is_valid_path(prefixed + "/")
            )
        if not (valid or needs_slash):
            return None
        script_prefix = get_script_prefix()
        url = request.get_full_path(force_append_slash=needs_slash).replace(
            script_prefix, f"{script_prefix}{language}/", 1
        )
        redirect = HttpResponseRedirect(url)
        patch_vary_headers(redirect, ("Accept-Language", "Cookie"))
        return redirect


def alternates(request):
    """This page in each language, [(code, name, path with the query)], and its bare address
    (which redirects by the reader's language); ([], None) for an address that names no language
    (an error page at a bare address, a file). The query is the one the view read (its canonical
    form, under the page cache), so the filters carry across."""
    current = translation.get_language_from_path(request.path_info)
    if not current:
        return [], None
    script_prefix = get_script_prefix()
    rest = request.get_full_path().removeprefix(f"{script_prefix}{current}/")
    versions = [(code, name, f"{script_prefix}{code}/{rest}") for code, name in settings.LANGUAGES]
    return versions, f"{script_prefix}{rest}"
