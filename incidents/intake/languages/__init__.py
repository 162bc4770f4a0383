"""The words of each language the parser reads, as data; one module per language.

Every module defines the same names (see ru.py for what each means). Words are written in their
dictionary form; the lexicon generates the rest (Russian through pymorphy3, English plurals by
rule). Adding a language is adding a module here and naming it in LANGUAGES.
"""

from incidents.intake.languages import en, ru

LANGUAGES = {"ru": ru, "en": en}
