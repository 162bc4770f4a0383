# The dashboard's one table, the data version, lives with the rest of page freshness.
from dashboard.freshness import DataVersion

__all__ = ["DataVersion"]
