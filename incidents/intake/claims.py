"""One sentence read: its counts (number + threat), region lists, itemised lists, and the claims
they make; what it says of casualties and damage; when; whether it corrects an earlier figure.

The grammar is generic; the words are the language's data. A sentence the grammar cannot read
whole (a place the vocabulary does not know, a number with no region in an itemised list) is
reported as ambiguous and none of it is used.
"""

from dataclasses import replace

from incidents.intake import effects, when
from incidents.intake.chunks import chunk
from incidents.intake.languages import LANGUAGES
from incidents.intake.morphology import lexeme
from incidents.intake.proposal import (
    FIGURE_NOT_REPORTED,
    FIGURE_WITHHELD,
    NOT_REPORTED,
    Figure,
)
from incidents.intake.reading import Claim, Node, Reading, segments


class Sentence:
    def __init__(self, lexicon, text, start, end, tokens, context_threat, context_regions=()):
        self.lexicon, self.data = lexicon, LANGUAGES[lexicon.language]
        self.source, self.context_threat = text, context_threat
        self.context_regions = context_regions
        self.keep, self.chunks = chunk(lexicon, tokens)
        self.reading = Reading(text[start:end])
        self.sentence_start, self.sentence_end = start, end
        self.consumed = set()

    # text -------------------------------------------------------------------------------
    def quote(self, a, b):
        """The verbatim text of chunks a..b-1, without the separators around it."""
        while a < b and self.chunks[a].has("and", "incl", "dash", "punct"):
            a += 1
        while b > a and self.chunks[b - 1].has("and", "incl", "dash", "punct"):
            b -= 1
        if a >= b:
            return ""
        start = self.keep[self.chunks[a].start].start if a else None
        end = self.keep[self.chunks[b - 1].end - 1].end if b < len(self.chunks) else None
        if start is None and end is None:
            return self.reading.text  # the whole sentence, as written
        start = self.sentence_start if start is None else start
        end = self.sentence_end if end is None else end
        return self.source[start:end].strip()

    def has(self, *kinds):
        return any(c.has(*kinds) for c in self.chunks)

    # reading ----------------------------------------------------------------------------
    def read(self):
        r = self.reading
        r.clues, used = when.clues(self.chunks, self.keep)
        self.consumed |= used
        counts = self._counts()
        groups = self._region_groups() or self._referred_back()
        r.regions = [code for g in groups if g.kind == "rg" for code in g.value]
        unknown = self._unknown_place()
        ambiguous = [c for c in self.chunks if c.has("ambiguous") and not c.has("region")]
        nodes = sorted(counts + groups + self._bare_numbers(), key=lambda n: n.start)
        nodes = self._with_separators(nodes)
        if unknown:
            r.problem = f"names a place the vocabulary does not know: {unknown}"
            return r
        if ambiguous:
            c = ambiguous[0]
            words = " ".join(t.text for t in self.keep[c.start : c.end])
            r.problem = f"names a place that may be more than one region: {words}"
            return r
        intercepted, attack = self.has("intercepted"), self.has("attack")
        counted = any(n.kind == "ct" and n.value[2] for n in nodes)
        # "Над Курской областью – ещё два": a place and a figure joined by a dash
        elliptic = self.has("dash") and {"rg", "n"} <= {n.kind for n in nodes}
        # "Of these, 91 were over the Moscow region": the list of the sentence before
        listed = self.has("including") and {"rg", "n"} <= {n.kind for n in nodes}
        if intercepted or attack or counted or elliptic or listed:
            self._pair(nodes)
        if attack and not intercepted:
            for claim in r.claims:
                claim.figure = FIGURE_NOT_REPORTED
        if self.has("withheld"):
            for claim in r.claims:
                if claim.figure.state == NOT_REPORTED:
                    claim.figure = FIGURE_WITHHELD
        effects.casualties(self)
        effects.damage(self)
        effects.revision(self)
        return r

    def _counts(self):
        """Count nodes: value (threat, Figure, has_number, each)."""
        out, cs = [], self.chunks
        for j, c in enumerate(cs):
            if not c.has("threat") or j in self.consumed:
                continue
            slug, generic = c.value("threat")
            k = j - 1
            while k >= 0 and cs[k].has("modifier"):
                k -= 1
            start, figure, number, each = j, None, False, False
            end = j + 1
            while end < len(cs):
                # "ракеты комплекса HIMARS": a link word, then the name that makes it precise
                linked = generic and cs[end].has("link") and end + 1 < len(cs)
                if linked and cs[end + 1].has("threat"):
                    end += 1
                elif not cs[end].has("threat"):
                    break
                if generic:
                    slug, generic = cs[end].value("threat")
                end += 1
            # "a drone attack": the article is the attack's, not a count of one drone
            adjunct = end < len(cs) and cs[end].has("attack")
            if k >= 0 and cs[k].has("number") and k not in self.consumed:
                start, number = k, True
                figure = Figure.reported(cs[k].value("number"))
                if k > 0 and cs[k - 1].has("approx"):
                    start, figure = k - 1, FIGURE_NOT_REPORTED
            elif k >= 0 and cs[k].has("one") and not adjunct:
                start, figure, number = k, Figure.reported(1), True
            elif k >= 0 and cs[k].has("one", "uncounted"):
                start, figure = k, FIGURE_NOT_REPORTED
            if start > 0 and cs[start - 1].has("each"):
                start, each = start - 1, True
            if end < len(cs) and cs[end].has("each"):
                end, each = end + 1, True
            if any(x.has("debris") for x in cs[max(0, start - 4) : start]):
                figure, number = FIGURE_NOT_REPORTED, False  # "debris from a downed drone"
            if figure is None:
                one = c.singular and self.has("intercepted")
                figure, number = (Figure.reported(1), True) if one else (FIGURE_NOT_REPORTED, False)
            self.consumed |= set(range(start, end))
            mention = not number
            out.append(
                Node("ct", (slug, figure, number, each), start, end, mention, generic=generic)
            )
            self.reading.last_threat = slug
        # "атаки беспилотников ... уничтожены 3 БПЛА": the bare mention adds nothing; nor does
        # a mention naming no type beside a count ("a missile attack ... six ATACMS shot down").
        counted = {n.value[0] for n in out if n.value[2]}
        return [
            n for n in out if not (n.mention and (n.value[0] in counted or (counted and n.generic)))
        ]

    def _region_groups(self):
        """Region nodes: a run of names joined by "и"/"and" is one list ("в Брянской и
        Курской областях", "над Брянской областью и Республикой Крым")."""
        out, cs, i = [], self.chunks, 0
        while i < len(cs):
            if i in self.consumed or not cs[i].has("region", "region_part"):
                i += 1
                continue
            codes, pending, j, end = [], [], i, i
            while j < len(cs) and j not in self.consumed:
                c = cs[j]
                if c.has("region_part"):
                    pending.append(j)
                elif c.has("region"):
                    codes.append(c.value("region"))
                    end = j + 1
                elif c.has("region_heads") and pending:
                    keys = set(c.kinds["region_heads"])
                    for p in pending:
                        found = {code for code, key in cs[p].kinds["region_part"] if key in keys}
                        if len(found) == 1:
                            codes.append(found.pop())
                    pending, end = [], j + 1
                elif not c.has("and", "over", "area"):
                    break
                j += 1
            for p in pending:
                code = self._lone(p)
                if code:
                    codes.append(code)
                    end = max(end, p + 1)
            if codes and end > i:
                kind = "to" if self._toward(i) else "rg"
                out.append(Node(kind, list(dict.fromkeys(codes)), i, end))
                self.consumed |= set(range(i, end))
                i = end
            else:
                i += 1
        return out

    def _referred_back(self):
        """ "Над регионом", "over the region": the one region the last sentence naming places
        named, when there was exactly one."""
        if len(self.context_regions) != 1:
            return []
        for i, c in enumerate(self.chunks):
            if c.has("anaphor") and i not in self.consumed:
                return [Node("rg", list(self.context_regions), i, i + 1)]
        return []

    def _toward(self, i):
        """Whether the places at chunk i are where something was heading ("летевших на
        Москву", "en route to Moscow"): named, but not where the claim is."""
        return any(c.has("toward") for c in self.chunks[max(0, i - 2) : i])

    def _lone(self, p):
        """A region adjective standing alone ("над Курской – 3"): a region if it names one
        region only, is capitalised, and no lowercase noun follows it."""
        c = self.chunks[p]
        if c.has("region"):
            return c.value("region")
        if not self.data.LONE_ADJECTIVES:
            return None
        token = self.keep[c.start]
        following = self.chunks[p + 1] if p + 1 < len(self.chunks) else None
        if following and following.has("word") and not self.keep[following.start].capitalised:
            return None
        codes = {code for code, _ in c.kinds["region_part"]}
        return codes.pop() if token.capitalised and len(codes) == 1 else None

    def _unknown_place(self):
        """A capitalised word the vocabulary does not know where a place name stands: before
        a region noun ("Тмутараканской области"), after an area word or "над"/"over"."""
        heads = set()
        # "Грайворонский округ" is a municipal district, named in passing in a region's post;
        # only an autonomous okrug is a region, and its name says "автономный".
        for head in set(self.data.REGION_HEADS) - set(self.data.SUBREGION_HEADS):
            heads |= lexeme(head) if self.lexicon.language == "ru" else {head, head + "s"}
        cs = self.chunks
        not_places = set()
        for word in self.data.NOT_PLACES:
            not_places |= lexeme(word) if self.lexicon.language == "ru" else {word}
        for i, c in enumerate(cs):
            if not c.has("word") or not self.keep[c.start].capitalised:
                continue
            if c.value("word") in not_places:
                continue
            before = cs[i - 1] if i else None
            after = cs[i + 1] if i + 1 < len(cs) else None
            if after is not None and after.has("word") and after.value("word") in heads:
                return self.keep[c.start].text
            if before is not None and before.has("area"):
                return self.keep[c.start].text
            if before is not None and any(
                v in self.data.UNKNOWN_AFTER for v in before.kinds.get("over", ())
            ):
                return self.keep[c.start].text
        return ""

    def _bare_numbers(self):
        out = []
        for i, c in enumerate(self.chunks):
            if i in self.consumed or not c.has("number"):
                continue
            following = self.chunks[i + 1] if i + 1 < len(self.chunks) else None
            if following is not None and (following.has("month") or following.has("person")):
                continue
            each = i > 0 and self.chunks[i - 1].has("each") and i - 1 not in self.consumed
            out.append(Node("n", c.value("number"), i - 1 if each else i, i + 1, each=each))
        return out

    def _with_separators(self, nodes):
        taken = {i for n in nodes for i in range(n.start, n.end)}
        seps = [
            Node("incl" if c.has("incl", "including") else "and", None, i, i + 1)
            for i, c in enumerate(self.chunks)
            if i not in taken and c.has("and", "including")
        ]
        return sorted(nodes + seps, key=lambda n: n.start)

    # pairing counts with regions --------------------------------------------------------
    def _claim(self, region, threat, figure, kind, a, b):
        self.reading.claims.append(Claim(region, threat, figure, kind, self.quote(a, b)))

    def _pair(self, nodes):
        everything = (0, len(self.chunks))
        first_ct = next((k for k, n in enumerate(nodes) if n.kind == "ct"), None)
        opener = None
        if first_ct is not None:
            opener = next(
                (k for k in range(first_ct + 1, len(nodes)) if nodes[k].kind == "incl"), None
            )
        if opener is None:
            self._plain(nodes, everything)
            return
        head, tail = nodes[:opener], nodes[opener + 1 :]
        part = self._part_of(head, tail, nodes[opener])
        if part is not None:  # "37 drones, 22 of which were shot down": the 22 is the claim
            self._plain(part, everything)
            return
        self._plain(head, (0, nodes[opener].start))
        threats = list(dict.fromkeys(n.value[0] for n in head if n.kind == "ct"))
        for segment in segments(tail):
            self._item(segment, threats, kind="item")

    def _part_of(self, head, tail, opener):
        """The head with its one count's figure replaced by the part the list word speaks of
        ("выпустили 37 беспилотников, 22 из которых сбиты"; "37 drones, 22 of which were
        shot down"), when that part is a bare figure next to the list word, nothing else is
        listed, and what was done to it is an interception; else None."""
        phrase = self.chunks[opener.start].kinds.get("including", ())
        if not set(phrase) & set(self.data.PART_OF):
            return None
        listed = [n for n in tail if n.kind not in ("and", "incl")]
        if head and head[-1].kind == "n" and not listed:
            part, head = head[-1], head[:-1]
        elif [n.kind for n in listed] == ["n"]:
            part = listed[0]
        else:
            return None
        counts = [n for n in head if n.kind == "ct" and n.value[2]]
        if len(counts) != 1 or not any(c.has("intercepted") for c in self.chunks[opener.start :]):
            return None
        slug, _, number, each = counts[0].value
        ours = replace(counts[0], value=(slug, Figure.reported(part.value), number, each))
        return [ours if n is counts[0] else n for n in head]

    def _plain(self, nodes, span):
        """A sentence (or a list's head) with no itemised list."""
        groups = [n for n in nodes if n.kind == "rg"]
        counts = [n for n in nodes if n.kind == "ct"]
        if len({tuple(g.value) for g in groups}) == 1:
            groups = groups[:1]  # "Губернатор Белгородской области: над Белгородом сбиты ..."
            nodes = [n for n in nodes if n.kind != "rg" or n is groups[0]]
        if len(groups) > 1:
            threats = [self.context_threat] if self.context_threat else []
            for segment in segments(nodes):
                threats = self._item(segment, threats, kind="item") or threats
            return
        if not groups:
            for ct in counts:
                self._claim(None, ct.value[0], ct.value[1], "header", ct.start, ct.end)
            return
        codes = groups[0].value
        bare = [n for n in nodes if n.kind == "n"]
        elliptic = self.has("intercepted") or self.has("dash") or self.has("including")
        named = {c.value[0] for c in counts}
        uncounted = not any(c.value[2] for c in counts)
        if len(named) == 1 and uncounted and len(bare) == 1 and self.has("intercepted"):
            # "drones attacked the Kursk region; 8 were shot down": the threat, then its figure
            counts, self.context_threat = [], named.pop()
        if not counts and len(bare) == 1 and self.context_threat and elliptic:
            counts = [
                Node(
                    "ct",
                    (self.context_threat, Figure.reported(bare[0].value), True, bare[0].each),
                    bare[0].start,
                    bare[0].end,
                )
            ]
        for ct in counts:
            slug, figure, _, each = ct.value
            if each:
                for code in codes:
                    self._claim(code, slug, figure, "each", *span)
            elif len(codes) == 1:
                self._claim(codes[0], slug, figure, "region", *span)
            else:
                self._claim(None, slug, figure, "header", *span)
                for code in codes:
                    self._claim(code, slug, FIGURE_NOT_REPORTED, "flat", *span)

    def _item(self, segment, threats, kind):
        """One item of a list: a region list with at most one figure. Returns the threats
        it names, for the items after it."""
        groups = [n for n in segment if n.kind == "rg"]
        counts = [n for n in segment if n.kind == "ct"]
        bare = [n for n in segment if n.kind == "n"]
        if not (groups or counts or bare):
            return None
        if not groups and any(n.kind == "to" for n in segment):
            return None  # "в том числе 2 – летевших на Москву": where they were heading
        if groups and not (counts or bare) and not self.has("intercepted"):
            return None  # a place named in passing, not a claim
        a, b = segment[0].start, segment[-1].end
        if not groups and counts and not bare:
            for ct in counts:
                self._claim(None, ct.value[0], ct.value[1], "header", ct.start, ct.end)
            return [counts[-1].value[0]]
        if len(groups) != 1 or len(counts) + len(bare) > 1:
            self.reading.problem = "an item of the list does not pair one figure with one place"
            return None
        if counts:
            slug, figure, _, each = counts[0].value
        elif not bare and not threats:
            return None  # a place named before any threat: nothing claimed of it yet
        elif len(set(threats)) == 1:
            slug, each = threats[0], bool(bare) and bare[0].each
            figure = Figure.reported(bare[0].value) if bare else FIGURE_NOT_REPORTED
        else:
            self.reading.problem = "a figure in the list names no threat, and the sentence several"
            return None
        codes = groups[0].value
        if len(codes) == 1:
            self._claim(codes[0], slug, figure, kind, a, b)
        else:
            for code in codes:
                shared = figure if each else FIGURE_NOT_REPORTED
                self._claim(code, slug, shared, "each" if each else "flat", a, b)
        return [slug]
