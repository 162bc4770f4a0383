"""Every write to the record, through one door.

Incidents, their citations and corrections, statements and their totals, imports and the
reference lists (regions, sources, threat and damage types) change only here; the admin, the
history view, the importer and the management commands call these functions and hold no rule
of their own. Every write:

1. runs in one transaction, with the incidents it changes locked (SELECT ... FOR UPDATE);
2. checks that the actor may make it: what readers have seen (published, retracted, or published
   once) is changed by chief editors only, whatever the path;
3. judges from the *stored* state, not from a form's idea of it, whether readers must be told
   (`incidents.changes`), and then requires and records a dated public note, whatever the status;
4. writes one revision, with its user and reason set before the save;
5. announces the change once, in the same transaction (`incidents.signals.record_changed`).

The actor `by` is an editor (a User) or a `Command` run by an operator on the server.
"""

from incidents.changes import CitationEdits
from incidents.services.core import (
    PUBLISH,
    Command,
    CorrectionRequired,
    NotAllowed,
    Refused,
    Stale,
    StatusChange,
    may_change,
    statement_seen,
)
from incidents.services.imports import (
    IMPORT_MAX_AGE,
    DuplicatesUnconfirmed,
    commit_import,
    stage_import,
)
from incidents.services.incidents import (
    delete_citation,
    delete_drafts,
    publish,
    republish,
    restore_revision,
    retract,
    save_citation,
    save_incident,
)
from incidents.services.intake import DraftClaim, enter_statement
from incidents.services.reference import bulk_loaded, delete_reference, save_reference
from incidents.services.statements import (
    StaleStatement,
    TotalEdits,
    delete_statement,
    save_statement,
)

__all__ = [
    "IMPORT_MAX_AGE",
    "PUBLISH",
    "CitationEdits",
    "Command",
    "CorrectionRequired",
    "DraftClaim",
    "DuplicatesUnconfirmed",
    "NotAllowed",
    "Refused",
    "Stale",
    "StaleStatement",
    "StatusChange",
    "TotalEdits",
    "bulk_loaded",
    "commit_import",
    "delete_citation",
    "delete_drafts",
    "delete_reference",
    "delete_statement",
    "enter_statement",
    "may_change",
    "publish",
    "republish",
    "restore_revision",
    "retract",
    "save_citation",
    "save_incident",
    "save_reference",
    "save_statement",
    "stage_import",
    "statement_seen",
]
