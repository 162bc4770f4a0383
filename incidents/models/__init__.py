"""The record: who claimed what, where, when, and how we know."""

from incidents.models.citation import Citation, Correction
from incidents.models.derived import (
    DailyDamageTotals,
    DailyDamageTypeTotals,
    DailyRegionThreatTotals,
    DailyRegionTotals,
    DailyThreatTotals,
    ExportLists,
    MonthlyDamageTotals,
    MonthlyRegionThreatTotals,
    MonthlyRegionTotals,
    SearchDocument,
)
from incidents.models.incident import (
    EARLIEST,
    INCIDENT_HISTORY,
    PUBLISHED,
    ChecksMirroredInPython,
    Incident,
)
from incidents.models.pending import PendingImport
from incidents.models.reference import DamageType, Region, Source, ThreatType, Vocabulary
from incidents.models.statement import Statement, StatementTotal

__all__ = [
    "EARLIEST",
    "INCIDENT_HISTORY",
    "PUBLISHED",
    "ChecksMirroredInPython",
    "Citation",
    "Correction",
    "DailyDamageTotals",
    "DailyDamageTypeTotals",
    "DailyRegionThreatTotals",
    "DailyRegionTotals",
    "DailyThreatTotals",
    "DamageType",
    "ExportLists",
    "Incident",
    "MonthlyDamageTotals",
    "MonthlyRegionThreatTotals",
    "MonthlyRegionTotals",
    "PendingImport",
    "Region",
    "SearchDocument",
    "Source",
    "Statement",
    "StatementTotal",
    "ThreatType",
    "Vocabulary",
]
