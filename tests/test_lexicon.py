"""The word-frequency tables and their cache folder (archivist/recover/lexicon.py)."""

from __future__ import annotations

import bisect
import gzip
import json
from importlib import resources
from pathlib import Path

import pytest

from archivist.recover.lexicon import cache_dir, lexicon, load_lexicon, load_suffix_sorted


def _package_table(language: str) -> dict[str, int]:
    data = resources.files("spellchecker").joinpath("resources", f"{language}.json.gz").read_bytes()
    table: dict[str, int] = json.loads(gzip.decompress(data))
    return table


@pytest.mark.parametrize("language", ["fr", "de", "en"])
def test_cached_table_is_the_package_table(tmp_path: Path, language: str) -> None:
    first = load_lexicon(language, tmp_path)  # parses the package's JSON, writes the cache
    assert sorted(p.name.split(".")[1] for p in tmp_path.iterdir()) == ["words"]
    second = load_lexicon(language, tmp_path)  # reads the cache
    assert first == second == _package_table(language)
    assert first is not None and list(first) == list(_package_table(language))  # same order too


@pytest.mark.parametrize(
    "damage",
    [
        b"",  # a file cut short
        b"not a pickle",  # overwritten
        b"\x80\x05K\x01.",  # a pickle of something else (the int 1)
        b"cno_such_module\nthing\n.",  # a pickle of a class that is not there
    ],
)
def test_unreadable_cache_file_is_ignored(tmp_path: Path, damage: bytes) -> None:
    load_lexicon("fr", tmp_path)
    (cached,) = tmp_path.iterdir()
    cached.write_bytes(damage)
    assert load_lexicon("fr", tmp_path) == _package_table("fr")


def test_unwritable_folder_means_no_cache(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would be")
    assert load_lexicon("en", blocker / "cache") == _package_table("en")


@pytest.mark.parametrize(
    ("language", "ending"),
    [
        ("de", "behörde"),  # the compounds of a noun form one range of the backward-sorted words
        ("en", "board"),
        ("fr", "ment"),
    ],
)
def test_suffix_sorted_puts_a_words_endings_together(tmp_path: Path, language: str, ending: str) -> None:
    forms = load_suffix_sorted(language, tmp_path)
    assert forms == load_suffix_sorted(language, tmp_path)  # and read back from the cache
    key = ending[::-1]
    found = forms[bisect.bisect_left(forms, key) : bisect.bisect_left(forms, key + "\U0010ffff")]
    expected = sorted(w[::-1] for w in _package_table(language) if w.endswith(ending))
    assert found == expected and len(found) > 8


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"ARCHIVIST_CACHE_DIR": "/srv/cache"}, Path("/srv/cache")),
        ({"XDG_CACHE_HOME": "/home/x/.cache"}, Path("/home/x/.cache/archivist")),
        ({}, Path.home() / ".cache" / "archivist"),
    ],
)
def test_cache_folder(monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: Path) -> None:
    for name in ("ARCHIVIST_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert cache_dir() == expected


def test_unknown_language_has_no_table(tmp_path: Path) -> None:
    assert lexicon("xx") is None and load_lexicon("xx", tmp_path) is None
    assert load_suffix_sorted("xx", tmp_path) == [] and not list(tmp_path.iterdir())
