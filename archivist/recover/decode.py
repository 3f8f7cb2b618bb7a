"""Bytes of a flattened-text record to ``str``: UTF-8, else cp1252 when it is plausibly
text; empty records and binary garbage are refused with a typed error naming the record.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from archivist.errors import EmptyRecord, UnreadableText
from archivist.model import Finding, Severity

MAX_CONTROL_RATIO = 0.01  # more control characters than this in a text is binary data
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CP1252_LETTERS = re.compile(r"[a-zA-Zàâäçéèêëîïôöùûüÿæœßáíóúñ]")


def decode_text(raw: bytes, where: str) -> tuple[str, list[Finding]]:
    """The text of ``raw``; ``where`` names the record in error messages.

    >>> decode_text("Gr\\u00fcezi".encode("cp1252"), "x.txt")[0]
    'Grüezi'
    >>> decode_text(b"  \\n", "x.txt")
    Traceback (most recent call last):
    ...
    archivist.errors.EmptyRecord: x.txt is empty: there is no text to recover. ...
    """
    findings: list[Finding] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if not raw.strip():
        msg = f"{where} is empty: there is no text to recover. Remove it from the export or fill it."
        raise EmptyRecord(msg)
    nul = raw.find(b"\x00")
    if nul != -1:
        msg = f"{where} holds binary data (NUL byte at offset {nul}), not text. Check the export."
        raise UnreadableText(msg)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = raw.decode("cp1252", errors="replace")
        letters = len(_CP1252_LETTERS.findall(text))
        if "\ufffd" in text or letters < 0.5 * len(text.strip()):
            msg = (
                f"{where} is neither UTF-8 (invalid byte at offset {exc.start}) nor plausible cp1252 text. "
                "Re-export it as UTF-8."
            )
            raise UnreadableText(msg) from exc
        findings.append(
            Finding(
                "decoded-cp1252",
                Severity.INFO,
                "source",
                f"not valid UTF-8 (offset {exc.start}); decoded as cp1252",
            )
        )
    controls = len(_CONTROL.findall(text))
    if controls > MAX_CONTROL_RATIO * len(text):
        msg = f"{where} holds {controls} control characters in {len(text)}: binary data. Check the export."
        raise UnreadableText(msg)
    if controls:
        text = _CONTROL.sub("", text)
    return text.replace("\r\n", "\n").replace("\r", "\n"), findings


_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y")


def parse_date(value: str) -> datetime | None:
    """A date hint (ISO 8601, ``06.12.2016``…) as a datetime (UTC when no zone), else None.

    >>> parse_date("2016-12-06"), parse_date("06.12.2016T"), parse_date("")
    (datetime.datetime(2016, 12, 6, 0, 0, tzinfo=datetime.timezone.utc), None, None)
    """
    value = value.strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        parsed = None
        for fmt in _DATE_FORMATS:
            try:
                parsed = datetime.strptime(value, fmt)
                break
            except ValueError:
                continue
    if parsed is None:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
