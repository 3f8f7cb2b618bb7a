"""The static export and the serve/build-site commands."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from lxml import html as lxml_html

from archivist.cli import main
from archivist.site.build import apache_maps, nginx_maps
from archivist.store import open_store
from tests.site_fixtures import DE, EN, FR, seed

EXPECTED_FILES = [
    "index.html",  # home
    "archive/index.html",  # date archive
    "archive/2016/12/index.html",  # one month
    "sections/suisse/index.html",  # one section
    "feed.xml",  # Atom for the site
    "feeds/sport.xml",  # Atom per section
    "sitemap.xml",  # sitemap index
    "sitemaps/2019-03.xml",  # a monthly sitemap
    "robots.txt",
    "404.html",
    "410.html",
    "static/site.css",
]


def test_build_site_writes_the_whole_archive(db_url: str, tmp_path: Path, runner: CliRunner) -> None:
    engine = open_store(db_url)
    seeded = seed(engine)
    engine.dispose()
    out = tmp_path / "out"
    result = runner.invoke(
        main, ["build-site", str(out), "--db", db_url, "--base-url", "https://news.example"]
    )
    assert result.exit_code == 0, result.output
    assert "Wrote 3 articles" in result.output
    for article in (FR, DE, EN):
        page = out / seeded.paths[article.legacy_id].lstrip("/") / "index.html"
        doc = lxml_html.fromstring(page.read_text(encoding="utf-8"))
        assert doc.xpath("//article//h1")[0].text_content() == article.title
        assert doc.xpath("//link[@rel='canonical']/@href") == [
            "https://news.example" + seeded.paths[article.legacy_id]
        ]
        assert doc.xpath("//form") == []  # no live form: reports need the running site
        assert doc.xpath("//script[@src]") == []
    french = lxml_html.fromstring(
        (out / seeded.paths["4711"].lstrip("/") / "index.html").read_text(encoding="utf-8")
    )
    assert french.xpath("//aside[@class='import-notice']//a/@href")[0].startswith(
        "mailto:corrections@example.org"
    )
    assert not (out / seeded.paths["9999"].lstrip("/")).exists()  # removed: not published
    for name in EXPECTED_FILES:
        assert (out / name).is_file(), name
    nginx = (out / "redirects.nginx.conf").read_text(encoding="utf-8")
    assert f'"/suisse/tram-cornavin-4711.html" "{seeded.paths["4711"]}";' in nginx
    assert f'"/sport/derby-8812.html?ref=home" "{seeded.paths["8812"]}";' in nginx
    assert '"/suisse/ancien-9999.html" 1;' in nginx
    assert f'"{seeded.paths["9999"]}" 1;' in nginx
    apache = (out / "redirects.apache.map").read_text(encoding="utf-8").splitlines()
    assert f"/world/glacier-melt-77 {seeded.paths['en-77']}" in apache
    assert "RewriteMap archivist_moved" in (out / "redirects.apache.conf").read_text(encoding="utf-8")
    assert "$archivist_redirect" in (out / "site.nginx.conf").read_text(encoding="utf-8")


def test_maps_quote_and_vary_trailing_slashes() -> None:
    rows = [('/a "b"', "/new-1", "published"), ("/c?id=2", "/new-2", "published"), ("/d", "/d", "removed")]
    nginx, moved, gone = nginx_maps(rows)
    assert '    "/a \\"b\\"" "/new-1";' in nginx and '    "/a \\"b\\"/" "/new-1";' in nginx
    assert '    "/c?id=2" "/new-2";' in nginx and '"/c?id=2/"' not in nginx
    assert (moved, gone) == (3, 2)
    redirects, gone_map = apache_maps(rows)
    assert redirects.splitlines() == ['/a%20"b" /new-1', '/a%20"b"/ /new-1', "/c?id=2 /new-2"]
    assert gone_map.splitlines() == ["/d 410", "/d/ 410"]


def test_serve_and_build_site_have_help(runner: CliRunner) -> None:
    for command in ("serve", "build-site"):
        result = runner.invoke(main, [command, "--help"])
        assert result.exit_code == 0
        assert "--db" in result.output


def test_archivist_serve_answers_over_real_http(sqlite_url: str) -> None:
    import socket
    import subprocess
    import sys
    import time

    import httpx

    engine = open_store(sqlite_url)
    seeded = seed(engine)
    engine.dispose()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    archivist = Path(sys.executable).parent / "archivist"
    server = subprocess.Popen(
        [str(archivist), "serve", "--db", sqlite_url, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/_ping").status_code == 200:
                    break
            except httpx.TransportError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        article = httpx.get(base + seeded.paths["4711"])
        assert article.status_code == 200 and FR.title in article.text
        assert httpx.head(base + seeded.paths["4711"]).status_code == 200
        moved = httpx.get(base + "/suisse/tram-cornavin-4711.html")
        assert (moved.status_code, moved.headers["location"]) == (301, seeded.paths["4711"])
        categories = httpx.get(base + "/api/report-categories?lang=de").json()
        assert categories[0] == {"key": "glued_words", "label": "Zusammengeklebte Wörter"}
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert f"Serving The Archive at http://127.0.0.1:{port}" in output
