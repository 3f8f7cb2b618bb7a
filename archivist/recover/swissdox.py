"""Recover a Swissdox TSV row: ``head`` is the title, ``subhead`` the kicker, and the
``content`` XML gives lead (``<ld>``), subheads (``<zt>``), paragraphs (``<p>``),
captions (``<lg>``, credit split off), byline (``<au>``) and quote boxes (``<ka>``).

Links in Swissdox content lost their neighbouring spaces; they are restored and
each restoration is a RepairStep. Content that is not well-formed XML (a stray
``&nbsp;``, an unclosed tag) is read with the lenient HTML parser and noted.
"""

from __future__ import annotations

from lxml import etree, html

from archivist.errors import RecordError, StructureNotFound
from archivist.model import Article, Block, Finding, LegacyRecord, Processed, RepairStep, Role, Severity
from archivist.recover import register_parser
from archivist.recover.credits import split_credit
from archivist.recover.dates import parse_date
from archivist.recover.inline import inline_text, xml_safe
from archivist.sources.swissdox import COLUMNS, NAME, split_row
from archivist.xmlsafe import local_name, parse_xml

# content tag -> block role (ld, au and lg are handled apart)
TAG_ROLES = {
    "p": Role.PARAGRAPH,
    "zt": Role.SUBHEAD,  # Zwischentitel
    "ka": Role.QUOTE,  # quote box (Kasten)
}


def parse_content(content: str, where: str) -> tuple[etree._Element, bool]:
    """The content's root element, and whether the lenient HTML parser was needed."""
    text = content.strip()
    if not text.startswith("<tx"):
        text = f"<tx>{text}</tx>"
    try:
        return parse_xml(text.encode("utf-8"), where), False
    except RecordError as exc:
        if type(exc) is not RecordError:  # UnsafeXML and the like are refused, not repaired
            raise
    root = html.fragment_fromstring(text, create_parent="div")
    tx = root.find(".//tx")
    return (tx if tx is not None else root), True


def parse(record: LegacyRecord) -> Processed:
    columns = tuple(record.hint("columns").split("\t")) if record.hint("columns") else COLUMNS
    fields = {k: xml_safe(v) for k, v in split_row(record.raw, columns, record.where).items()}
    title = fields.get("head", "").strip()
    if not title:
        msg = (
            f"{record.where}: the 'head' column is empty, so the article has no title. Fill it in and re-run."
        )
        raise StructureNotFound(msg)
    root, lenient = parse_content(fields.get("content", ""), record.where)
    steps: list[RepairStep] = []
    findings: list[Finding] = []
    if lenient:
        findings.append(
            Finding(
                "content_not_wellformed",
                Severity.INFO,
                "body",
                "The content XML was malformed; read leniently.",
            )
        )
    lead: list[str] = []
    bylines: list[str] = []
    blocks: list[Block] = []
    loose = (root.text or "").strip()
    if loose:
        blocks.append(Block(Role.PARAGRAPH, " ".join(loose.split())))
    for child in root:
        name = local_name(child).lower()
        if name:
            _add(child, name, len(blocks), blocks, lead, bylines, steps)
        tail = (child.tail or "").strip()
        if tail:
            blocks.append(Block(Role.PARAGRAPH, " ".join(tail.split())))
    article = Article(
        legacy_id=record.legacy_id,
        title=" ".join(title.split()),
        language=(fields.get("language", "").strip().lower()[:2] or "und"),
        kicker=" ".join(fields.get("subhead", "").split()),
        lead=" ".join(lead),
        byline=", ".join(bylines),
        published=parse_date(fields.get("pubtime", "")),
        url=record.url or fields.get("article_link", "").strip(),
        blocks=tuple(blocks),
        source_format=NAME,
    )
    return Processed(article, tuple(steps), tuple(findings))


def _add(
    child: etree._Element,
    name: str,
    index: int,
    blocks: list[Block],
    lead: list[str],
    bylines: list[str],
    steps: list[RepairStep],
) -> None:
    inline = inline_text(child, restore_link_spaces=True)
    if not inline.text:
        return
    if name == "ld":
        lead.append(inline.text)
        return
    if name == "au":
        bylines.append(inline.text)
        return
    if inline.spaces_restored:
        before = inline_text(child).text
        steps.append(
            RepairStep(
                "restore_link_spaces",
                f"block:{index}",
                before,
                inline.text,
                f"{inline.spaces_restored} space(s) lost around links put back",
            )
        )
    if name == "lg":
        caption, credit = split_credit(inline.text)
        if credit:
            steps.append(
                RepairStep(
                    "split_caption_credit",
                    f"block:{index}",
                    inline.text,
                    caption,
                    f"photo credit {credit!r} glued to the caption moved to the credit",
                )
            )
        marks = tuple(m for m in inline.marks if m.end <= len(caption))
        blocks.append(Block(Role.CAPTION, caption, marks, credit=credit))
        return
    role = TAG_ROLES.get(name, Role.PARAGRAPH)
    blocks.append(Block(role, inline.text, inline.marks))


register_parser(NAME, parse)
