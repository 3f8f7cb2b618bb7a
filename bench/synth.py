"""A synthetic legacy archive of N articles in each format, with realistic damage.

The articles are written here from small tables of our own sentences (French,
German, English news), seeded, so the same ``(n, seed)`` always gives the same
bytes. Each article is ~2–3 kB and carries the damage of DESIGN.md section 1 at
about its real rate: kicker glued to the title, paragraphs glued by tag
stripping, soft hyphens and no-break spaces, the automatic-import notice in the
body, caption glued to its credit, an agency signature, now and then cp1252
mojibake. Formats (one writer each, :data:`WRITERS`):

- ``text``: flattened dumps (``=====`` delimiter, ``id:``/``url:``/``date:`` headers);
- ``swissdox``: TSV rows with ``<tx>`` XML content;
- ``nitf``: NITF 3.x documents concatenated in a feed file;
- ``wxr``: WordPress WXR channels;
- ``ninjs``: ninjs 3.0 objects, one per line.

    python -m bench.synth 2000 /tmp/archive --formats text,swissdox
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from archivist.sources.swissdox import COLUMNS as SWISSDOX_COLUMNS

PER_FILE = 500  # records per file: many files, and dumps of many records
NOTICE = {
    "fr": "Cet article a été automatiquement importé de notre ancien système de gestion de contenu "
    "vers notre nouveau site web. Il est possible qu'il comporte quelques erreurs de mise en page.",
    "de": "Dieser Artikel wurde automatisch aus unserem alten Redaktionssystem auf unsere neue Website "
    "importiert. Falls Sie auf Darstellungsfehler stossen, melden Sie sich bitte.",
    "en": "This article was automatically imported from our old content management system to our new "
    "website. It may contain some layout errors.",
}
# (kicker, title, lead) seeds and sentence parts per language: our own writing
WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "fr": {
        "place": ("Lausanne", "Genève", "Sion", "Fribourg", "Neuchâtel", "Delémont", "Yverdon"),
        "topic": ("Transports", "Culture", "Justice", "Santé", "Économie", "Écoles", "Climat"),
        "actor": (
            "La municipalité",
            "Le Conseil d'État",
            "Un collectif d'habitants",
            "La police cantonale",
            "Le syndicat des enseignants",
            "La direction de l'hôpital",
            "Une société de Cartigny",
        ),
        "verb": (
            "a annoncé lundi",
            "a confirmé mardi",
            "a démenti jeudi",
            "a présenté vendredi",
            "a détaillé devant la presse",
            "a reconnu à demi-mot",
        ),
        "object": (
            "un plan de rénovation de la gare",
            "la fermeture provisoire du pont",
            "une hausse des tarifs",
            "un nouveau règlement sur le bruit",
            "la création de deux cents places d'accueil",
            "un audit indépendant des comptes",
            "le report du chantier à l'automne",
        ),
        "tail": (
            "Les opposants dénoncent un passage en force.",
            "Le dossier sera débattu en septembre.",
            "Aucune date n'a encore été fixée.",
            "Les riverains restent sceptiques.",
            "Le budget atteint 14,5 millions de francs.",
            "Une consultation publique est prévue.",
        ),
        "subhead": ("Pris de court", "Un calendrier serré", "Des critiques", "La suite"),
        "credit": ("KEYSTONE", "Photo: Laurent Gilliéron", "AFP"),
        "sign": ("(ATS/NXP)", "(AFP/mdr)", "ATS/jbe"),
    },
    "de": {
        "place": ("Zürich", "Bern", "Basel", "Luzern", "St. Gallen", "Winterthur", "Chur"),
        "topic": ("Verkehr", "Kultur", "Justiz", "Gesundheit", "Wirtschaft", "Schule", "Klima"),
        "actor": (
            "Der Stadtrat",
            "Die Kantonspolizei",
            "Eine Gruppe von Anwohnern",
            "Die Gewerkschaft",
            "Die Spitaldirektion",
            "Der Regierungsrat",
            "Ein Verein aus Oerlikon",
        ),
        "verb": (
            "gab am Montag bekannt",
            "bestätigte am Dienstag",
            "dementierte am Donnerstag",
            "stellte am Freitag vor",
            "erklärte vor den Medien",
            "räumte zögerlich ein",
        ),
        "object": (
            "einen Plan zur Sanierung des Bahnhofs",
            "die vorübergehende Sperrung der Brücke",
            "eine Erhöhung der Tarife",
            "ein neues Lärmreglement",
            "zweihundert neue Krippenplätze",
            "eine unabhängige Prüfung der Rechnung",
            "die Verschiebung der Bauarbeiten",
        ),
        "tail": (
            "Die Gegner sprechen von einem Affront.",
            "Das Parlament berät im September darüber.",
            "Ein Datum steht noch nicht fest.",
            "Die Anwohner bleiben skeptisch.",
            "Das Budget beträgt 14,5 Millionen Franken.",
            "Eine Vernehmlassung ist geplant.",
        ),
        "subhead": ("Überrascht", "Ein knapper Zeitplan", "Kritik", "Wie es weitergeht"),
        "credit": ("Bild: Keystone", "Foto: Ennio Leanza", "KEYSTONE"),
        "sign": ("(SDA/jar)", "(DPA/sep)", "SDA/sep"),
    },
    "en": {
        "place": ("Geneva", "Manchester", "Leeds", "Bristol", "Cardiff", "Glasgow", "Norwich"),
        "topic": ("Transport", "Culture", "Courts", "Health", "Business", "Schools", "Climate"),
        "actor": (
            "The city council",
            "The regional police",
            "A group of residents",
            "The teachers' union",
            "The hospital board",
            "The county executive",
            "A start-up from Salford",
        ),
        "verb": (
            "announced on Monday",
            "confirmed on Tuesday",
            "denied on Thursday",
            "unveiled on Friday",
            "told reporters",
            "reluctantly admitted",
        ),
        "object": (
            "a plan to refurbish the station",
            "the temporary closure of the bridge",
            "a rise in fares",
            "new rules on noise",
            "two hundred new childcare places",
            "an independent audit of the accounts",
            "a delay to the building works",
        ),
        "tail": (
            "Opponents call it a power grab.",
            "Councillors will debate it in September.",
            "No date has been set yet.",
            "Residents remain sceptical.",
            "The budget comes to 14.5 million pounds.",
            "A public consultation is planned.",
        ),
        "subhead": ("Caught off guard", "A tight schedule", "Criticism", "What comes next"),
        "credit": ("Photo: PA", "AFP", "Reuters"),
        "sign": ("(PA/jk)", "(Reuters/mb)", "AP/ds"),
    },
}
LANGUAGES = ("fr", "de", "en")


@dataclass(frozen=True)
class Synth:
    """One synthetic article before rendering (clean fields; damage is applied per format)."""

    legacy_id: str
    language: str
    kicker: str
    title: str
    lead: str
    paragraphs: tuple[str, ...]
    subheads: tuple[str, ...]  # inserted before paragraph 2, 4, …
    caption: str
    credit: str
    signature: str
    date: str  # ISO date
    section: str
    url: str


def _sentence(words: dict[str, tuple[str, ...]], rng: random.Random) -> str:
    return f"{rng.choice(words['actor'])} {rng.choice(words['verb'])} {rng.choice(words['object'])}."


def make_article(index: int, seed: int = 0) -> Synth:
    """Article ``index`` of the archive ``seed`` (pure: same inputs, same article)."""
    rng = random.Random(seed * 1_000_003 + index)
    language = LANGUAGES[index % len(LANGUAGES)]
    w = WORDS[language]
    place, topic = rng.choice(w["place"]), rng.choice(w["topic"])
    paragraphs = tuple(
        " ".join([_sentence(w, rng), _sentence(w, rng), rng.choice(w["tail"])])
        for _ in range(rng.randint(5, 8))
    )
    title_object = rng.choice(w["object"])
    return Synth(
        legacy_id=f"s{seed}-{index:07d}",
        language=language,
        kicker=f"{place} - {topic}",
        title=f"{title_object[0].upper()}{title_object[1:]} à l'étude n°{index}"
        if language == "fr"
        else f"{title_object[0].upper()}{title_object[1:]} ({index})",
        lead=_sentence(w, rng) + " " + rng.choice(w["tail"]),
        paragraphs=paragraphs,
        subheads=tuple(rng.sample(w["subhead"], k=min(2, len(paragraphs) // 3))),
        caption=f"{place}: {rng.choice(w['object'])}.",
        credit=rng.choice(w["credit"]),
        signature=rng.choice(w["sign"]),
        date=f"{2004 + index % 20}-{1 + index % 12:02d}-{1 + index % 28:02d}",
        section=topic,
        url=f"https://old.example.ch/{topic.lower()}/{index}",
    )


def _soft(text: str, rng: random.Random) -> str:
    """Soft hyphens inside some long words, no-break spaces before some colons."""
    words = text.split(" ")
    for i, word in enumerate(words):
        if len(word) > 9 and rng.random() < 0.15:
            words[i] = word[:5] + "\u00ad" + word[5:]
    return " ".join(words).replace(" :", "\u00a0:")


def _mojibake(text: str) -> str:
    return text.encode("utf-8").decode("cp1252", errors="replace")


def _body_lines(a: Synth) -> list[str]:
    lines: list[str] = []
    heads = list(a.subheads)
    for i, para in enumerate(a.paragraphs):
        if i and i % 2 == 0 and heads:
            lines.append(heads.pop(0))
        lines.append(para)
        if i == 1:
            lines.append(f"{a.caption} {a.credit}")
    return lines


def render_text(a: Synth, rng: random.Random) -> str:
    """The flattened export of one article, damaged (see the module docstring)."""
    body = _body_lines(a)
    if rng.random() < 0.5:  # paragraphs glued by naive tag stripping
        cut = rng.randint(1, len(body) - 1)
        body[cut - 1 : cut + 1] = [body[cut - 1] + body[cut]]
    body[-1] += " " + a.signature
    body.append(NOTICE[a.language])
    text = "\n".join([a.kicker + a.title, a.lead, *body])  # kicker glued to the title
    text = _soft(text, rng)
    return _mojibake(text) if rng.random() < 0.05 else text


def _records(n: int, seed: int) -> Iterator[tuple[Synth, random.Random]]:
    for index in range(n):
        yield make_article(index, seed), random.Random(seed * 7_919 + index)


def write_text(path: Path, items: list[tuple[Synth, random.Random]]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for a, rng in items:
            out.write(f"=====\nid: {a.legacy_id}\nurl: {a.url}\ndate: {a.date}\nsection: {a.section}\n")
            out.write(render_text(a, rng) + "\n")


SWISSDOX_HEADER = "\t".join(SWISSDOX_COLUMNS) + "\n"


def swissdox_row(a: Synth, rng: random.Random) -> str:
    parts = [f"<ld>{escape(a.lead)}</ld>"]
    for line in _body_lines(a):
        if line in a.subheads:
            parts.append(f"<zt>{escape(line)}</zt>")
        elif line.endswith(a.credit) and line.startswith(a.caption):
            parts.append(f"<lg>{escape(a.caption)}{escape(a.credit)}</lg>")  # credit glued on
        else:
            parts.append(f"<p>{escape(_soft(line, rng))}</p>")
    parts.append(f"<au>{escape(a.signature)}</au>")
    content = "<tx>" + "".join(parts) + "</tx>"
    cells = [
        a.legacy_id,
        f"c{a.legacy_id}",
        f"{a.date}T06:00:00Z",
        a.url,
        "SYN",
        "Synthetic Times",
        a.language,
        str(len(content)),
        a.title,
        a.kicker,
        content,
    ]
    return "\t".join(c.replace("\t", " ").replace("\n", " ") for c in cells) + "\n"


def write_swissdox(path: Path, items: list[tuple[Synth, random.Random]]) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(SWISSDOX_HEADER)
        for a, rng in items:
            out.write(swissdox_row(a, rng))


def nitf_document(a: Synth, rng: random.Random) -> str:
    body = "".join(
        f"<hl2>{escape(line)}</hl2>" if line in a.subheads else f"<p>{escape(_soft(line, rng))}</p>"
        for line in _body_lines(a)
    )
    return (
        f'<nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><head><title>{escape(a.title)}</title>'
        f'<docdata><doc-id id-string="{a.legacy_id}"/><date.issue norm="{a.date.replace("-", "")}T060000Z"/>'
        f'</docdata><pubdata type="web" ex-ref="{a.url}"/></head><body><body.head>'
        f"<hedline><hl1>{escape(a.title)}</hl1><hl2>{escape(a.kicker)}</hl2></hedline>"
        f"<byline>{escape(a.signature)}</byline><abstract><p>{escape(a.lead)}</p></abstract></body.head>"
        f"<body.content>{body}</body.content></body></nitf>\n"
    )


def write_nitf(path: Path, items: list[tuple[Synth, random.Random]]) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<feed>\n')
        for a, rng in items:
            out.write(nitf_document(a, rng))
        out.write("</feed>\n")


WXR_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/'
    'content/" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
    "<channel><title>Synthetic Times</title><wp:wxr_version>1.2</wp:wxr_version>\n"
)


def wxr_item(a: Synth, rng: random.Random) -> str:
    html = "\n\n".join(
        f"<h2>{line}</h2>" if line in a.subheads else _soft(line, rng) for line in [a.lead, *_body_lines(a)]
    )
    post_id = int(a.legacy_id[1:].replace("-", ""))  # s3-0000011 -> 30000011: unique across seeds
    return (
        f"<item><title>{escape(a.title)}</title><link>{a.url}</link><dc:creator>synth</dc:creator>"
        f"<content:encoded><![CDATA[{html}]]></content:encoded><wp:post_id>{post_id}"
        f"</wp:post_id><wp:post_date_gmt>{a.date} 06:00:00</wp:post_date_gmt><wp:status>publish</wp:status>"
        f'<wp:post_type>post</wp:post_type><category domain="category" nicename="{a.section.lower()}">'
        f"<![CDATA[{a.section}]]></category></item>\n"
    )


def write_wxr(path: Path, items: list[tuple[Synth, random.Random]]) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(WXR_HEAD)
        for a, rng in items:
            out.write(wxr_item(a, rng))
        out.write("</channel></rss>\n")


def ninjs_object(a: Synth, rng: random.Random) -> str:
    body = "".join(
        f"<h2>{escape(line)}</h2>" if line in a.subheads else f"<p>{escape(_soft(line, rng))}</p>"
        for line in _body_lines(a)
    )
    doc = {
        "$schema": "https://www.iptc.org/std/ninjs/ninjs-schema_3.0.json",
        "uri": f"urn:synth:{a.legacy_id}",
        "type": "text",
        "firstCreated": f"{a.date}T06:00:00Z",
        "language": a.language,
        "headlines": [{"role": "main", "value": a.title}, {"role": "kicker", "value": a.kicker}],
        "descriptions": [{"role": "lead", "value": a.lead}],
        "bodies": [{"role": "main", "contentType": "text/html", "value": body}],
        "by": a.signature,
        "altIds": [{"role": "legacy-id", "value": a.legacy_id}],
    }
    return json.dumps(doc, ensure_ascii=False) + "\n"


def write_ninjs(path: Path, items: list[tuple[Synth, random.Random]]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for a, rng in items:
            out.write(ninjs_object(a, rng))


Writer = Callable[[Path, list[tuple[Synth, random.Random]]], None]
# format -> (file suffix, writer)
WRITERS: dict[str, tuple[str, Writer]] = {
    "text": (".txt", write_text),
    "swissdox": (".tsv", write_swissdox),
    "nitf": (".xml", write_nitf),
    "wxr": (".wxr.xml", write_wxr),
    "ninjs": (".jsonl", write_ninjs),
}


def generate(n: int, out: Path, fmt: str = "text", seed: int = 0, per_file: int = PER_FILE) -> list[Path]:
    """Write ``n`` articles in ``fmt`` under ``out`` (``per_file`` records a file); returns the files."""
    suffix, writer = WRITERS[fmt]
    out.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    batch: list[tuple[Synth, random.Random]] = []
    for item in _records(n, seed):
        batch.append(item)
        if len(batch) == per_file:
            files.append(out / f"{fmt}-{len(files):05d}{suffix}")
            writer(files[-1], batch)
            batch = []
    if batch:
        files.append(out / f"{fmt}-{len(files):05d}{suffix}")
        writer(files[-1], batch)
    return files


def main(argv: list[str]) -> int:
    n, out = int(argv[0]), Path(argv[1])
    formats = argv[3].split(",") if len(argv) > 3 and argv[2] == "--formats" else list(WRITERS)
    for fmt in formats:
        generate(n, out / fmt, fmt)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
