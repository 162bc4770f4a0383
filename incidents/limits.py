"""The bounds of what the record stores, for everything that reads untrusted input (the
FilterSet, the importer, the admin's ids): one definition each, held to the database's own
column ranges by a test."""

import re

# An id typed or posted: ASCII digits that fit a 64-bit id column. str.isdigit() also passes
# "²", which int() refuses; 19 digits may overflow.
ID = re.compile(r"[0-9]{1,18}")
MAX_ID = 10**18 - 1
# The largest count an integer column holds, and compares against without an overflow error.
MAX_COUNT = 2_147_483_647
