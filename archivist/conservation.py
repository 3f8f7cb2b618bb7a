"""Text conservation: no word of a legacy record silently disappears.

After a record is processed, every word (``\\w+``) of its decoded legacy text must
be found in the stored article (title, kicker, lead, byline, dateline, blocks, list
items, credits, alternative texts) or in the text that a *removal* step recorded
(the import notice, boilerplate…: the step's ``before``). A word that is in neither
was lost without an explanation: the article gets a ``text-lost`` finding of
severity error naming the first missing words, and the run counts it.

Words are compared case-folded, after the same character repair the pipeline does
(mojibake, entities, NFC). A legacy word may also be a piece of a stored word
(``Ver-`` + ``kehr`` joined at a line end, ``Tagenach`` split apart): words are
looked up in the stored words first, then in the stored text with everything but
letters and digits removed.

The legacy text of each format is taken from the fields that carry the article
(:data:`LEGACY_TEXT`); formats whose records hold a whole web page (HTML, WARC)
are not checked: dropping the page around the article is the parser's job.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from archivist.model import Article, Finding, LegacyRecord, Processed, RepairStep, Severity
from archivist.repairs.characters import fix_encoding_text

CODE = "text-lost"
WORD = re.compile(r"\w+")
TAG = re.compile(r"<[^>]*>")
SHORTCODE = re.compile(r"\[/?[a-z_]+(?:\s[^\]]*)?\]")  # [caption id="…"], [/caption], [gallery ids="…"]
SHOWN = 8  # missing words named in the finding
# UTF-8 read as cp1252/latin-1 always shows one of these (é -> Ã©, ’ -> â€™, nbsp -> Â)
MOJIBAKE_MARKERS = ("Ã", "Â", "â€", "Å")
# words a parser drops on purpose without a step: photo-credit labels ("Foto: Keystone"
# keeps the credit "Keystone"; the site writes its own label)
LABEL_WORDS = frozenset({"foto", "fotos", "photo", "photos", "bild", "bilder", "image", "images", "quelle"})

# rules whose ``before`` text was removed on purpose (the step records it, so it is
# not lost); any rule named remove_* or drop_* counts too
REMOVAL_RULES = frozenset(
    {
        "remove_import_notice",  # the automatic-import notice (DESIGN.md section 1)
        "remove_boilerplate",  # newsletter promos, paywall text, slideshow counters…
        "drop_lead_repeated_in_body",  # the lead printed twice: its words stay in the lead
    }
)


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def normalise(text: str, *, repair: bool = True) -> str:
    """Repair characters as the pipeline does (``repair``), then case-fold.

    >>> normalise("Ã‰tÃ© &amp; Ã  GenÃ¨ve")
    'été & à genève'
    """
    if repair:
        text = html.unescape(text) if "&" in text else text
        if any(marker in text for marker in MOJIBAKE_MARKERS):  # only when needed
            text = "\n".join(map(fix_encoding_text, text.split("\n")))  # the pipeline's ftfy repair
    return unicodedata.normalize("NFC", text).casefold()


def _markup_text(markup: str) -> str:
    """The text of an HTML/XML fragment (tags become spaces; entities are decoded later)."""
    return TAG.sub(" ", SHORTCODE.sub(" ", markup))


def _text_record(record: LegacyRecord) -> str:
    return _decode(record.raw)


def _swissdox_record(record: LegacyRecord) -> str:
    from archivist.sources.swissdox import COLUMNS, split_row

    columns = tuple(record.hint("columns").split("\t")) if record.hint("columns") else COLUMNS
    fields = split_row(record.raw, columns, record.where)
    return " ".join(
        [fields.get("head", ""), fields.get("subhead", ""), _markup_text(fields.get("content", ""))]
    )


def _xml_record(record: LegacyRecord) -> str:
    """NITF: every text node (hedline, byline, abstract, body); attributes are metadata."""
    return _markup_text(_decode(record.raw).replace("<![CDATA[", "").replace("]]>", ""))


def _wxr_record(record: LegacyRecord) -> str:
    """WXR item: the title, the post's HTML and its excerpt (not logins, dates, statuses)."""
    text = _decode(record.raw)
    parts = re.findall(r"<title>(.*?)</title>", text, flags=re.S)
    for tag in ("content:encoded", "excerpt:encoded"):
        parts += re.findall(rf"<{tag}>(.*?)</{tag}>", text, flags=re.S)
    joined = " ".join(parts).replace("<![CDATA[", "").replace("]]>", "")
    return _markup_text(html.unescape(joined))  # the item's HTML is escaped inside the XML


