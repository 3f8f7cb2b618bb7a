"""Malformed legacy URLs (an unclosed IPv6 bracket) are read as well as they can be,
never an untyped crash that costs the record."""

from __future__ import annotations

import pytest

from archivist.media import _candidates
from archivist.sources.warc import legacy_id_from_url
from archivist.store.paths import legacy_path
from archivist.urls import split_url


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("https://old.example/sport/derby-12.html?p=2", "/sport/derby-12.html"),  # a good URL, as urlsplit
        ("http://[old.example/sport/derby-12.html", "/sport/derby-12.html"),  # unclosed bracket
        ("http://old.example]/sport/", "/sport/"),  # stray closing bracket
    ],
)
def test_split_url_never_raises_and_keeps_the_path(url: str, path: str) -> None:
    assert split_url(url).path == path


@pytest.mark.parametrize(
    ("url", "old_path", "legacy_id", "first_candidate"),
    [
        ("http://[old.example/sport/d-12.html", "/sport/d-12.html", "d-12", "sport/d-12.html"),
        ("https://[::1/news/2016/page-5.htm", "/news/2016/page-5.htm", "page-5", "news/2016/page-5.htm"),
    ],
)
def test_a_malformed_url_still_gives_old_path_legacy_id_and_media_candidates(
    url: str, old_path: str, legacy_id: str, first_candidate: str
) -> None:
    assert legacy_path(url) == old_path
    assert legacy_id_from_url(url) == legacy_id
    assert str(_candidates(url)[0]) == first_candidate
