"""The report (text and HTML) and the read-only commands: status, report, runs, quarantine."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from archivist.cli import main
from archivist.config import MigrationConfig
from archivist.engines import open_engine
from archivist.model import ReadFailure
from archivist.pipeline import run_migration
from archivist.report import build_report, render_html, render_text, svg_bar_chart
from archivist.store import open_store
from archivist.store.articles import add_revision, get_article_by_legacy_id
from tests.store_fixtures import RAW_DE, RAW_FR, processed, record, toy_process

ITEMS = [
    record("fr-1", RAW_FR),
    record("de-1", RAW_DE),
    record("png", b"\x89PNG\r\n\x1a\n\x00\x00"),
    ReadFailure("dump.xml", "nitf", b"<nitf", "dump.xml: truncated XML"),
    record("fr-1", RAW_DE),  # a duplicate legacy id
]


@pytest.fixture
def filled(db_url: str) -> Iterator[str]:
    """A store after one run: 2 articles, 2 quarantined, 1 duplicate; one article edited."""
    config = MigrationConfig(db_url=db_url, batch_size=2)
    engine = open_store(db_url)
    with open_engine(config, toy_process) as map_batch:
        run_migration(engine, iter(ITEMS), config, map_batch, options={"paths": ["x"]})
    with engine.begin() as conn:
        stored = get_article_by_legacy_id(conn, "de-1")
        assert stored is not None
        edited = processed("de-1", RAW_DE).article
        add_revision(conn, stored.id, edited, kind="editor", author="urs", confidence=0.2)
    engine.dispose()
    yield db_url


def test_text_report_sections(filled: str) -> None:
    engine = open_store(filled)
    with engine.connect() as conn:
        report = build_report(conn, review_threshold=0.7)
    engine.dispose()
    text = render_text(report)
    lines = text.splitlines()
    assert "articles            2   (1 edited, 0 removed)" in lines
    assert "quarantined         2" in lines
    # both articles carry the fixture's one finding and one repair step
    assert re.search(r"Findings by kind.*\n  glued_words\s+2\n", text)
    assert re.search(r"Repairs by rule.*\n  split_glued_paragraphs\s+2\n", text)
    assert re.search(r"Quarantine by error\n  SourceError\s+1\n  UnreadableText\s+1\n", text)
    # the editor set 0.2 on de-1: it is the least confident
    least = lines[lines.index("The 2 least confident articles") + 1]
    assert least.startswith("  0.20  #") and "hardbrucke" in least
    assert lines[-1].endswith("quarantined 2 + skipped 1  balanced")


def test_html_report_is_self_contained_with_charts(filled: str) -> None:
    engine = open_store(filled)
    with engine.connect() as conn:
        html = render_html(build_report(conn))
    engine.dispose()
    assert html.count("<svg") == 3
    assert "<script" not in html and "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "Die Hardbrücke bleibt drei Wochen gesperrt" in html


@pytest.mark.parametrize(
    ("rows", "rects", "text"),
    [
        # one bar per row, the label escaped
        ([("<script>", 2), ("b", 1)], 2, "&lt;script&gt;"),
        # an empty chart says so
        ([], 0, "no data yet"),
        # zeros do not divide by zero
        ([("zero", 0)], 1, 'width="0"'),
    ],
)
def test_svg_bar_chart(rows: list[tuple[str, int]], rects: int, text: str) -> None:
    svg = svg_bar_chart(rows, "Title")
    assert svg.count("<rect") == rects and text in svg and "<script>" not in svg


def test_cli_status_report_runs_and_quarantine(filled: str, runner: CliRunner, tmp_path: Path) -> None:
    status = runner.invoke(main, ["status", "--db", filled])
    assert status.exit_code == 0, status.output
    assert status.output.splitlines()[:5] == [
        "articles            2  (1 edited, 0 removed)",
        "revisions           3",
        "to review           1  (least confident: under 0.70)",
        "quarantined         2",
        "runs                1",
    ]
    html_file = tmp_path / "report.html"
    report = runner.invoke(main, ["report", "--db", filled, "--html", str(html_file)])
    assert report.exit_code == 0, report.output
    assert report.output.startswith("archivist report\n")
    assert "<svg" in html_file.read_text(encoding="utf-8")
    runs = runner.invoke(main, ["runs", "--db", filled])
    assert runs.exit_code == 0 and "run 1  finished  read 5 = migrated 2" in runs.output
    listed = runner.invoke(main, ["quarantine", "list", "--db", filled])
    assert [line.split()[3] for line in listed.output.splitlines()] == ["png", "dump.xml"]
    shown = runner.invoke(main, ["quarantine", "show", "1", "--db", filled])
    assert "error      UnreadableText" in shown.output and "\\x89PNG" in shown.output
    missing = runner.invoke(main, ["quarantine", "show", "99", "--db", filled])
    assert missing.exit_code == 1 and "does not exist" in missing.output


@pytest.mark.parametrize("command", ["status", "report", "runs", "migrate", "demo", "quarantine"])
def test_every_command_has_help(runner: CliRunner, command: str) -> None:
    result = runner.invoke(main, [command, "--help"])
    assert result.exit_code == 0 and len(result.output.splitlines()) > 4
