"""A legacy export with a share of corrupt records, and the outcome each record must get.

Good records are :mod:`bench.synth` articles in flattened-text dumps, Swissdox TSV
and NITF feeds. About ``rate`` of the records are bad, one kind after the other
(:data:`KINDS`): truncated XML, binary garbage, a single 50 MB record, a wrong
encoding, a duplicate legacy id with different content, an empty file. The
:class:`Expected` list says what the migration must do with every record (stored,
quarantined, skipped as a duplicate), so a test or a benchmark can check the run's
reconciliation exactly.

    python -m bench.corrupt 2000 /tmp/corrupt
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.synth import (
    SWISSDOX_HEADER,
    Synth,
    make_article,
    nitf_document,
    render_text,
    swissdox_row,
)

KINDS = ("truncated_xml", "binary", "huge", "encoding", "duplicate", "empty")
HUGE_BYTES = 50 * 1024 * 1024  # "50 MB single records" (issue 7)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"


@dataclass(frozen=True)
class Expected:
    """One record of the corrupt export and the outcome the migration must give it."""

    file: str  # file name (under the export folder)
    outcome: str  # "stored" | "quarantined" | "skipped"
    kind: str  # "good" or one of KINDS
    legacy_id: str = ""  # for stored and skipped records


def _text_member(a: Synth, rng: random.Random) -> str:
    return f"=====\nid: {a.legacy_id}\nurl: {a.url}\ndate: {a.date}\n{render_text(a, rng)}\n"


def write_corrupt_export(
    out: Path, n: int, *, rate: float = 0.05, seed: int = 0, huge_bytes: int = HUGE_BYTES
) -> list[Expected]:
    """Write ``n`` records (``rate`` of them bad) under ``out``; returns what each must become."""
    out.mkdir(parents=True, exist_ok=True)
    bad = max(len(KINDS), round(n * rate))
    good = n - bad
    rng = random.Random(seed)
    articles = [make_article(i, seed) for i in range(good)]
    expected: list[Expected] = []
    text = [a for i, a in enumerate(articles) if i % 10 < 5]
    tsv = [a for i, a in enumerate(articles) if 5 <= i % 10 < 8]
    nitf = [a for i, a in enumerate(articles) if i % 10 >= 8]
    kinds = [KINDS[i % len(KINDS)] for i in range(bad)]
    if kinds.count("huge") > 1:  # one 50 MB record is the case; more only cost disk
        kinds = [k if k != "huge" or i == kinds.index("huge") else "binary" for i, k in enumerate(kinds)]

    with (out / "a-dump.txt").open("w", encoding="utf-8", newline="") as f:
        for a in text:
            f.write(_text_member(a, rng))
            expected.append(Expected("a-dump.txt", "stored", "good", a.legacy_id))
    with (out / "a-dump.txt").open("ab") as fb:
        for number, kind in enumerate(kinds):
            if kind == "binary":
                fb.write(
                    f"=====\nid: garbage-{number}\n".encode()
                    + PNG
                    + bytes(rng.randrange(256) for _ in range(64))
                )
                fb.write(b"\n")
                expected.append(Expected("a-dump.txt", "quarantined", kind))
            elif kind == "duplicate" and text:
                original = text[number % len(text)]
                other = make_article(good + number, seed)  # other text, the same legacy id
                fb.write(
                    _text_member(Synth(**{**asdict(other), "legacy_id": original.legacy_id}), rng).encode()
                )
                expected.append(Expected("a-dump.txt", "skipped", kind, original.legacy_id))

    with (out / "b-rows.tsv").open("wb") as fb:
        fb.write(SWISSDOX_HEADER.encode())
        for a in tsv:
            fb.write(swissdox_row(a, rng).encode("utf-8"))
            expected.append(Expected("b-rows.tsv", "stored", "good", a.legacy_id))
        for number, kind in enumerate(kinds):
            if kind == "encoding":  # a row exported as latin-1 in a UTF-8 file
                a = make_article(3 * (good + number), seed)  # a French article: it has accents
                row = swissdox_row(Synth(**{**asdict(a), "legacy_id": f"latin1-{number}"}), rng)
                fb.write(row.encode("latin-1", errors="replace"))
                expected.append(Expected("b-rows.tsv", "quarantined", kind))
            elif kind == "huge":
                fb.write(
                    f"huge-{number}\tc\t2020-01-01\thttps://old.example.ch/x\tSYN\tS\tfr\t0\tÉnorme\t\t<tx><p>".encode()
                )
                chunk = b"Lorem de remplissage sans fin. " * 2048
                for _ in range(huge_bytes // len(chunk) + 1):
                    fb.write(chunk)
                fb.write(b"</p></tx>\n")
                expected.append(Expected("b-rows.tsv", "quarantined", kind))

    feeds = [k for k in kinds if k == "truncated_xml"]
    per_feed = max(1, len(nitf) // max(1, len(feeds) + 1))
    start = 0
    for number in range(len(feeds) + 1):
        part = nitf[start : start + per_feed] if number < len(feeds) else nitf[start:]
        start += len(part)
        name = f"c-feed-{number:03d}.xml"
        with (out / name).open("w", encoding="utf-8") as f:
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n<feed>\n')
            for a in part:
                f.write(nitf_document(a, rng))
                expected.append(Expected(name, "stored", "good", a.legacy_id))
            if number < len(feeds):  # the export was cut in the middle of the next document
                cut = make_article(good + 1000 + number, seed)
                doc = nitf_document(cut, rng)
                f.write(doc[: len(doc) // 2])
                expected.append(Expected(name, "quarantined", "truncated_xml"))
                continue
            f.write("</feed>\n")

    for number, kind in enumerate(kinds):
        if kind == "empty":
            name = f"d-empty-{number:03d}.txt"
            (out / name).write_bytes(b"")
            expected.append(Expected(name, "quarantined", kind))
    return expected


def tally(expected: list[Expected]) -> Counter[str]:
    return Counter(e.outcome for e in expected)


def main(argv: list[str]) -> int:
    out = Path(argv[1])
    expected = write_corrupt_export(out, int(argv[0]))
    (out.parent / f"{out.name}.expected.json").write_text(json.dumps([asdict(e) for e in expected], indent=1))
    print(dict(tally(expected)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
