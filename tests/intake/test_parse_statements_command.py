"""manage.py parse_statements: the documented JSON out, without a database, and a readable
error for every kind of bad input (never a traceback)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ITEMISED = {
    "id": "a",
    "language": "ru",
    "source_kind": "ministry",
    "published_at": "2026-05-02T07:30:00+03:00",
    "text": "В течение прошедшей ночи дежурными средствами ПВО перехвачены и уничтожены 7 "
    "украинских беспилотных летательных аппаратов самолетного типа: 4 – над территорией "
    "Тульской области и 3 – над территорией Калужской области.",
}
NO_CLAIM = {
    "id": "b",
    "language": "en",
    "source_kind": "media",
    "published_at": "2026-05-02T09:00:00+03:00",
    "text": "Nothing in this sentence is a statement about air defence.",
}


def run(tmp_path, content):
    """The command in a fresh process whose database does not exist: it must not need one."""
    path = tmp_path / "in.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), "utf-8")
    env = {
        **os.environ,
        "DEBUG": "1",
        "SECRET_KEY": "test",
        "DATABASE_URL": f"sqlite:///{tmp_path}/absent/no.sqlite3",
    }
    return subprocess.run(
        [sys.executable, "manage.py", "parse_statements", str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_prints_the_documented_shape_keyed_by_id_without_a_database(tmp_path):
    result = run(tmp_path, [ITEMISED, NO_CLAIM])
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["a"] == {
        "date": "2026-05-02",
        "window_start": None,
        "window_end": None,
        "totals": [{"threat": "uav", "intercepted": 7, "state": "reported"}],
        "incidents": [
            {
                "region_iso": iso,
                "threat": "uav",
                "intercepted": n,
                "intercepted_state": "reported",
                "damage": [],
                "killed": None,
                "injured": None,
            }
            for iso, n in (("RU-TUL", 4), ("RU-KLU", 3))
        ],
        "unreadable": False,
        "unused": [],
    }
    assert out["b"]["unreadable"] is True
    assert out["b"]["unused"] == [NO_CLAIM["text"]]
    assert not (tmp_path / "absent").exists()


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ({**ITEMISED, "published_at": "yesterday"}, "published_at must be an ISO 8601"),
        ({**ITEMISED, "published_at": "2026-05-02T07:30:00"}, "needs a UTC offset"),
        ({**ITEMISED, "published_at": 20260502}, "published_at must be an ISO 8601"),
        ({**ITEMISED, "language": 7}, "language must be a language code, one of en, ru"),
        ({**ITEMISED, "language": "../ru"}, "language must be a language code"),
        ({**ITEMISED, "source_kind": ["ministry"]}, "source_kind must be one of"),
        ({**ITEMISED, "text": ["not", "text"]}, "text must be a string"),
        ({k: v for k, v in ITEMISED.items() if k != "text"}, "missing text"),
        ("a string", "must be an object"),
    ],
)
def test_a_bad_item_gets_its_own_error_and_the_others_still_parse(tmp_path, item, message):
    result = run(tmp_path, [item, NO_CLAIM])
    assert result.returncode == 0
    assert "Traceback" not in result.stderr
    out = json.loads(result.stdout)
    errors = [v["error"] for v in out.values() if "error" in v]
    assert len(errors) == 1 and message in errors[0], out
    assert message in result.stderr
    assert out["b"]["unreadable"] is True


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json at all", "is not JSON"),
        ('{"id": "a"}', "must hold a JSON list"),
        ("", "is not JSON"),
    ],
)
def test_a_bad_file_is_refused_with_a_message(tmp_path, content, message):
    result = run(tmp_path, content)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_the_same_id_twice_is_an_error_not_an_overwrite(tmp_path):
    result = run(tmp_path, [ITEMISED, {**NO_CLAIM, "id": "a"}])
    out = json.loads(result.stdout)
    assert out["a"]["totals"][0]["intercepted"] == 7
    assert "used twice" in result.stderr


def test_a_language_without_words_is_unreadable_and_a_kind_by_another_name_is_read(tmp_path):
    # The parser has Russian and English words: a Ukrainian post is said to be unreadable (the
    # whole text unused), never an error that loses the item. A source's kind does not change
    # the reading: its common names are the record's kinds, an unknown one is noted.
    ukrainian = {**ITEMISED, "id": "uk", "language": "uk", "text": "Над Брянщиною збито 5 БпЛА."}
    governor = {**ITEMISED, "id": "gov", "source_kind": "Governor", "language": "RU-ru"}
    oracle = {**ITEMISED, "id": "oracle", "source_kind": "oracle"}
    result = run(tmp_path, [ukrainian, governor, oracle, ITEMISED])
    assert result.returncode == 0 and "Traceback" not in result.stderr
    out = json.loads(result.stdout)
    assert out["uk"]["unreadable"] is True and out["uk"]["unused"] == [ukrainian["text"]]
    assert out["uk"]["totals"] == [] and out["uk"]["incidents"] == []
    assert out["gov"] == out["oracle"] == out["a"]
    assert "not 'uk'" in result.stderr and "'oracle' is none of" in result.stderr
    assert "governor" not in result.stderr.lower()
