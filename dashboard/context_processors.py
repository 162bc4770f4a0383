"""What every public page's template may ask of the record."""

from dashboard import freshness
from incidents.models import Statement


def _demo_loaded():
    # Once per data version and process, and only by a page that shows the banner.
    return freshness.remember("demo-loaded", lambda: Statement.objects.demo().exists())


def demo(request):
    """`demo_loaded`: whether the record holds demo statements (manage.py load_demo)."""
    return {"demo_loaded": _demo_loaded}
