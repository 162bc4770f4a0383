"""The record's vocabularies as plain data, free of Django: regions, threat types, damage types,
with the words statements use for them in Russian and English.

The seed migration made the database rows; these modules hold the same slugs (a test compares
them with a migrated database) plus the words, so the statement parser, search aliases (issue 24)
and translations (issue 23) read one list. Every phrase is written once, in the nominative
singular; the parser generates the other forms.
"""
