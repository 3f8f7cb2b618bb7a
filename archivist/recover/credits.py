"""Split a photo credit from the caption it was glued to.

Captions in legacy exports end with their credit: ``…lors du derby.KEYSTONE``,
``…Die Altstadt. Bild: Keystone``, ``… (Photo: AFP)``, ``… © Reuters``
(DESIGN.md section 1, "caption glued to photo credit", 1 in 2 articles).

>>> split_credit("Les supporters lors du derby.KEYSTONE")
('Les supporters lors du derby.', 'KEYSTONE')
>>> split_credit("Die Altstadt von Bern. Bild: Keystone/Peter Klaunzer")
('Die Altstadt von Bern.', 'Keystone/Peter Klaunzer')
>>> split_credit("Une rue de Genève en 1950.")
('Une rue de Genève en 1950.', '')
"""

from __future__ import annotations

import re

# Words that introduce a credit, per language (from the survey in DESIGN.md).
CREDIT_LABELS = (
    "Bild",
    "Bilder",
    "Foto",
    "Fotos",
    "Photo",
    "Photos",
    "Image",
    "Images",
    "Illustration",
    "Grafik",
    "Infographie",
    "Crédit",
    "Crédits",
    "Credit",
    "Quelle",
    "Source",
    "Video",
    "Vidéo",
)
_LABELS = "|".join(CREDIT_LABELS)

# Ordered: the first rule that matches wins.
CREDIT_PATTERNS = (
    # "(Photo: AFP)" / "(Bild: Keystone)" at the end
    re.compile(rf"^(?P<caption>.*?)\s*\((?:{_LABELS})\s*:\s*(?P<credit>[^()]+)\)\s*$", re.S),
    # "… Bild: Keystone" / "…derby. Photo: Keystone/Laurent Gillieron"
    re.compile(rf"^(?P<caption>.*?[^\w\s]?)\s*(?<![\w-])(?:{_LABELS})\s*:\s*(?P<credit>[^:]{{2,80}})$", re.S),
    # "… © Reuters" / "…©KEYSTONE"
    re.compile(r"^(?P<caption>.*?)\s*(?:©|\(c\)|Copyright)\s*(?P<credit>[^©]{2,80})$", re.S),
    # "…lors du derby.KEYSTONE" / "…Genève. KEYSTONE/Salvatore Di Nolfi": capitals after
    # the sentence end (an agency name in capitals, then an optional photographer)
    re.compile(
        r"^(?P<caption>.*[.!?»\"”)])\s*(?P<credit>[A-ZÄÖÜÉÈ][A-ZÄÖÜÉÈ0-9&.\- ]{1,30}[A-Z0-9ÄÖÜ]"
        r"(?:\s*/\s*[\w .'’-]{2,60})?)$",
        re.S,
    ),
)


def split_credit(text: str) -> tuple[str, str]:
    """``(caption, credit)``; the credit is '' when none is found."""
    stripped = text.strip()
    for pattern in CREDIT_PATTERNS:
        match = pattern.match(stripped)
        if match and match.group("credit").strip():
            caption = match.group("caption").strip()
            credit = match.group("credit").strip()
            if caption or pattern is not CREDIT_PATTERNS[-1]:
                return caption, credit
    return stripped, ""
