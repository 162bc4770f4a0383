"""Print the parser's proposal for each statement of a JSON file (docs/statement-parser.md).
Needs no database: the parser's data is part of the code."""

import json
import re
import sys
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError

from incidents.choices import SourceKind
from incidents.intake import ParseError, Proposal, parse
from incidents.intake.languages import LANGUAGES

KEYS = ("id", "text", "language", "published_at", "source_kind")
# What people call the kinds of source (the record's own names are accepted too). The kind does
# not change the reading, so an unknown one is noted and the statement read all the same.
SOURCE_KINDS = {
    "governor": SourceKind.REGIONAL_AUTHORITY,
    "regional": SourceKind.REGIONAL_AUTHORITY,
    "mayor": SourceKind.REGIONAL_AUTHORITY,
    "mod": SourceKind.MINISTRY,
    "defence_ministry": SourceKind.MINISTRY,
    "defense_ministry": SourceKind.MINISTRY,
    "army": SourceKind.MILITARY,
    "news": SourceKind.MEDIA,
    "agency": SourceKind.MEDIA,
    "news_agency": SourceKind.MEDIA,
    "telegram": SourceKind.SOCIAL_MEDIA,
}


class ItemError(ValueError):
    pass


def read_item(item):
    """The parse() arguments of one item, or ItemError saying what is wrong with it."""
    if not isinstance(item, dict):
        raise ItemError("must be an object with the keys " + ", ".join(KEYS))
    missing = [key for key in KEYS if key not in item]
    if missing:
        raise ItemError("missing " + ", ".join(missing))
    if not isinstance(item["text"], str):
        raise ItemError("text must be a string")
    # A language tag's primary part, in any case: "RU", "en-GB" and "ru_RU" are ru and en.
    language = item["language"]
    language = re.split(r"[-_]", language)[0].lower() if isinstance(language, str) else ""
    if not language.isascii() or not language.isalpha():
        raise ItemError(f"language must be a language code, one of {', '.join(sorted(LANGUAGES))}")
    kind = item["source_kind"]
    if not isinstance(kind, str):
        raise ItemError(f"source_kind must be one of {', '.join(SourceKind.values)}")
    kind = SOURCE_KINDS.get(kind.strip().lower(), kind.strip().lower())
    try:
        published = datetime.fromisoformat(item["published_at"])
    except (TypeError, ValueError):
        raise ItemError(
            "published_at must be an ISO 8601 date and time, e.g. 2026-05-02T07:30:00+03:00"
        ) from None
    if published.utcoffset() is None:
        raise ItemError("published_at needs a UTC offset, e.g. +03:00")
    return {"language": language, "published_at": published, "source_kind": kind}


def _notes(arguments):
    if arguments["language"] not in LANGUAGES:
        yield (
            f"the parser reads {', '.join(sorted(LANGUAGES))}, not {arguments['language']!r}: "
            "the statement is reported unreadable"
        )
    if arguments["source_kind"] not in SourceKind.values:
        yield (
            f"source_kind {arguments['source_kind']!r} is none of {', '.join(SourceKind.values)}"
            " (it does not change the reading)"
        )


class Command(BaseCommand):
    help = (
        "Read a JSON list of statements ({id, text, language, published_at, source_kind}) and "
        "print each one's proposal, keyed by id. Needs no database."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON file of statements, or - for standard input")

    def handle(self, *args, file, **options):
        items = self._load(file)
        out, failed = {}, 0
        for n, item in enumerate(items, start=1):
            key = str(item["id"]) if isinstance(item, dict) and "id" in item else f"#{n}"
            try:
                if key in out:
                    raise ItemError(f"the id {key!r} is used twice")
                arguments = read_item(item)
                for note in _notes(arguments):
                    self.stderr.write(f"statement {key}: {note}")
                if arguments["language"] not in LANGUAGES:
                    # A language it has no words for: it says it cannot read it, never guesses.
                    out[key] = Proposal.unread(item["text"]).as_json()
                    continue
                out[key] = parse(item["text"], **arguments).as_json()
            except (ItemError, ParseError) as error:
                failed += 1
                self.stderr.write(f"statement {key}: {error}")
                out.setdefault(key, {"error": str(error)})
        self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2))
        if failed:
            self.stderr.write(f"{failed} of {len(items)} statements could not be read.")

    def _load(self, file):
        try:
            if file == "-":
                data = json.load(sys.stdin)
            else:
                with open(file, encoding="utf-8") as handle:
                    data = json.load(handle)
        except OSError as error:
            raise CommandError(f"cannot read {file}: {error.strerror}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{file} is not UTF-8 text") from None
        except json.JSONDecodeError as error:
            raise CommandError(f"{file} is not JSON: {error}") from None
        if not isinstance(data, list):
            raise CommandError(f"{file} must hold a JSON list of statements")
        return data
