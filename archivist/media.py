"""Images that articles reference, copied into the site's content-addressed media store.

Where an image is looked for (:func:`media_sources`, first found wins): the media
folders given by the user, an ``uploads`` / ``wp-content/uploads`` / ``media``
folder next to the export file, and, for a WARC, the crawl itself (its response
record for the image URL). A found image is stored once per content at
``<root>/media/ab/cdef….<ext>`` (sha256), its width and height read from the file
header (PNG, JPEG, GIF, WebP, parsed here: no imaging library needed for four
headers), and the article's figure points at the stored copy. An image that is
missing or unreadable is reported per article with its URL (``media_missing`` /
``media_unreadable`` findings), never dropped silently: the figure keeps its old
URL, caption and credit.

The pure part is :func:`image_info` (bytes -> type and size); the store and the
lookups do the file I/O.

>>> image_info(b"GIF89a" + bytes([3, 0, 2, 0]) + bytes(10))
ImageInfo(mime='image/gif', ext='gif', width=3, height=2)
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from archivist.config import MigrationConfig
from archivist.model import Article, Block, Finding, LegacyRecord, Processed, RepairStep, Role, Severity
from archivist.urls import split_url

MEDIA_DIR = "media"
MANIFEST = "index.jsonl"
# folders next to an export that hold its media (WordPress keeps wp-content/uploads)
SIBLING_FOLDERS = ("uploads", "wp-content/uploads", "media", "images")
MAX_MEDIA_BYTES = 50_000_000  # larger files are reported, not copied


@dataclass(frozen=True)
class ImageInfo:
    mime: str
    ext: str
    width: int
    height: int


@dataclass(frozen=True)
class StoredMedia:
    sha256: str
    path: str  # relative to the store root: "media/ab/cdef….jpg"
    mime: str
    width: int
    height: int
    size: int

    @property
    def url(self) -> str:
        return "/" + self.path


def _png(data: bytes) -> ImageInfo | None:
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR" or len(data) < 24:
        return None
    width, height = struct.unpack(">II", data[16:24])
    return ImageInfo("image/png", "png", width, height)


def _gif(data: bytes) -> ImageInfo | None:
    if data[:6] not in (b"GIF87a", b"GIF89a") or len(data) < 10:
        return None
    width, height = struct.unpack("<HH", data[6:10])
    return ImageInfo("image/gif", "gif", width, height)


# JPEG start-of-frame markers (they carry the size); C4, C8 and CC are not frames
_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def _jpeg(data: bytes) -> ImageInfo | None:
    if data[:2] != b"\xff\xd8":
        return None
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # markers without a length
            pos += 2
            continue
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        if marker in _SOF:
            if pos + 9 > len(data):
                return None
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            return ImageInfo("image/jpeg", "jpg", width, height)
        if length < 2:
            return None
        pos += 2 + length
    return None


def _webp(data: bytes) -> ImageInfo | None:
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP" or len(data) < 25:
        return None
    chunk = data[12:16]
    if chunk == b"VP8 " and data[23:26] == b"\x9d\x01\x2a" and len(data) >= 30:
        width, height = struct.unpack("<HH", data[26:30])
        return ImageInfo("image/webp", "webp", width & 0x3FFF, height & 0x3FFF)
    if chunk == b"VP8L" and data[20] == 0x2F:
        b0, b1, b2, b3 = data[21:25]
        width = 1 + (((b1 & 0x3F) << 8) | b0)
        height = 1 + (((b3 & 0x0F) << 10) | (b2 << 2) | ((b1 & 0xC0) >> 6))
        return ImageInfo("image/webp", "webp", width, height)
    if chunk == b"VP8X" and len(data) >= 30:
        width = 1 + int.from_bytes(data[24:27], "little")
        height = 1 + int.from_bytes(data[27:30], "little")
        return ImageInfo("image/webp", "webp", width, height)
    return None


# header parsers, tried in order
IMAGE_TYPES = (_png, _jpeg, _gif, _webp)


def image_info(data: bytes) -> ImageInfo | None:
    """Type and pixel size of an image from its first bytes; None if not one we read."""
    for parser in IMAGE_TYPES:
        try:
            found = parser(data)
        except (struct.error, IndexError):
            found = None
        if found is not None:
            return found if found.width > 0 and found.height > 0 else None
    return None


class MediaStore:
    """Files stored once per content under ``<root>/media/``, with a JSON Lines manifest."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.folder = self.root / MEDIA_DIR

    def put(self, data: bytes, info: ImageInfo, source_url: str = "") -> StoredMedia:
        digest = hashlib.sha256(data).hexdigest()
        relative = f"{MEDIA_DIR}/{digest[:2]}/{digest[2:]}.{info.ext}"
        stored = StoredMedia(digest, relative, info.mime, info.width, info.height, len(data))
        target = self.root / relative
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_suffix(f"{target.suffix}.{os.getpid()}.part")  # one per worker process
            partial.write_bytes(data)
            partial.replace(target)  # atomic: a crash never leaves half a file under the final name
            with (self.folder / MANIFEST).open("a", encoding="utf-8") as manifest:
                manifest.write(json.dumps({**stored.__dict__, "source_url": source_url}) + "\n")
        return stored

    def info(self, relative: str) -> StoredMedia | None:
        """What the manifest says about a stored file (width, height…)."""
        manifest = self.folder / MANIFEST
        if not manifest.exists():
            return None
        with manifest.open(encoding="utf-8") as handle:
            for line in handle:
                data = json.loads(line)
                if data["path"] == relative.lstrip("/"):
                    data.pop("source_url", None)
                    return StoredMedia(**data)
        return None


