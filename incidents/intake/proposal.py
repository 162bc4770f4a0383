"""What the parser proposes for one statement, and its JSON shape (docs/statement-parser.md)."""

from dataclasses import dataclass, field
from datetime import date, datetime

REPORTED, NOT_REPORTED, WITHHELD = "reported", "not_reported", "withheld"


@dataclass(frozen=True)
class Figure:
    """A count as the source gave it: a number only when the state is 'reported'."""

    number: int | None
    state: str

    @classmethod
    def reported(cls, number):
        return cls(number, REPORTED)

    def __post_init__(self):
        if (self.number is not None) != (self.state == REPORTED):
            raise ValueError(f"a number exactly when reported: {self.number!r}, {self.state}")


FIGURE_NOT_REPORTED = Figure(None, NOT_REPORTED)
FIGURE_WITHHELD = Figure(None, WITHHELD)


@dataclass(frozen=True)
class Total:
    """The statement's own figure for one threat ("26 UAVs in total")."""

    threat: str
    figure: Figure
    quote: str


@dataclass(frozen=True)
class DraftIncident:
    """One region and threat the statement claims, with the clause it came from."""

    region: str  # ISO 3166-2 code, or the slug where there is none (the seas)
    threat: str
    intercepted: Figure
    damage: tuple = ()
    killed: Figure = FIGURE_NOT_REPORTED
    injured: Figure = FIGURE_NOT_REPORTED
    quote: str = ""


@dataclass(frozen=True)
class Proposal:
    date: date | None
    window_start: datetime | None
    window_end: datetime | None
    totals: tuple = ()
    incidents: tuple = ()
    unused: tuple = ()
    revision: bool = False
    revised_from: tuple = ()  # Totals of the figures the source says it corrects
    notes: tuple = field(default=(), compare=False)  # why sentences went unused

    @property
    def unreadable(self):
        return not self.totals and not self.incidents

    @classmethod
    def unread(cls, text):
        """The proposal for a statement the parser cannot read at all (a language it has no
        words for): nothing proposed, the whole text unused."""
        return cls(None, None, None, (), (), (text,) if text.strip() else ())

    def as_json(self):
        out = {
            "date": self.date.isoformat() if self.date else None,
            "window_start": self.window_start.isoformat() if self.window_start else None,
            "window_end": self.window_end.isoformat() if self.window_end else None,
            "totals": [
                {"threat": t.threat, "intercepted": t.figure.number, "state": t.figure.state}
                for t in self.totals
            ],
            "incidents": [
                {
                    "region_iso": i.region,
                    "threat": i.threat,
                    "intercepted": i.intercepted.number,
                    "intercepted_state": i.intercepted.state,
                    "damage": list(i.damage),
                    "killed": i.killed.number,
                    "injured": i.injured.number,
                }
                for i in self.incidents
            ],
            "unreadable": self.unreadable,
            "unused": list(self.unused),
        }
        if self.revision:
            out["revision"] = True
            out["revised_from"] = [
                {"threat": t.threat, "intercepted": t.figure.number} for t in self.revised_from
            ]
        return out
