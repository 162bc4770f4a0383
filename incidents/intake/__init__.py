"""The statement intake's reading side: parse a statement's text into a proposal (window,
totals, draft incidents with their quotes, unused sentences). Imports nothing from Django, so it
runs and is tested alone; its words are data (incidents.vocabularies, intake.languages).
Interface and JSON shape: docs/statement-parser.md."""

from incidents.intake.parser import ParseError, parse
from incidents.intake.proposal import DraftIncident, Figure, Proposal, Total

__all__ = ["DraftIncident", "Figure", "ParseError", "Proposal", "Total", "parse"]