@dataclass(frozen=True)
class MediaSources:
    """Where to look for an article's images."""

    folders: tuple[Path, ...] = ()
    warcs: tuple[Path, ...] = ()

    def describe(self) -> str:
        places = [str(f) for f in self.folders] + [str(w) for w in self.warcs]
        return ", ".join(places) if places else "no media folder or WARC"


def media_sources(origin: str, folders: Sequence[str | Path] = ()) -> MediaSources:
    """The places to look for the images of records read from ``origin``."""
    found = [Path(f) for f in folders]
    origin_path = Path(origin) if origin else None
    warcs: list[Path] = []
    if origin_path is not None:
        for name in SIBLING_FOLDERS:
            candidate = origin_path.parent / name
            if candidate.is_dir() and candidate not in found:
                found.append(candidate)
        if origin_path.name.endswith((".warc", ".warc.gz", ".arc", ".arc.gz")) and origin_path.is_file():
            warcs.append(origin_path)
    return MediaSources(tuple(found), tuple(warcs))


def _candidates(src: str) -> list[PurePosixPath]:
    """Relative paths an image URL may have inside a media folder, most specific first."""
    path = PurePosixPath(unquote(split_url(src).path).lstrip("/"))
    parts = path.parts
    out = [path]
    if "uploads" in parts:  # https://host/wp-content/uploads/2018/06/a.jpg -> 2018/06/a.jpg
        out.append(PurePosixPath(*parts[parts.index("uploads") + 1 :]))
    out.extend(PurePosixPath(*parts[i:]) for i in range(1, len(parts)))
    return [p for p in dict.fromkeys(out) if p.parts and ".." not in p.parts]


def find_file(src: str, folders: Sequence[Path]) -> Path | None:
    for folder in folders:
        for candidate in _candidates(src):
            path = folder / candidate
            if path.is_file():
                return path
    return None


@lru_cache(maxsize=8)
def _warc_index(path: str, mtime: float) -> dict[str, int]:
    """URL -> offset of its response record (built once per WARC file version)."""
    from warcio.archiveiterator import ArchiveIterator

    index: dict[str, int] = {}
    with open(path, "rb") as stream:
        iterator = ArchiveIterator(stream)
        for record in iterator:
            if record.rec_type == "response":
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                index.setdefault(url, iterator.get_record_offset())
    return index


def read_from_warc(src: str, warc: Path) -> bytes | None:
    from warcio.archiveiterator import ArchiveIterator

    offset = _warc_index(str(warc), warc.stat().st_mtime).get(src)
    if offset is None:
        return None
    with warc.open("rb") as stream:
        stream.seek(offset)
        for record in ArchiveIterator(stream):
            data: bytes = record.content_stream().read(MAX_MEDIA_BYTES + 1)
            return data
    return None


def load(src: str, sources: MediaSources) -> tuple[bytes | None, str]:
    """The image's bytes and where they came from ('' when not found)."""
    found = find_file(src, sources.folders)
    if found is not None:
        if found.stat().st_size > MAX_MEDIA_BYTES:
            return None, f"{found} (larger than {MAX_MEDIA_BYTES} bytes)"
        return found.read_bytes(), str(found)
    for warc in sources.warcs:
        try:
            data = read_from_warc(src, warc)
        except Exception as exc:  # warcio raises plain exceptions on damaged archives
            return None, f"{warc} ({exc.__class__.__name__}: {exc})"
        if data is not None:
            return data, str(warc)
    return None, ""


