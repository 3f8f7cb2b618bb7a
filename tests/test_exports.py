"""`archivist export`: ninjs 3.0 (valid against the schema), NITF, WXR, Markdown and
redirect maps, streamed from a real store (SQLite and PostgreSQL) (issue 4, item 5)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from sqlalchemy import select

from archivist.cli import main
from archivist.config import MigrationConfig
from archivist.exports.markdown import article_filename, body_markdown, to_markdown
from archivist.exports.ninjs import to_ninjs
from archivist.exports.nitf import to_nitf
from archivist.exports.redirects import csv_lines, nginx_map, request_uri
from archivist.exports.wxr import ExportItem, wxr_chunks
from archivist.model import Article, Block, LegacyRecord, Mark, Role
from archivist.pipeline import migrate
from archivist.recover import parse_record
from archivist.sources import read_paths
from archivist.sources.wxr import read as read_wxr
from archivist.store import open_store
from archivist.store.tables import articles as articles_table
from archivist.store.tables import legacy_urls

FIXTURES = Path(__file__).parent / "fixtures"
FORMAT_DIRS = [FIXTURES / n for n in ("swissdox", "wxr", "nitf", "ninjs", "jsonl")]
DTD_PATH = Path(__file__).resolve().parent.parent.parent / "shared" / "standards" / "nitf-2-5.dtd"


def _fixture_articles() -> list[Article]:
    found = []
    for record in read_paths(FORMAT_DIRS):
        if isinstance(record, LegacyRecord) and record.legacy_id != "9004":
            found.append(parse_record(record).article)
    return found


def test_ninjs_of_every_format_is_valid(ninjs_schema: dict[str, object]) -> None:
    validator = jsonschema.validators.validator_for(ninjs_schema)(ninjs_schema)  # draft 2020-12
    # the validator does bite: a wrong shape and an unknown property are errors
    assert list(validator.iter_errors({"uri": "u", "headlines": "Titre"}))
    assert list(validator.iter_errors({"uri": "u", "kicker": "x"}))
    checked = 0
    for article in _fixture_articles():
        errors = sorted(validator.iter_errors(to_ninjs(article, uri="https://new.example/a")), key=str)
        assert not errors, (article.legacy_id, [e.message for e in errors])
        checked += 1
    assert checked >= 15


def _front_matter(text: str) -> tuple[dict[str, object], str]:
    assert text.startswith("---\n")
    head, body = text[4:].split("\n---\n", 1)
    data = {}
    for line in head.splitlines():
        key, value = line.split(": ", 1)
        data[key] = json.loads(value)  # every value is a JSON (= YAML double-quoted) scalar or list
    return data, body.strip("\n")


def test_markdown_front_matter() -> None:
    article = Article(
        "sdx-1",
        'Le "régime": avance',
        language="fr",
        kicker="Syrie - Alep",
        lead="Plus de 70 %.",
        byline="Claire Dubois",
        published=datetime(2016, 12, 6, 14, 32, tzinfo=UTC),
        section="Monde",
        tags=("Syrie",),
    )
    data, _body = _front_matter(
        to_markdown(article, path="/monde/2016/12/x-1", aliases=["/old/1.html", "/o?id=1"])
    )
    assert data == {
        "title": 'Le "régime": avance',
        "kicker": "Syrie - Alep",
        "lead": "Plus de 70 %.",
        "date": "2016-12-06T14:32:00+00:00",
        "byline": "Claire Dubois",
        "section": "Monde",
        "tags": ["Syrie"],
        "language": "fr",
        "legacy_id": "sdx-1",
        "url": "/monde/2016/12/x-1",
        "aliases": ["/old/1.html", "/o?id=1"],
    }


@pytest.mark.parametrize(
    ("block", "markdown"),
    [
        # links and emphasis
        (
            Block(Role.PARAGRAPH, "Voir le site officiel.", (Mark(8, 12, "a", "https://x.ch/a b"),)),
            "Voir le [site](https://x.ch/a%20b) officiel.",
        ),
        (Block(Role.PARAGRAPH, "très fort", (Mark(0, 9, "strong"), Mark(5, 9, "em"))), "**très *fort***"),
        # markup characters in text are escaped, a leading "1." or "-" too
        (Block(Role.PARAGRAPH, "a*b_c [d] <e>"), r"a\*b\_c \[d\] \<e\>"),
        (Block(Role.PARAGRAPH, "1. Liga: Sieg"), r"1\. Liga: Sieg"),
        (Block(Role.SUBHEAD, "Pris au piège"), "## Pris au piège"),
        (Block(Role.QUOTE, "«Non.»", credit="Marie"), "> «Non.»\n>\n> — Marie"),
        (
            Block(Role.CAPTION, "Le port.", credit="AFP", src="/m/p.jpg", alt="Port"),
            "![Port](/m/p.jpg)\n*Le port.* AFP",
        ),
        (Block(Role.LIST, "", items=("un", "- deux")), "- un\n- \\- deux"),
        (Block(Role.FACTBOX, "Les faits", items=("a",)), "### Les faits\n\n- a"),
    ],
)
def test_markdown_blocks(block: Block, markdown: str) -> None:
    assert body_markdown(Article("1", "T", blocks=(block,))) == markdown


@pytest.mark.parametrize(
    ("path", "legacy_id", "expected"),
    [
        ("/monde/2016/12/syrie-4711", "4711", "monde/2016/12/syrie-4711.md"),
        ("/../../etc/passwd", "x", "etc/passwd.md"),  # never outside the export folder
        ("", "a/b c", "a-b-c.md"),
    ],
)
def test_article_filename(path: str, legacy_id: str, expected: str) -> None:
    assert article_filename(path, legacy_id) == expected


def test_nginx_map_quotes_and_encodes() -> None:
    lines = "".join(nginx_map([('/a"b', "/new/1"), ("/ü?x=1", "/new/2"), ("/x\\y", "/new/3")]))
    assert '"/a%22b" "/new/1";' in lines  # as the browser sends it
    assert '"/a%22b/" "/new/1";' in lines
    assert '"/x%5Cy" "/new/3";' in lines  # a backslash, percent-encoded as browsers do
    assert '"/%C3%BC?x=1" "/new/2";' in lines  # a query: no trailing-slash variant
    assert "/%C3%BC?x=1/" not in lines
    assert request_uri("/société") == "/soci%C3%A9t%C3%A9"


def test_redirect_csv() -> None:
    rows = list(csv.reader(io.StringIO("".join(csv_lines([("/a,b", "https://o.ch/a,b", "/n")])))))
    assert rows == [["old_path", "old_url", "new_path", "status"], ["/a,b", "https://o.ch/a,b", "/n", "301"]]


@pytest.fixture
def migrated(db_url: str) -> str:
    summary = migrate(FORMAT_DIRS, MigrationConfig(db_url=db_url))
    assert summary.created >= 15 and summary.balanced
    return db_url


def _run(runner: CliRunner, fmt: str, out: Path, db_url: str) -> str:
    result = runner.invoke(
        main, ["export", "--format", fmt, str(out), "--db", db_url, "--base-url", "https://new.example"]
    )
    assert result.exit_code == 0, result.output
    return result.output


def _store_rows(db_url: str) -> tuple[dict[str, str], dict[str, str]]:
    """legacy id -> new path, and old path -> new path, as the store holds them."""
    engine = open_store(db_url)
    try:
        with engine.connect() as conn:
            paths = {r.legacy_id: r.path for r in conn.execute(articles_table.select())}
            joined = legacy_urls.join(articles_table, articles_table.c.id == legacy_urls.c.article_id)
            query = select(legacy_urls.c.path, articles_table.c.path.label("new")).select_from(joined)
            redirects = {r.path: r.new for r in conn.execute(query)}
    finally:
        engine.dispose()
    return paths, redirects


@pytest.mark.postgres
def test_export_every_format_from_the_store(
    migrated: str, runner: CliRunner, tmp_path: Path, ninjs_schema: dict[str, object]
) -> None:
    paths, redirects = _store_rows(migrated)
    count = len(paths)

    # ninjs: one valid object per article, the uri on the new site
    out = _run(runner, "ninjs", tmp_path / "all.jsonl", migrated)
    assert out.strip() == f"Exported {count} articles as ninjs to {tmp_path / 'all.jsonl'}"
    validator = jsonschema.validators.validator_for(ninjs_schema)(ninjs_schema)
    items = [json.loads(line) for line in (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(i["uri"] for i in items) == sorted("https://new.example" + p for p in paths.values())
    for item in items:
        assert not list(validator.iter_errors(item)), item["uri"]

    # NITF: a document per article at its new path, valid against the DTD
    _run(runner, "nitf", tmp_path / "nitf", migrated)
    files = sorted((tmp_path / "nitf").rglob("*.xml"))
    assert sorted(str(f.relative_to(tmp_path / "nitf")) for f in files) == sorted(
        p.strip("/") + ".xml" for p in paths.values()
    )
    if DTD_PATH.exists():
        dtd = etree.DTD(str(DTD_PATH))
        for file in files:
            assert dtd.validate(etree.parse(str(file))), file

    # WXR: one file the WXR reader (and so the WordPress Importer's shapes) reads back whole
    _run(runner, "wxr", tmp_path / "all.wxr.xml", migrated)
    with (tmp_path / "all.wxr.xml").open("rb") as stream:
        back = [parse_record(r).article for r in read_wxr(stream, "all.wxr.xml")]
    assert sorted(a.legacy_id for a in back) == sorted(paths)

    # Markdown: a file per article, aliases = its old URL paths
    _run(runner, "markdown", tmp_path / "md", migrated)
    md_files = sorted((tmp_path / "md").rglob("*.md"))
    assert len(md_files) == count
    aliases = {}
    for file in md_files:
        data, _ = _front_matter(file.read_text(encoding="utf-8"))
        for alias in data.get("aliases", []):
            aliases[alias] = data["url"]
    assert aliases == redirects

    # redirect maps: every old path to the new one
    out = _run(runner, "redirects-csv", tmp_path / "r.csv", migrated)
    assert f"Exported {len(redirects)} redirects" in out
    with (tmp_path / "r.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["old_path"]: r["new_path"] for r in rows} == redirects
    _run(runner, "redirects-nginx", tmp_path / "r.map", migrated)
    text = (tmp_path / "r.map").read_text(encoding="utf-8")
    for old, new in redirects.items():
        assert f'"{request_uri(old)}" "{new}";' in text


def test_unknown_export_format_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["export", "--format", "pdf", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.output


TEXT = st.text(alphabet=st.sampled_from(list("ab <>&\"'é]]>\u00a0\n*_[#-1.")), max_size=30)


@st.composite
def blocks(draw: st.DrawFn) -> Block:
    role = draw(st.sampled_from(list(Role)))
    text = draw(TEXT)
    marks = draw(
        st.lists(
            st.builds(
                Mark,
                st.integers(-2, len(text) + 2),
                st.integers(-2, len(text) + 2),
                st.sampled_from(["a", "em", "strong", "u"]),
                st.sampled_from(["", "https://x.example/a b", "javascript:alert(1)"]),
            ),
            max_size=4,
        )
    )
    return Block(
        role, text, tuple(marks), tuple(draw(st.lists(TEXT, max_size=3))), draw(TEXT), draw(TEXT), draw(TEXT)
    )


ARTICLES = st.builds(
    Article,
    legacy_id=TEXT,
    title=TEXT,
    language=st.sampled_from(["fr", "de", "und"]),
    kicker=TEXT,
    lead=TEXT,
    byline=TEXT,
    section=TEXT,
    url=TEXT,
    blocks=st.lists(blocks(), max_size=5).map(tuple),
    tags=st.lists(TEXT, max_size=3).map(tuple),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ARTICLES)
def test_fuzz_every_export_takes_any_article(article: Article) -> None:
    # crossing, empty and out-of-range marks, markup characters, "]]>": never a crash or bad XML
    nitf = etree.fromstring(to_nitf(article))
    if DTD_PATH.exists():
        dtd = etree.DTD(str(DTD_PATH))
        assert dtd.validate(nitf), dtd.error_log.filter_from_errors()
    wxr = "".join(
        wxr_chunks([ExportItem(article, "/a/b")], site_url="https://n.example", authors=[article.byline])
    )
    etree.fromstring(wxr.encode("utf-8"))
    data, _body = _front_matter(to_markdown(article, path="/a/b", aliases=[article.url]))
    assert data.get("title", "") == article.title
