"""What a process keeps between requests (dashboard/freshness.py): its page cache, bounded in
bytes; values shared for one data version; values remembered for one data version."""

import pickle

import pytest

from dashboard import freshness
from dashboard.freshness import BoundedMemoryCache
from tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db


def _pickled(value):
    """The bytes LocMemCache keeps for `value`, which the bound counts."""
    return len(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))


def test_the_per_process_page_cache_holds_64_mb_by_default():
    limit = 64 * 2**20
    overhead = _pickled(b"x" * limit) - limit  # at this size: no pickle frame
    cache = BoundedMemoryCache("default-bound-test", {})
    cache.clear()
    cache.set("exactly-the-bound", b"x" * (limit - overhead))
    cache.set("a-byte-more", b"y" * (limit - overhead + 1))
    assert cache.get("a-byte-more") is None
    assert len(cache.get("exactly-the-bound")) == limit - overhead
    cache.clear()


def test_the_page_cache_bound_is_kept_to_the_byte():
    """Pages fill the bound exactly; a page set again counts once; a large page makes room by
    dropping the least recently used pages, only as many as it needs."""
    small = b"s" * 1000
    size = _pickled(small)
    cache = BoundedMemoryCache("byte-bound-test", {"OPTIONS": {"MAX_BYTES": 4 * size}})
    cache.clear()
    for n in range(4):
        cache.set(f"small-{n}", small)
    cache.set("small-3", small)  # again: still 4 pages' worth
    assert all(cache.get(f"small-{n}") == small for n in range(4))
    for n in range(4):  # the order of use: small-0 least recently used
        cache.get(f"small-{n}")
    double = b"d" * (2 * size - (size - len(small)))
    assert _pickled(double) == 2 * size
    cache.set("double", double)
    held = [key for key in ("small-0", "small-1", "small-2", "small-3", "double") if cache.get(key)]
    assert held == ["small-2", "small-3", "double"]
    cache.set("expired", small, timeout=0)  # the page cache's timeout is the caller's
    assert cache.get("expired") is None
    other = BoundedMemoryCache("another-process-cache", {"OPTIONS": {"MAX_BYTES": 4 * size}})
    assert other.get("double") is None  # each cache (by name) keeps its own pages
    cache.clear()


def test_a_shared_value_is_computed_once_per_data_version():
    computed = []

    def count():
        computed.append(1)
        return len(computed)

    assert [freshness.shared("count", ["a"], count) for _ in range(2)] == [1, 1]
    IncidentFactory()
    assert freshness.shared("count", ["a"], count) == 2


def test_a_remembered_value_is_computed_again_after_a_write_and_64_are_kept():
    computed = []

    def compute():
        computed.append(1)
        return len(computed)

    assert [freshness.remember("a", compute) for _ in range(2)] == [1, 1]
    IncidentFactory()
    assert freshness.remember("a", compute) == 2
    freshness.reset()
    for n in range(freshness.MEMO_SIZE):
        freshness.remember(f"value-{n}", compute)
    before = len(computed)
    freshness.remember("value-0", compute)
    assert len(computed) == before  # 64 kept
    freshness.remember("one-more", compute)  # the 65th: the memo starts again
    freshness.remember("value-0", compute)
    assert len(computed) == before + 2
