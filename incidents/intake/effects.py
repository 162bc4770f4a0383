"""What a sentence says besides its claims: casualties ("пострадавших нет", "ранены двое"),
damage ("выбиты окна", "power cuts"), and whether the source corrects an earlier figure.
Functions of a claims.Sentence; the words are the language's data."""

from incidents.intake.proposal import Figure


def casualties(sentence):
    """What the sentence says of the killed and the injured."""
    found = sentence.reading.casualties
    norms = [t.norm for t in sentence.keep]
    for fields, slots in sentence.lexicon.no_casualties:
        if gapped(norms, slots, set()):
            for name in fields:
                found[name] = Figure.reported(0)
    counted_here, inclusive = set(), False
    hurt_words = set(getattr(sentence.data, "INJURED_INCLUDES_KILLED", ()))
    for segment in chunk_segments(sentence.chunks):
        for name in ("killed", "injured"):
            if name in found or not any(c.has(name) for c in segment):
                continue
            number = _people(segment)
            if number is not None:
                found[name] = Figure.reported(number)
                counted_here.add(name)
                if name == "injured" and "killed" not in counted_here:
                    words = {v for c in segment for v in c.kinds.get("injured", ())}
                    inclusive = bool(words & hurt_words)
    # "Пострадали три человека, один погиб": the hurt counted first include the dead.
    if inclusive and counted_here == {"killed", "injured"}:
        hurt, dead = found["injured"].number, found["killed"].number
        if dead <= hurt:
            found["injured"] = Figure.reported(hurt - dead)


def _people(segment):
    """How many people a casualty clause counts: "двое", "два человека", "a man"."""
    for k, c in enumerate(segment):
        after = segment[k + 1] if k + 1 < len(segment) else None
        then = segment[k + 2] if k + 2 < len(segment) else None
        counted = (
            after is None
            or after.has("person", "killed", "injured", "and", "punct", "including")
            or (after.has("word") and then is not None and then.has("killed", "injured"))
        )
        if c.has("number") and not c.has("threat") and counted:
            return c.value("number")
        if c.has("one") and after is not None and after.has("person"):
            return 1
        if c.has("person") and c.value("person") == 1:
            previous = segment[k - 1] if k else None
            if previous is None or not previous.has("number"):
                return 1
    return None


def damage(sentence):
    """The damage types the sentence names, each once."""
    taken = set()
    for c in sentence.chunks:
        if c.has("threat", "region", "region_part", "region_heads"):
            taken |= set(range(c.start, c.end))
    norms = [t.norm for t in sentence.keep]
    found = []
    for slug, slots in sorted(sentence.lexicon.gapped, key=lambda g: -len(g[1])):
        span = gapped(norms, slots, taken)
        if span:
            taken |= span
            found.append(slug)
    sentence.reading.damage = list(dict.fromkeys(found))


def revision(sentence):
    """Whether the source corrects itself, and the figures it corrects ("а не пять")."""
    r, cs = sentence.reading, sentence.chunks
    r.revision = sentence.has("revision")
    for i, c in enumerate(cs):
        if c.has("previous") and i + 1 < len(cs) and cs[i + 1].has("number"):
            r.revision = True
            threat = r.last_threat or sentence.context_threat
            if threat:
                r.previous.append((threat, cs[i + 1].value("number")))


def chunk_segments(chunks):
    out, current = [], []
    for c in chunks:
        if c.has("and"):
            out.append(current)
            current = []
        else:
            current.append(c)
    out.append(current)
    return out


GAP = 5


def gapped(norms, slots, taken):
    """Token indices of the phrase's words in order, at most GAP words apart, or None."""
    for i, word in enumerate(norms):
        if i in taken or word not in slots[0]:
            continue
        span, last = {i}, i
        for slot in slots[1:]:
            nxt = next(
                (
                    k
                    for k in range(last + 1, min(len(norms), last + GAP + 2))
                    if k not in taken and norms[k] in slot
                ),
                None,
            )
            if nxt is None:
                break
            span.add(nxt)
            last = nxt
        else:
            return span
    return None
