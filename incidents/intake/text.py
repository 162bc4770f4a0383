"""Text into sentences and tokens, keeping each token's place so quotes are verbatim."""

import re
from dataclasses import dataclass

from incidents.intake.morphology import norm

TOKEN = re.compile(
    # "14.07.2025", "14.07.25": a date, before a time could take its first half
    r"(?P<date>\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2}))(?![\d.]\d)"
    r"|(?P<time>\d{1,2}[.:]\d{2})(?!\d)"
    # "1 275", "1,275": thousands apart (space, no-break or thin space, comma)
    r"|(?P<number>\d{1,3}(?:[ \u00a0\u202f\u2009,]\d{3})+(?![\d,])|\d+)"
    r"|(?P<word>[^\W\d_]+(?:-(?:[^\W\d_]+|\d+))*)"
    r"|(?P<punct>[^\w\s])"
)
# A sentence ends at . ! ? or … before a capital, a digit, a quote or the end; or at a line break.
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"«“'‘(]?[A-ZА-ЯЁ0-9])|\n\s*")
QUOTES = set("«»\"“”„'‘’`")
DASHES = {"-", "–", "—", "−"}


@dataclass(frozen=True)
class Token:
    text: str
    norm: str
    kind: str  # time, number, word, punct
    start: int
    end: int

    @property
    def capitalised(self):
        return self.kind == "word" and self.text[:1].isupper()


# Abbreviations a full stop does not end a sentence after ("St. Petersburg", "г. Курск").
ABBREVIATIONS = re.compile(r"(?:^|\W)(?:St|Mt|Gen|Lt|Col|Mr|Ms|Dr|г|гг|обл|ул|пос|им|т|н|р-н)\.$")


# "8 pm", "11.30 p.m.": the marker after an hour or a time, as the tokens spell it.
MERIDIEM = {("pm",): 12, ("p", ".", "m", "."): 12, ("am",): 0, ("a", ".", "m", "."): 0}


def _twelve_hour_times(raw):
    """An hour or time and its am/pm marker become one time token (norm "20.00"), its text
    the words as written."""
    out, i = [], 0
    while i < len(raw):
        token = raw[i]
        if token.kind in ("number", "time"):
            for marker, add in MERIDIEM.items():
                following = tuple(t.norm for t in raw[i + 1 : i + 1 + len(marker)])
                h, _, m = token.norm.replace(":", ".").partition(".")
                if following == marker and 1 <= int(h) <= 12:
                    hour = int(h) % 12 + add
                    last = raw[i + len(marker)]
                    span = (token.start, last.end)
                    out.append(Token(token.text, f"{hour:02d}.{m or '00'}", "time", *span))
                    i += 1 + len(marker)
                    break
            else:
                out.append(token)
                i += 1
            continue
        out.append(token)
        i += 1
    return out


# "between 6 a.m. and 9 a.m. Moscow time": the marker's full stop, then the time's zone.
MERIDIEM_END = re.compile(r"\b[ap]\.m\.$")
ZONE = re.compile(r"(?:Moscow|Kyiv|Kiev|local|GMT|UTC|MSK)\b")


def sentences(text):
    """(start, end) of each sentence of the text, stripped of surrounding space."""
    spans, start = [], 0
    for match in SENTENCE_END.finditer(text):
        if ABBREVIATIONS.search(text[start : match.start()]):
            continue
        before = text[start : match.start()]
        if MERIDIEM_END.search(before) and ZONE.match(text, match.end()):
            continue
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    out = []
    for a, b in spans:
        chunk = text[a:b]
        lead = len(chunk) - len(chunk.lstrip())
        if chunk.strip():
            out.append((a + lead, a + len(chunk.rstrip())))
    return out


def _possessive(text, at, word):
    """The "s" of "Crimea's": the name it follows is the place ("over Crimea's Dzhankoi")."""
    return word in ("s", "S") and at > 1 and text[at - 1] in "'’" and text[at - 2].isalpha()


def tokens(text, start, end):
    """The tokens between start and end. Quotation marks go; a short parenthesis without a
    number ("(UAVs)", "(Якутия)", "(First-Person View)") or a time in another zone
    ("(1700-2000 GMT)") is a gloss and goes too; a longer one or one holding a figure is
    kept, its brackets read as a list's opening and end."""
    raw = [
        Token(m.group(), norm(m.group()), m.lastgroup, start + m.start(), start + m.end())
        for m in TOKEN.finditer(text[start:end])
        if m.group() not in QUOTES and not _possessive(text, start + m.start(), m.group())
    ]
    out, i = [], 0
    raw = _twelve_hour_times(raw)
    while i < len(raw):
        token = raw[i]
        if token.text == "(":
            close = next((j for j in range(i + 1, len(raw)) if raw[j].text == ")"), None)
            if close is not None:
                inner = raw[i + 1 : close]
                # "(1700-2000 GMT)": the same time in another zone
                zoned = len(inner) <= 6 and any(t.norm in ("gmt", "utc") for t in inner)
                if zoned or (
                    len(inner) <= 4 and not any(t.kind in ("number", "time") for t in inner)
                ):
                    i = close + 1
                    continue
        out.append(token)
        i += 1
    return out
