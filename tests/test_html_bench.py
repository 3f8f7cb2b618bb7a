"""The legacy-site benchmark on a small site: the learned template recovers the gold.

Quality only (no timing assertions); `make bench` runs it at 2,000 pages and measures
speed side by side with trafilatura.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archivist.model import LegacyRecord, ReadFailure
from archivist.sources import read_paths
from bench import html_bench, legacy_site

pytestmark = pytest.mark.skipif(not legacy_site.load_gold(), reason="the gold corpus is not there yet")


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    return html_bench.run(pages=80, sample=20, out=tmp_path_factory.mktemp("bench"))


def test_learned_template_recovers_every_field(result: dict[str, object]) -> None:
    assert result["template_misses"] == 0
    for field in ("kicker_exact", "title_exact", "lead_exact"):
        assert result[field] == 1.0, field
    assert float(result["body_f1"]) >= html_bench.TARGETS["body_f1"]  # type: ignore[arg-type]


def test_results_are_written(result: dict[str, object], tmp_path: Path) -> None:
    assert result["pages"] == 80
    assert set(result) >= {"archivist_pages_per_second", "trafilatura_pages_per_second", "speedup"}
    assert json.loads(json.dumps(result)) == result


def test_generated_site_is_read_back_as_pages_and_a_crawl(tmp_path: Path) -> None:
    written = legacy_site.write_site(tmp_path, 12, warc=True)
    pages = [i for i in read_paths([tmp_path]) if isinstance(i, LegacyRecord)]
    assert written == 12
    assert not [i for i in read_paths([tmp_path]) if isinstance(i, ReadFailure) and i.format != "unknown"]
    from_files = {p.legacy_id for p in pages if p.origin.endswith(".html")}
    from_crawl = {p.legacy_id for p in pages if p.origin.endswith(".warc.gz")}
    assert from_files == from_crawl == {str(100000 + n) for n in range(12)}
