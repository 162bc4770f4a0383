"""What the public table sorts by: one expression per key, shared by the queries that sort and
the indexes that make each order a walk along an index (see Incident.Meta)."""

from django.db import models
from django.db.models import ExpressionWrapper, F, Value
from django.db.models.functions import Coalesce

# A plain IntegerField result: typed as the positive count fields, Django would drop a
# comparison with -1 as "always true".
SORT_KEYS = {
    "date": lambda: F("date"),
    "intercepted": lambda: Coalesce(  # "not reported" sorts lowest
        F("intercepted"), Value(-1), output_field=models.IntegerField()
    ),
    "casualties": lambda: ExpressionWrapper(
        Coalesce(F("killed"), Value(0)) + Coalesce(F("injured"), Value(0)),
        output_field=models.IntegerField(),
    ),
    "region": lambda: F("region__name"),
    "threat": lambda: F("threat_type__name"),
}
