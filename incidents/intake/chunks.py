"""A sentence's tokens as chunks: each run of tokens the lexicon knows becomes one chunk
carrying every reading it has (kind -> values); region lists, counts and numbers are then
joined into the units the grammar reads."""

from dataclasses import dataclass, field

from incidents.intake.languages import LANGUAGES

# Values of number words, in the places a compound number takes them ("сто двадцать пять").
PLACES = ((100, 900), (20, 90), (10, 19), (1, 9))


@dataclass
class Chunk:
    start: int  # token index, inclusive
    end: int  # token index, exclusive
    kinds: dict = field(default_factory=dict)  # kind -> list of values
    singular: bool = False  # a threat phrase in a form that means one

    def has(self, *kinds):
        return any(kind in self.kinds for kind in kinds)

    def value(self, kind):
        return self.kinds[kind][0]


def chunk(lexicon, tokens):
    """The sentence as chunks, longest match first; unknown tokens are chunks of their own."""
    fillers = set(LANGUAGES[lexicon.language].FILLER)
    keep = [t for t in tokens if t.norm not in fillers]
    norms = [t.norm for t in keep]
    out, i = [], 0
    while i < len(keep):
        patterns, length = lexicon.longest(norms, i)
        if length:
            c = Chunk(i, i + length)
            for pattern in patterns:
                c.kinds.setdefault(pattern.kind, []).append(pattern.value)
                if pattern.kind == "threat" and norms[i + length - 1] in pattern.singular:
                    c.singular = True
                if pattern.kind == "threat" and length > 1 and norms[i] in pattern.singular:
                    c.singular = True
            out.append(c)
            i += length
            continue
        token = keep[i]
        if token.kind == "number":
            digits = int("".join(ch for ch in token.text if ch.isdigit()))
            out.append(Chunk(i, i + 1, {"number": [digits], "digits": [True]}))
        else:
            out.append(Chunk(i, i + 1, {token.kind: [token.norm]}))
        i += 1
    return keep, _fronted_lists(_join_numbers(out), lexicon.language)


def _fronted_lists(chunks, language):
    """ "15 of them over Kaluga": a list word after its figure reads as if before it."""
    after = set(getattr(LANGUAGES[language], "INCLUDING_AFTER_FIGURE", ()))
    for k in range(len(chunks) - 1):
        a, b = chunks[k], chunks[k + 1]
        if a.has("number") and b.has("including") and b.value("including") in after:
            chunks[k], chunks[k + 1] = b, a
    return chunks


def _place(value):
    return next((k for k, (lo, hi) in enumerate(PLACES) if lo <= value <= hi), None)


# Which place may follow which: hundreds take tens, teens or units; tens take units.
FOLLOWS = {0: {1, 2, 3}, 1: {3}}


def _join_numbers(chunks):
    """Adjacent number words make one number when each fills a smaller place."""
    out, last_place = [], None
    for c in chunks:
        prev = out[-1] if out else None
        words = (
            prev is not None
            and c.has("number")
            and prev.has("number")
            and not c.has("digits")
            and not prev.has("digits")
        )
        place = _place(c.value("number")) if c.has("number") else None
        if words and place in FOLLOWS.get(last_place, ()):
            prev.kinds["number"] = [prev.value("number") + c.value("number")]
            prev.end = c.end
            last_place = place
            continue
        out.append(c)
        last_place = place if c.has("number") and not c.has("digits") else None
    return out