# ninjs keys that are metadata, not article text
NINJS_SKIP = frozenset({"role", "contentType", "uri", "href", "type", "rel", "name"})
# ninjs properties that carry article text (1.x/2.x flat names and 3.x lists of objects)
NINJS_TEXT = (
    "headline",
    "headlines",
    "descriptions",
    "bodies",
    "description_text",
    "body_text",
    "body_html",
    "byline",
    "by",
)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in NINJS_SKIP:
                yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _ninjs_record(record: LegacyRecord) -> str:
    data = json.loads(_decode(record.raw))
    return _markup_text(" ".join(_strings([data.get(key) for key in NINJS_TEXT])))


# format -> the legacy text of one record; formats not listed are not checked
LEGACY_TEXT: dict[str, Callable[[LegacyRecord], str]] = {
    "text": _text_record,
    "swissdox": _swissdox_record,
    "nitf": _xml_record,
    "wxr": _wxr_record,
    "ninjs": _ninjs_record,
}


def legacy_text(record: LegacyRecord) -> str | None:
    """The record's article text, or None when its format is not checked."""
    extract = LEGACY_TEXT.get(record.format)
    return None if extract is None else extract(record)


def _is_removal(step: RepairStep) -> bool:
    return step.rule in REMOVAL_RULES or step.rule.startswith(("remove_", "drop_"))


def kept_text(article: Article, steps: tuple[RepairStep, ...]) -> str:
    """Everything the stored article holds, plus what removal steps took out."""
    parts = [article.kicker, article.title, article.lead, article.byline, article.dateline, article.section]
    parts += list(article.tags)
    for block in article.blocks:
        parts += [block.text, block.credit, block.alt, *block.items]
    parts += [step.before for step in steps if _is_removal(step)]
    return "\n".join(parts)


def _two_kept_words(word: str, kept: set[str]) -> bool:
    """Whether ``word`` is two kept words glued: the legacy text ran a line that recovery
    stored apart (a byline, a slideshow counter, a removed promo) into the word after it,
    so the two halves are kept, just not side by side (``FrostThere`` after ``By Daniel
    Frost`` went to the byline).

    >>> _two_kept_words("frostthere", {"frost", "there"})
    True
    >>> _two_kept_words("hier", {"hi", "maire"})
    False
    """
    return any(word[:cut] in kept and word[cut:] in kept for cut in range(1, len(word)))


def lost_words(legacy: str, kept: str) -> list[str]:
    """Words of ``legacy`` found nowhere in ``kept``, in order of first appearance.

    >>> lost_words("Wenige Tagenach dem Sturz", "Wenige Tage nach dem Sturz")
    []
    >>> lost_words("Le maire a démissionné hier soir.", "Le maire a démissionné.")
    ['hier', 'soir']
    """
    stored = normalise(kept, repair=False)  # the stored article is repaired already
    # A legacy line found whole in the stored text loses no word: each of its words lies
    # inside a stored word. Most lines come through untouched, so only the others are
    # tokenised; the stored text only when a word is found nowhere in it.
    lines = normalise(legacy).split("\n")
    legacy_words = WORD.findall("\n".join(line for line in lines if line not in stored))
    rest = {word for word in set(legacy_words) - LABEL_WORDS if word not in stored}
    if not rest:
        return []
    kept_words = WORD.findall(stored)
    joined = "".join(kept_words)  # a word glued in the legacy text is two stored words
    missing = {word for word in rest if word not in joined}
    if missing:
        whole = set(kept_words)
        missing = {word for word in missing if not _two_kept_words(word, whole)}
    return [word for word in dict.fromkeys(legacy_words) if word in missing] if missing else []


def check_conservation(record: LegacyRecord, processed: Processed) -> Processed:
    """``processed`` with a ``text-lost`` finding when words of ``record`` were lost."""
    try:
        legacy = legacy_text(record)
    except Exception:  # a record its parser accepted but this extractor cannot read: not checked
        return processed
    if legacy is None:
        return processed
    missing = lost_words(legacy, kept_text(processed.article, processed.steps))
    if not missing:
        return processed
    shown = ", ".join(missing[:SHOWN]) + (" …" if len(missing) > SHOWN else "")
    message = (
        f"{len(missing)} words of the legacy record are neither in the article nor in a recorded "
        f"removal: {shown}. Compare the article with its source."
    )
    finding = Finding(CODE, Severity.ERROR, "article", message)
    return replace(processed, findings=(*processed.findings, finding))


def has_lost_text(processed: Processed) -> bool:
    return any(f.code == CODE for f in processed.findings)
