"""Media: images referenced by articles copied into the content-addressed store with
their size read; missing or unreadable ones reported per article (issue 4, item 6)."""

from __future__ import annotations

import io
import json
import struct
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from archivist.media import MediaStore, collect_media, image_info, media_sources, with_media
from archivist.model import Article, Block, LegacyRecord, Processed, Role
from archivist.recover import parse_record
from archivist.sources import read_paths


def png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80\x40\x20" * width for _ in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def jpeg(width: int, height: int) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    dqt = b"\xff\xdb" + struct.pack(">H", 67) + b"\x00" + bytes(range(1, 65))
    sof = (
        b"\xff\xc0" + struct.pack(">HBHHB", 17, 8, height, width, 3) + b"\x01\x22\x00\x02\x11\x01\x03\x11\x01"
    )
    return b"\xff\xd8" + app0 + dqt + sof + b"\xff\xd9"


def gif(width: int, height: int) -> bytes:
    return b"GIF89a" + struct.pack("<HH", width, height) + b"\x00\x00\x00" + b"\x3b"


def webp_vp8x(width: int, height: int) -> bytes:
    payload = b"\x00\x00\x00\x00" + (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    chunk = b"VP8X" + struct.pack("<I", len(payload)) + payload
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


def webp_vp8l(width: int, height: int) -> bytes:
    bits = (width - 1) | ((height - 1) << 14)
    payload = b"\x2f" + bits.to_bytes(4, "little") + b"\x00" * 4
    chunk = b"VP8L" + struct.pack("<I", len(payload)) + payload
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


def webp_vp8(width: int, height: int) -> bytes:
    frame = b"\x00\x00\x00" + b"\x9d\x01\x2a" + struct.pack("<HH", width, height) + b"\x00" * 10
    chunk = b"VP8 " + struct.pack("<I", len(frame)) + frame
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (png(4, 3), ("image/png", 4, 3)),
        (jpeg(640, 427), ("image/jpeg", 640, 427)),
        (gif(16, 9), ("image/gif", 16, 9)),
        (webp_vp8x(1200, 800), ("image/webp", 1200, 800)),  # extended
        (webp_vp8l(300, 200), ("image/webp", 300, 200)),  # lossless
        (webp_vp8(320, 240), ("image/webp", 320, 240)),  # lossy
        # not images: an HTML error page saved under .jpg, a truncated PNG, zero size
        (b"<html><body>404</body></html>", None),
        (png(4, 3)[:20], None),
        (gif(0, 5), None),
        (b"\xff\xd8\xff\xe0\x00", None),
    ],
)
def test_image_info(data: bytes, expected: tuple[str, int, int] | None) -> None:
    info = image_info(data)
    assert (None if info is None else (info.mime, info.width, info.height)) == expected


