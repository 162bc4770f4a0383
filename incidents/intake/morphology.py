"""Word forms generated from the dictionary form, so no case ending is ever typed by hand.

Russian: pymorphy3 with the OpenCorpora dictionary (pymorphy3-dicts-ru) gives every form of a
word. A name is declined by one generic rule: the words up to and including its first noun
decline and agree with that noun ("Брянская область" -> "Брянской областью"); words after it
stay as written ("Республика Крым" -> "Республикой Крым", "аппарат самолётного типа");
an appositive after a dash ("— Югра", "— Алания") may follow in any form or be left out.
Abbreviations and Latin words never decline. English needs only plurals, from the English data.
"""

from dataclasses import dataclass
from functools import cache, lru_cache

import pymorphy3

ADJECTIVES = {"ADJF", "PRTF"}


def norm(word):
    """How words are compared: lower case, ё read as е (statements write both)."""
    return word.lower().replace("ё", "е")


@lru_cache(maxsize=1)
def analyzer():
    return pymorphy3.MorphAnalyzer()


def invariant(word):
    """Abbreviations (БПЛА, ЛЭП) and Latin names (HIMARS) have one form."""
    letters = [ch for ch in word if ch.isalpha()]
    return any(ch.isascii() for ch in letters) or (len(letters) > 1 and word.isupper())


@dataclass(frozen=True)
class Slots:
    """A phrase as positions, each the set of forms its word may take in a sentence."""

    singular: tuple  # every case, singular (adjectives agreeing with the head)
    plural: tuple  # every case, plural
    head: int | None  # position of the head noun, None if nothing declines
    head_singular_direct: frozenset  # the head's singular nominative/accusative forms
    apposition: tuple = ()  # may follow after a dash, in any form, or be left out

    @property
    def any_number(self):
        return tuple(s | p for s, p in zip(self.singular, self.plural, strict=True))


def _parses(word):
    return analyzer().parse(norm(word))


def _noun(word):
    for parse in _parses(word):
        if parse.tag.POS == "NOUN" and parse.tag.case == "nomn":
            return parse
    return None


def _adjective(word):
    for parse in _parses(word):
        if parse.tag.POS in ADJECTIVES and parse.tag.case == "nomn":
            return parse
    return None


@cache
def lexeme(word):
    """Every form of a word given in its dictionary form (a verb's include its participles)."""
    if invariant(word):
        return frozenset({norm(word)})
    parses = _parses(word)
    # A participle used as a noun ("пострадавший") is its verb's form: take its whole lexeme.
    chosen = [p for p in parses if norm(p.normal_form) == norm(word)] or parses[:1]
    forms = {norm(word)}
    for parse in chosen:
        forms |= {norm(form.word) for form in parse.lexeme}
    return frozenset(forms)


def _forms(parse, number, gender=None):
    out = set()
    for form in parse.lexeme:
        tag = form.tag
        if tag.POS != parse.tag.POS or (number and tag.number != number):
            continue
        if gender and number == "sing" and tag.gender not in (gender, None):
            continue
        out.add(norm(form.word))
    return frozenset(out)


def _head(words):
    """The first noun; a word that can be an adjective before a later noun is an adjective
    ("мирный житель", though "Мирный" is also a town)."""
    for i, word in enumerate(words):
        if invariant(word):
            continue
        later_noun = any(not invariant(w) and _noun(w) for w in words[i + 1 :])
        if later_noun and _adjective(word) is not None:
            continue
        if _noun(word) is not None:
            return i
    return None


def _latin_compound(word):
    """'FPV-дрон': a Latin prefix before a Russian noun; the noun declines."""
    prefix, dash, rest = word.rpartition("-")
    if dash and invariant(prefix) and rest and not invariant(rest) and _noun(rest):
        return prefix
    return None


# Second halves of hyphenated nouns that never change ("дрон-камикадзе", "дронов-камикадзе").
FIXED_SUFFIXES = ("камикадзе",)


def _fixed_suffix(word):
    first, dash, suffix = word.rpartition("-")
    if dash and first and norm(suffix) in FIXED_SUFFIXES and _noun(first):
        return suffix
    return None


@cache
def decline(phrase):
    """The phrase's Slots. Raises ValueError if a word before the head is not an adjective,
    so data the rule cannot decline is found when the lexicon is built, not at run time."""
    main, _, apposition = phrase.partition(" — ")
    words = main.split()
    if len(words) == 1 and (prefix := _latin_compound(words[0])):
        rest = decline(words[0][len(prefix) + 1 :])
        glued = [frozenset(f"{norm(prefix)}-{form}" for form in slot) for slot in rest.singular]
        glued_pl = [frozenset(f"{norm(prefix)}-{form}" for form in slot) for slot in rest.plural]
        direct = frozenset(f"{norm(prefix)}-{form}" for form in rest.head_singular_direct)
        return Slots(tuple(glued), tuple(glued_pl), 0, direct)
    if len(words) == 1 and (suffix := _fixed_suffix(words[0])):
        # "дрон-камикадзе": the noun declines, in both numbers; its suffix never does
        rest = decline(words[0][: -len(suffix) - 1])
        tail = norm(suffix)
        glued = [frozenset(f"{form}-{tail}" for form in slot) for slot in rest.singular]
        glued_pl = [frozenset(f"{form}-{tail}" for form in slot) for slot in rest.plural]
        direct = frozenset(f"{form}-{tail}" for form in rest.head_singular_direct)
        return Slots(tuple(glued), tuple(glued_pl), 0, direct)
    head = _head(words)
    if head is not None and any(invariant(w) for w in words[:head]):
        head = None
    if head is None:
        fixed = tuple(frozenset({norm(w)}) for w in words)
        return Slots(fixed, fixed, None, frozenset(), tuple(lexeme(w) for w in apposition.split()))
    noun = _noun(words[head])
    gender = noun.tag.gender
    singular, plural = [], []
    for word in words[:head]:
        adjective = _adjective(word)
        if adjective is None:
            raise ValueError(f"{phrase!r}: {word!r} before the noun is not an adjective")
        singular.append(_forms(adjective, "sing", gender))
        plural.append(_forms(adjective, "plur"))
    singular.append(_forms(noun, "sing") or frozenset({norm(words[head])}))
    plural.append(_forms(noun, "plur") or singular[-1])
    for word in words[head + 1 :]:
        singular.append(frozenset({norm(word)}))
        plural.append(frozenset({norm(word)}))
    direct = frozenset(
        norm(form.word)
        for form in noun.lexeme
        if form.tag.number == "sing" and form.tag.case in ("nomn", "accs")
    )
    tail = tuple(lexeme(w) for w in apposition.split())
    return Slots(tuple(singular), tuple(plural), head, direct, tail)
