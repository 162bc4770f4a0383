"""What reading one sentence yields: its claims, the grammar's nodes (and a list's nodes cut
into its items), and the reading itself (regions named, damage, casualties, time clues,
revision)."""

from dataclasses import dataclass, field

from incidents.intake import when
from incidents.intake.proposal import Figure


@dataclass
class Claim:
    region: str | None  # None: a figure for the whole statement
    threat: str
    figure: Figure
    kind: str  # header, region (one region, one count), item, each, flat
    quote: str


@dataclass
class Node:
    kind: str  # rg, ct, n, and, incl
    value: object
    start: int  # chunk indices
    end: int
    mention: bool = False  # a threat named with no figure, approximation or "a"
    each: bool = False  # a bare figure for each place of its item ("по три – над ... и ...")
    generic: bool = False  # a threat word naming no type ("ракета", "missile")


@dataclass
class Reading:
    text: str
    claims: list = field(default_factory=list)
    regions: list = field(default_factory=list)  # every region named, claimed or not
    damage: list = field(default_factory=list)
    casualties: dict = field(default_factory=dict)  # killed/injured -> Figure
    clues: when.Clues = field(default_factory=when.Clues)
    revision: bool = False
    previous: list = field(default_factory=list)  # (threat, number) being corrected
    problem: str = ""
    last_threat: str | None = None
    placed: bool = False  # it named the one place a count in another sentence is over

    @property
    def used(self):
        return not self.problem and bool(
            self.claims
            or self.placed
            or self.damage
            or self.casualties
            or self.revision
            or self.clues.window
            or self.clues.night_of
        )


def segments(nodes):
    """Nodes split at the list's separators. A place with no figure followed by a figure with
    no place is one item ("над Брянской областью перехвачены и уничтожены 47 БПЛА")."""
    out, current = [], []
    for node in nodes:
        if node.kind in ("and", "incl"):
            if current:
                out.append(current)
            current = []
        else:
            current.append(node)
    if current:
        out.append(current)
    merged = []
    for segment in out:
        kinds = {n.kind for n in segment}
        if merged and kinds <= {"ct", "n"} and {n.kind for n in merged[-1]} == {"rg"}:
            merged[-1] = merged[-1] + segment
        else:
            merged.append(segment)
    return merged
