"""What every public page's template may ask of the record."""

from config.languages import LANGUAGE_PARAMETER, language_query
from dashboard import freshness
from incidents.models import Statement


def _demo_loaded():
    # Once per data version and process, and only by a page that shows the banner.
    return freshness.remember("demo-loaded", lambda: Statement.objects.demo().exists())


def demo(request):
    """`demo_loaded`: whether the record holds demo statements (manage.py load_demo)."""
    return {"demo_loaded": _demo_loaded}


def language_free(request):
    """`lang_query`: "?lang=ru" or "" (English), for the links of a page to language-free
    addresses (the feed, the search suggestions) to answer in the page's language;
    `lang_param`: the same code for {% querystring %} (None removes it)."""
    asked = language_query().get(LANGUAGE_PARAMETER)
    return {"lang_query": f"?{LANGUAGE_PARAMETER}={asked}" if asked else "", "lang_param": asked}
