"""Splitting legacy URLs that may be malformed, without raising."""

from __future__ import annotations

from urllib.parse import SplitResult, urlsplit


def split_url(url: str) -> SplitResult:
    """``urlsplit(url)``, but a URL the standard library refuses (an unclosed IPv6 bracket,
    a host invalid under NFKC) is split as well as it can be: brackets percent-encoded,
    else the whole text taken as the path. Legacy exports hold such URLs; one of them must
    not cost the record.

    >>> split_url("https://old.example/a/b.html?x=1").path
    '/a/b.html'
    >>> split_url("http://[broken/media/a.jpg").path
    '/media/a.jpg'
    """
    try:
        return urlsplit(url)
    except ValueError:
        pass
    try:
        return urlsplit(url.replace("[", "%5B").replace("]", "%5D"))
    except ValueError:
        return SplitResult("", "", url, "", "")