def test_store_is_content_addressed_and_deduplicated(tmp_path: Path) -> None:
    store = MediaStore(tmp_path)
    data = png(2, 2)
    info = image_info(data)
    assert info is not None
    first = store.put(data, info, "https://old.example/a.png")
    second = store.put(data, info, "https://old.example/copy-of-a.png")
    assert first == second
    assert first.path == f"media/{first.sha256[:2]}/{first.sha256[2:]}.png"
    assert (tmp_path / first.path).read_bytes() == data
    assert len(list((tmp_path / "media").rglob("*.png"))) == 1
    manifest = (tmp_path / "media" / "index.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["width"] for line in manifest] == [2]
    assert store.info(first.url) == first


def _figure(src: str, text: str = "Légende.", credit: str = "KEYSTONE") -> Block:
    return Block(Role.CAPTION, text, credit=credit, src=src)


def test_collect_media_copies_reports_and_keeps_captions(tmp_path: Path) -> None:
    export = tmp_path / "export"
    (export / "wp-content" / "uploads" / "2018" / "06").mkdir(parents=True)
    (export / "wp-content" / "uploads" / "2018" / "06" / "bruecke.jpg").write_bytes(jpeg(800, 533))
    (export / "wp-content" / "uploads" / "2018" / "06" / "broken.jpg").write_bytes(b"<html>not found</html>")
    media_folder = tmp_path / "bilder"
    media_folder.mkdir()
    (media_folder / "festplatz.png").write_bytes(png(5, 4))
    (export / "lokal.xml").write_text("<rss/>", encoding="utf-8")
    article = Article(
        "101",
        "Neue Brücke",
        blocks=(
            _figure(
                "https://www.lokalblatt.example/wp-content/uploads/2018/06/bruecke.jpg"
            ),  # uploads next to the WXR
            Block(Role.PARAGRAPH, "Text."),
            _figure("https://cdn.example/img/festplatz.png"),  # by file name in the media folder
            _figure("https://cdn.example/img/fehlt.jpg", "Fehlt.", "AFP"),  # nowhere
            _figure("https://www.lokalblatt.example/wp-content/uploads/2018/06/broken.jpg"),  # not an image
            _figure(
                "https://www.lokalblatt.example/wp-content/uploads/2018/06/bruecke.jpg"
            ),  # the same image again
        ),
    )
    sources = media_sources(str(export / "lokal.xml"), [media_folder])
    store = MediaStore(tmp_path / "site")
    result, steps, findings, stored = collect_media(article, store, sources)
    blocks = result.blocks
    assert blocks[0].src == stored[0].url and blocks[0].src.startswith("/media/")
    assert blocks[5].src == blocks[0].src  # deduplicated
    assert blocks[2].src == stored[1].url
    assert [(s.width, s.height) for s in stored] == [(800, 533), (5, 4), (800, 533)]
    assert len(list((tmp_path / "site" / "media").rglob("*.*g"))) == 2
    # missing and unreadable images are reported with their URL and keep everything else
    assert [(f.code, f.where) for f in findings] == [
        ("media_missing", "block:3"),
        ("media_unreadable", "block:4"),
    ]
    assert "https://cdn.example/img/fehlt.jpg" in findings[0].message
    assert "broken.jpg" in findings[1].message
    assert blocks[3] == article.blocks[3]
    assert (blocks[3].text, blocks[3].credit) == ("Fehlt.", "AFP")
    assert [s.rule for s in steps] == ["copy_media"] * 3
    assert steps[0].before == article.blocks[0].src and steps[0].after == blocks[0].src
    # the text and captions are untouched
    assert [b.text for b in blocks] == [b.text for b in article.blocks]
    assert [b.credit for b in blocks] == [b.credit for b in article.blocks]


def test_media_from_the_warc_itself(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    warc = tmp_path / "crawl.warc.gz"
    image = gif(12, 7)
    with warc.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for url, body, ctype in (
            ("https://old.example/article/1.html", b"<html><body><p>x</p></body></html>", "text/html"),
            ("https://old.example/img/carte.gif", image, "image/gif"),
        ):
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            # length given: warcio then needs no temporary file to measure the payload
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers
            )
            writer.write_record(record)
    article = Article(
        "1",
        "Carte",
        blocks=(_figure("https://old.example/img/carte.gif"), _figure("https://old.example/img/x.gif")),
    )
    sources = media_sources(str(warc))
    assert sources.warcs == (warc,)
    result, _steps, findings, stored = collect_media(article, MediaStore(tmp_path / "site"), sources)
    assert [(s.mime, s.width, s.height) for s in stored] == [("image/gif", 12, 7)]
    assert (tmp_path / "site" / stored[0].path).read_bytes() == image
    assert result.blocks[0].src == stored[0].url
    assert [f.code for f in findings] == ["media_missing"]
    assert str(warc) in findings[0].message


def test_already_stored_and_imageless_figures_are_left_alone(tmp_path: Path) -> None:
    article = Article("1", "T", blocks=(_figure("/media/ab/cd.png"), _figure(""), Block(Role.PARAGRAPH, "p")))
    result, steps, findings, stored = collect_media(article, MediaStore(tmp_path), media_sources(""))
    assert (result, steps, findings, stored) == (article, (), (), ())


def test_paths_never_leave_the_media_folder(tmp_path: Path) -> None:
    (tmp_path / "secret.png").write_bytes(png(1, 1))
    folder = tmp_path / "media"
    folder.mkdir()
    article = Article("1", "T", blocks=(_figure("https://x.example/../secret.png"),))
    _result, _steps, findings, stored = collect_media(
        article, MediaStore(tmp_path / "out"), media_sources("", [folder])
    )
    assert stored == () and [f.code for f in findings] == ["media_missing"]


def test_with_media_on_a_wxr_export_with_its_uploads(tmp_path: Path) -> None:
    # the WXR fixture, with an uploads folder beside it holding two of its four images
    export = tmp_path / "export"
    (export / "uploads" / "2018" / "06").mkdir(parents=True)
    fixture = Path(__file__).parent / "fixtures" / "wxr" / "lokal.xml"
    (export / "lokal.xml").write_bytes(fixture.read_bytes())
    (export / "uploads" / "2018" / "06" / "bruecke.jpg").write_bytes(jpeg(800, 533))
    (export / "uploads" / "2018" / "06" / "festplatz.png").write_bytes(png(3, 2))
    record = next(r for r in read_paths([export / "lokal.xml"]) if isinstance(r, LegacyRecord))
    processed = parse_record(record)
    result = with_media(processed, record.origin, MediaStore(tmp_path / "site"))
    assert isinstance(result, Processed)
    copied = [s.before.rsplit("/", 1)[-1] for s in result.steps if s.rule == "copy_media"]
    missing = [
        f.message.split()[1].rsplit("/", 1)[-1]
        for f in result.findings
        if f.code == "media_missing" and f.message.startswith("Image ")
    ]
    assert copied == ["bruecke.jpg", "festplatz.png"]
    assert sorted(missing) == ["band.gif", "titelbild.webp"]
    # the parser's own findings are kept, and every figure keeps its caption
    assert {f.code for f in processed.findings} <= {f.code for f in result.findings}
    assert [b.text for b in result.article.blocks] == [b.text for b in processed.article.blocks]


@settings(max_examples=300, deadline=None)
@given(
    st.binary(max_size=64),
    st.sampled_from([b"", b"\x89PNG\r\n\x1a\n", b"\xff\xd8", b"GIF89a", b"RIFF\x00\x00\x00\x00WEBPVP8"]),
)
def test_fuzz_image_headers(tail: bytes, magic: bytes) -> None:
    # any bytes: an image with a positive size, or None; never an exception
    info = image_info(magic + tail)
    assert info is None or (info.width > 0 and info.height > 0)


@pytest.mark.parametrize("dry_run", [False, True])
def test_migrate_with_the_media_processor(tmp_path: Path, dry_run: bool) -> None:
    from archivist.config import MigrationConfig
    from archivist.media import MediaProcessor, media_root
    from archivist.pipeline import migrate

    export = tmp_path / "export"
    (export / "wp-content" / "uploads" / "2018" / "06").mkdir(parents=True)
    fixture = Path(__file__).parent / "fixtures" / "wxr" / "lokal.xml"
    (export / "lokal.xml").write_bytes(fixture.read_bytes())
    (export / "wp-content" / "uploads" / "2018" / "06" / "bruecke.jpg").write_bytes(jpeg(800, 533))
    config = MigrationConfig(db_url=f"sqlite:///{tmp_path / 'site' / 'archive.db'}", dry_run=dry_run)
    (tmp_path / "site").mkdir()
    root = media_root(config.db_url)
    assert root == tmp_path / "site"
    summary = migrate([export], config, processor=MediaProcessor(str(root)))
    # the image beside the export is media, not a record to quarantine
    assert summary.quarantined == 0, summary.notes
    assert (summary.read, summary.created, summary.quarantined) == (
        2,
        2,
        0,
    )  # a dry run counts what it would do
    stored = list((root / "media").rglob("*.jpg")) if (root / "media").exists() else []
    assert len(stored) == (0 if dry_run else 1)


def test_migrate_cli_copies_images_and_the_site_serves_them(tmp_path: Path, runner: CliRunner) -> None:
    from starlette.testclient import TestClient

    from archivist.cli import main
    from archivist.config import MigrationConfig
    from archivist.site.app import create_app
    from archivist.store import open_store
    from archivist.store.articles import iter_articles

    export = tmp_path / "export"
    export.mkdir()
    photos = tmp_path / "photos" / "wp-content" / "uploads" / "2018" / "06"
    photos.mkdir(parents=True)
    fixture = Path(__file__).parent / "fixtures" / "wxr" / "lokal.xml"
    (export / "lokal.xml").write_bytes(fixture.read_bytes())
    (photos / "bruecke.jpg").write_bytes(jpeg(800, 533))
    (tmp_path / "site").mkdir()
    db_url = f"sqlite:///{tmp_path / 'site' / 'archive.db'}"

    media = str(tmp_path / "photos")
    result = runner.invoke(main, ["migrate", str(export), "--db", db_url, "--media", media])
    assert result.exit_code == 0, result.output

    with open_store(db_url).connect() as conn:
        figures = [b for a in iter_articles(conn) for b in a.article.blocks if b.src]
    stored = [b.src for b in figures if b.src.startswith("/media/")]
    assert stored, [b.src for b in figures]
    with TestClient(create_app(MigrationConfig(db_url=db_url))) as client:
        response = client.get(stored[0])
    assert response.status_code == 200
    assert response.content == jpeg(800, 533)
