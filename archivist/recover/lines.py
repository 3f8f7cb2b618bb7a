"""What one line of flattened text is: byline, agency signature, dateline, caption with
its credit, fact-box heading, bullet, subhead, or an ordinary paragraph.

Each classifier is a pure ``str -> answer`` function backed by a pattern or a table.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from archivist.recover.glue import MAX_SUBHEAD_WORDS, UPPER
from archivist.recover.wordlists import _table

# --- bylines and agency signatures --------------------------------------------------

_NAME = rf"[{UPPER}][\w'’.-]+"
_PARTICLE = r"(?:von|van|der|de|du|la|le|di|da|del|und|et|and|&)"
BYLINE = re.compile(
    rf"^(?:Von|Par|By|Texte?:?|Interview:?|Propos recueillis par|Ein Kommentar von|Une analyse de)\s+"
    rf"{_NAME}(?:[\s,-]+(?:{_NAME}|{_PARTICLE})){{0,7}}(?:\s*[,/(].{{0,40}})?$"
)
# "(ATS/AFP)", "SDA/sep", "(DPA/jar)", "(AFP)", "Keystone-SDA/jar"
SIGNATURE = re.compile(
    r"^\((?:[A-Z]{2,}[\w-]*|[a-z]{2,4}|Reuters|Keystone[\w-]*)(?:/\w{2,8}){0,3}\)\.?$"
    r"|^(?:[A-Z]{2,}[\w-]*|Reuters|Keystone[\w-]*)(?:/\w{2,8}){1,3}\.?$"
)
# the same signature glued to the end of the last paragraph: "…depuis 2011.(ATS/AFP)"
GLUED_SIGNATURE = re.compile(r"(?<=[.!?»])(\((?:[A-Z]{2,}[\w-]*|[a-z]{2,4}|Reuters)(?:/\w{2,8}){0,3}\))$")
# at the end of the last paragraph, a bare agency signature glued too: "…Flugbetrieb.SDA"
GLUED_LAST_SIGNATURE = re.compile(
    r"(?<=[.!?»”])((?:\(?(?:[A-Z]{2,6}(?:-[A-Z]{2,6})?|Reuters|Keystone-SDA|Keystone-ATS)(?:/\w{2,8}){0,3}\)?))$"
)

# an agency signature glued to a word at the very end of the text, as a body stored on
# one line has it: "…steht bereit(SDA/Reuters/flu)", "…Keystone/Martial TrezziniATS/AFP"
# (a slash, so no name or acronym of the text is taken for one)
TRAILING_SIGNATURE = re.compile(
    r"(?<=[^\W\d_])\((?:[A-Z]{2,}[\w-]*|Reuters|Keystone[\w-]*)(?:/\w{2,8}){1,3}\)$"
    r"|(?<=[a-zß-ÿ])[A-Z]{2,6}(?:-[A-Z]{2,6})?(?:/[A-Za-z]{2,8}){1,3}$"
)

MAX_BYLINE_CHARS = 90
# "Par La rédaction", "By Laura Benning in Brussels": any short line opening with the
# byline word, when it stands right after the title or lead
LOOSE_BYLINE = re.compile(r"^(?:Von|Par|By)\s+[^\W\d_][^.!?]{1,60}$")
# a bare agency abbreviation closing the text: "SDA", "ATS", "AFP"
BARE_SIGNATURE = re.compile(r"^[A-Z]{2,5}(?:-[A-Z]{2,5})?$")


def is_byline(line: str) -> bool:
    """
    >>> [is_byline(s) for s in ("Von Hans Muster", "Par Jean Dupont, Genève", "By Jane Doe")]
    [True, True, True]
    >>> is_byline("Par ailleurs, le Conseil fédéral a décidé de ne rien faire.")
    False
    """
    return len(line) <= MAX_BYLINE_CHARS and bool(BYLINE.match(line)) and not line.endswith(".")


def is_loose_byline(line: str) -> bool:
    """
    >>> is_loose_byline("Par La rédaction"), is_loose_byline("Par ailleurs, le vote a eu lieu.")
    (True, False)
    """
    return bool(LOOSE_BYLINE.match(line))


def is_signature(line: str) -> bool:
    """
    >>> [is_signature(s) for s in ("(ATS/AFP)", "SDA/sep", "(DPA/jar)", "Raids meurtriers")]
    [True, True, True, False]
    """
    return bool(SIGNATURE.match(line.strip()))


# --- datelines ------------------------------------------------------------------------

DATELINE = re.compile(
    rf"^((?:[{UPPER}][{UPPER}'’ .-]{{1,30}}[{UPPER}.])"  # GENÈVE, NEW YORK, ST. GALLEN
    # Zürich, 3. Mai
    rf"|(?:[{UPPER}][\w'’.-]+(?:\s[{UPPER}][\w'’.-]+)?,\s*\d{{1,2}}\.?\s*[\w]+\.?(?:\s*\d{{4}})?))"
    rf"(?:\s*\([A-Za-z/-]{{2,15}}\))?\s+[-–—]\s+(?=[{UPPER}«\"])"
)


def split_dateline(text: str) -> tuple[str, str] | None:
    """``(dateline, rest)`` when ``text`` opens with a dateline.

    >>> split_dateline("GENÈVE - Le Conseil d'Etat a tranché.")
    ('GENÈVE', "Le Conseil d'Etat a tranché.")
    >>> split_dateline("Zürich, 3. Mai - Die Polizei hat am Morgen eingegriffen.")
    ('Zürich, 3. Mai', 'Die Polizei hat am Morgen eingegriffen.')
    >>> split_dateline("Syrie - Alep est tombée.") is None
    True
    """
    match = DATELINE.match(text)
    if match is None:
        return None
    return match.group(1).strip(), text[match.end() :]


# --- captions and credits -------------------------------------------------------------

# Agencies and credit words that end a caption, glued or after one space: "…derby.KEYSTONE"
AGENCIES = (
    r"KEYSTONE(?:-SDA|-ATS)?|Keystone(?:-SDA|-ATS)?|AFP|REUTERS|Reuters|AP|EPA|DPA|dpa|"
    r"GETTY IMAGES|Getty Images|AFP/Getty Images|ZVG|zvg|PD|DR|SDA|ATS|Tamedia|LDD|TDG|20min|PA|AP Photo"
    r"|Imago|IMAGO|Freshfocus|iStock|Shutterstock|Archives|Archiv|Instagram|Twitter|Screenshot"
)
CREDIT_WORDS = (
    r"Crédit photo|Photo credit|Bildquelle|Bild|Bilder|Foto|Fotos|Photo|Photos|Image|Images|Illustration"
    r"|Grafik|Graphique|Infografik|Infographie|Video|Vidéo|Credit|Crédit|Quelle|Source"
)
CREDIT_PATTERNS = (
    # "…Die Altstadt. Bild: Keystone" / "Photo: AFP" / "Die Altstadt von Bern Bild: Keystone"
    re.compile(rf"^(.*?(?:[.!?»”)]\s*|\s)|)((?:{CREDIT_WORDS})\s*:\s*[^:]{{2,60}}?)\.?$"),
    # "…der Stadt (Foto: Reuters)"
    re.compile(rf"^(.*?)\s*\(((?:{CREDIT_WORDS})\s*:\s*[^()]{{2,60}})\)$"),
    # "…lors du derby.KEYSTONE", "…in Bern. Keystone/Peter Klaunzer"
    re.compile(rf"^(.*?[.!?»”])\s?((?:{AGENCIES})(?:\s?/\s?[\w .'’-]{{2,40}})?)$"),
    # "…lors du derby © Keystone": a copyright sign opens the credit
    re.compile(r"^(.*?)\s*(©\s*[\w .'’/-]{2,60})$"),
    # "Raphaël Zufferey à l'arrivée Keystone": a known agency after a caption without period
    re.compile(rf"^(.{{10,250}}?[^\W\d_])\s((?:{AGENCIES})(?:\s?/\s?[\w .'’-]{{2,40}})?)$"),
    # "…évacué mercredi soir. Laurent Guiraud": a photographer's name after the caption
    re.compile(rf"^(.{{10,250}}?[.!?»”])\s+({_NAME}(?:[ -]{_NAME}){{1,3}}(?:\s?/\s?[\w .'’-]{{2,40}})?)$"),
    # "…en 1932. Archives de la Ville de Lausanne", "…on stage. Courtesy of the artist": any
    # short capitalised phrase after a finished sentence that does not end a sentence itself
    # (the clean "caption text CREDIT" shape with a free credit; paragraphs end on . ! ? » ”)
    # (never after an ordinal or a short abbreviation: "vom 9. Februar", "Dr. Sleep")
    re.compile(
        rf"^(.{{10,250}}?[.!?»”])(?<!\b\d\.)(?<!\b\d\d\.)(?<!\b[{UPPER}][a-z]\.)\s([{UPPER}](?:[^.!?:;«»“”\"\n]|\.(?=[^\W\d_]))"
        r"{1,59}[^\W\d_)])$"
    ),
)
_AGENCY_NAME = re.compile(AGENCIES)
_LETTER = re.compile(r"[^\W\d_]")


def _needs(text: str) -> Callable[[str], bool]:
    return lambda line: text in line


def _names_an_agency(line: str) -> bool:
    return _AGENCY_NAME.search(line) is not None


def _ends_on_a_letter(line: str) -> bool:
    return _LETTER.fullmatch(line.removesuffix("\n")[-1:]) is not None  # ``$`` allows one final newline


# what each pattern above cannot match without (a cheap test before the regex): the label's
# colon, an agency's name, the copyright sign, anything, a letter at the end
_CREDIT_NEEDS: tuple[Callable[[str], bool], ...] = (
    _needs(":"),
    _needs(":"),
    _names_an_agency,
    _needs("©"),
    _names_an_agency,
    _needs(""),
    _ends_on_a_letter,
)
MAX_CAPTION_CHARS = 300  # captions are short; a longer line with a credit is a paragraph


# cached: the segmenter, the subhead search and the body builder ask about the same lines
# (an article has a few dozen lines; the answer is an immutable tuple)
@lru_cache(maxsize=64)
def split_credit(line: str) -> tuple[str, str] | None:
    """``(caption, credit)`` when ``line`` ends with a photo credit.

    >>> split_credit("Les supporters lors du derby.KEYSTONE")
    ('Les supporters lors du derby.', 'KEYSTONE')
    >>> split_credit("Blick auf die Altstadt. Bild: Keystone")
    ('Blick auf die Altstadt.', 'Bild: Keystone')
    >>> split_credit("Der Bundesrat hat entschieden, sagte er der AFP.") is None
    True
    """
    if len(line) > MAX_CAPTION_CHARS:
        return None
    for needs, pattern in zip(_CREDIT_NEEDS, CREDIT_PATTERNS, strict=True):
        match = pattern.match(line) if needs(line) else None
        if match:
            return match.group(1).strip(), match.group(2).strip()
    return None


# --- quotes with their attribution ---------------------------------------------------

# "«Nous sommes prêts.» – Pierre-Alain Gerber, syndic": the quote, an en dash, who said it
QUOTE = re.compile(r"^([«„“\"‘‹][^\n]*[»“”\"’›])\s+[–—]\s+([^\s–—].{0,150})$")


def split_quote(line: str) -> tuple[str, str] | None:
    """``(quote, attribution)`` when ``line`` is a quote followed by its attribution.

    >>> split_quote("«Nous sommes prêts.» – Pierre-Alain Gerber, syndic")
    ('«Nous sommes prêts.»', 'Pierre-Alain Gerber, syndic')
    >>> split_quote("«Nous sommes prêts», a dit le syndic.") is None
    True
    """
    match = QUOTE.match(line)
    return (match.group(1), match.group(2)) if match else None


# --- fact boxes, bullets, subheads ------------------------------------------------------

# Headings of fact/summary boxes (compared case-insensitively, final colon ignored).
FACTBOX_HEADINGS = _table(
    "factbox headings",
    [
        "Les faits",  # 24 heures, Tribune de Genève
        "En bref",
        "L'essentiel",
        "L’essentiel",
        "En chiffres",
        "Les points clés",
        "Ce qu'il faut savoir",
        "Repères",
        "Darum gehts",  # 20 Minuten
        "Darum geht's",
        "Darum geht’s",
        "Das Wichtigste in Kürze",  # Tages-Anzeiger
        "Das Wichtigste",
        "In Kürze",
        "Die Fakten",
        "In Zahlen",
        "In brief",
        "Key facts",
        "Key points",
        "The facts",
        "At a glance",
        "What you need to know",
    ],
)
BULLET = re.compile(r"^[•·▪◦●*–—-]\s*(?=\S)")
MAX_ITEM_CHARS = 300


def is_factbox_heading(line: str) -> bool:
    """
    >>> is_factbox_heading("Darum gehts:"), is_factbox_heading("Darum gehts nicht")
    (True, False)
    """
    return line.strip().rstrip(":").strip().casefold() in FACTBOX_HEADINGS


def bullet_text(line: str) -> str | None:
    """The item text of a bullet line, else None.

    >>> bullet_text("• Le vote a lieu dimanche."), bullet_text("- 12 blessés"), bullet_text("-5 degrés")
    ('Le vote a lieu dimanche.', '12 blessés', None)
    """
    match = BULLET.match(line)
    if match is None or (line[0] in "-–" and not line[1:2].isspace()):
        return None
    return line[match.end() :]


MAX_SUBHEAD_CHARS = 90
_SUBHEAD_END_OK = re.compile(r"[^.,;:…]$")


@lru_cache(maxsize=64)  # asked about each line by several passes (and about its neighbours)
def looks_like_subhead(line: str) -> bool:
    """A short capitalised line without final period (the next line decides the rest).

    >>> looks_like_subhead("Pris au piège"), looks_like_subhead("Il est parti.")
    (True, False)
    """
    words = line.split()
    if not words or len(line) > MAX_SUBHEAD_CHARS or len(words) > MAX_SUBHEAD_WORDS:
        return False
    first = line.lstrip("«»\"„“'")[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    if line.endswith(("?", "!")) and len(words) > 8:
        return False
    return bool(_SUBHEAD_END_OK.search(line)) and not is_signature(line) and not is_byline(line)
