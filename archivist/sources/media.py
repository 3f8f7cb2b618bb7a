"""Media files found among the exports (``uploads/``, ``images/`` next to a WXR…).

They are not legacy records: images are copied into the media store by
:mod:`archivist.media` when an article references them. This format claims them
so that ``archivist migrate export/`` does not quarantine every image as "no reader
recognises this file", and yields nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from archivist.media import image_info
from archivist.sources import Item, SourceFormat, register

NAME = "media"
# file types that are media, never articles (compared in lower case, after a .gz)
MEDIA_SUFFIXES = (
    ".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".bmp", ".tif", ".tiff", ".ico",
    ".mp4", ".m4v", ".webm", ".mov", ".mp3", ".m4a", ".ogg", ".wav", ".pdf",
)  # fmt: skip


def sniff(name: str, head: bytes) -> bool:
    lower = name.lower().removesuffix(".gz")
    return lower.endswith(MEDIA_SUFFIXES) or image_info(head) is not None


def read(stream: BinaryIO, origin: str) -> Iterator[Item]:
    return iter(())


register(SourceFormat(NAME, sniff, read, priority=90))