def needs_copy(block: Block) -> bool:
    """A figure whose image is not in the media store yet."""
    return block.role is Role.CAPTION and bool(block.src) and not block.src.startswith(f"/{MEDIA_DIR}/")


def collect_media(
    article: Article, store: MediaStore | None, sources: MediaSources
) -> tuple[Article, tuple[RepairStep, ...], tuple[Finding, ...], tuple[StoredMedia, ...]]:
    """Copy every figure's image into ``store``; point the figure at the copy.

    Returns the article, a step per copied image, a finding per missing or
    unreadable one (with its URL) and what was stored. With ``store=None`` (a dry
    run) images are only looked for: the findings are the same, nothing is written.
    """
    blocks: list[Block] = []
    steps: list[RepairStep] = []
    findings: list[Finding] = []
    stored: list[StoredMedia] = []
    for index, block in enumerate(article.blocks):
        if not needs_copy(block):
            blocks.append(block)
            continue
        where = f"block:{index}"
        data, origin = load(block.src, sources)
        if data is None:
            detail = f" {origin}" if origin else f" Looked in: {sources.describe()}."
            findings.append(
                Finding("media_missing", Severity.WARNING, where, f"Image {block.src} was not found.{detail}")
            )
            blocks.append(block)
            continue
        info = image_info(data[:65536])
        if info is None:
            findings.append(
                Finding(
                    "media_unreadable",
                    Severity.WARNING,
                    where,
                    f"Image {block.src} from {origin} is not a PNG, JPEG, GIF or WebP image.",
                )
            )
            blocks.append(block)
            continue
        if store is None:
            blocks.append(block)
            continue
        media = store.put(data, info, block.src)
        stored.append(media)
        steps.append(
            RepairStep(
                "copy_media",
                where,
                block.src,
                media.url,
                f"image copied from {origin} ({info.width}×{info.height} {info.mime})",
            )
        )
        blocks.append(replace(block, src=media.url))
    return article.with_blocks(blocks), tuple(steps), tuple(findings), tuple(stored)


def with_media(
    processed: Processed, origin: str, store: MediaStore, folders: Sequence[str | Path] = ()
) -> Processed:
    """``processed`` with its images copied into ``store``: the one call a pipeline makes.

    ``origin`` is the record's file (``LegacyRecord.origin``): the folders next to it
    and, for a WARC, the crawl itself are searched besides ``folders``.
    """
    article, steps, findings, _stored = collect_media(
        processed.article, store, media_sources(origin, folders)
    )
    if not steps and not findings:
        return processed
    return replace(
        processed,
        article=article,
        steps=processed.steps + steps,
        findings=processed.findings + findings,
    )


def media_root(db_url: str) -> Path:
    """Where the site's media store lives: beside a SQLite file, else the working folder.

    >>> media_root("sqlite:////srv/archive/archive.db")
    PosixPath('/srv/archive')
    """
    if db_url.startswith("sqlite:///"):
        path = db_url.removeprefix("sqlite:///")
        if path and path != ":memory:":
            return Path(path).parent
    return Path.cwd()


@dataclass(frozen=True)
class MediaProcessor:
    """An engine processor (``(record, config) -> Processed``) that also copies images.

    Wraps the pipeline's processor: ``migrate(paths, config,
    processor=MediaProcessor(str(media_root(config.db_url)), ("media/",)))``. Plain
    data, so it pickles to worker processes. A dry run looks the images up and
    reports what is missing, but writes nothing.
    """

    root: str
    folders: tuple[str, ...] = ()

    def __call__(self, record: LegacyRecord, config: MigrationConfig) -> Processed:
        from archivist.engines import process

        processed = process(record, config)
        if not any(needs_copy(block) for block in processed.article.blocks):
            return processed  # most records: no figure to fetch, no file system look-ups
        store = None if config.dry_run else MediaStore(self.root)
        article, steps, findings, _ = collect_media(
            processed.article, store, media_sources(record.origin, self.folders)
        )
        if not steps and not findings:
            return processed
        return replace(
            processed, article=article, steps=processed.steps + steps, findings=processed.findings + findings
        )
