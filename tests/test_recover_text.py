"""Recovery of flattened text exports: the seed, glued variants, false friends, fixtures.

The seed (/work/shared/seed/syrie-alep.txt) is a real damaged export; the fixtures in
tests/fixtures/text/ are our own articles carrying the damage kinds of DESIGN.md.
"""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from archivist.errors import EmptyRecord, UnreadableText
from archivist.exports.ninjs import to_ninjs
from archivist.model import Block, LegacyRecord, Role
from archivist.process import process_record
from archivist.recover.glue import sentence_glues, split_kicker, word_glues
from archivist.recover.text import recover_text

FIXTURES = Path(__file__).parent / "fixtures" / "text"

SEED_SUBHEADS = [
    "Pris au piège",
    "Les rebelles veulent rester",
    "Raids meurtriers",
    "Pas de discussions à Genève",
]
SEED_PARAGRAPH_STARTS = [
    "Le régime syrien et ses alliés",
    "Trois semaines après",
    "Chaar est",
    "Submergés par",
    "Cette avancée",
    "Impuissants,",
    "Pour l'heure,",
    "Un représentant",
    "De son côté,",
    "Pour accentuer",
    "Pendant ce temps,",
    "Le chef de la diplomatie",
    "Ce à quoi",
    "La Russie a par ailleurs",
]


def _record(text: str, legacy_id: str = "x") -> LegacyRecord:
    return LegacyRecord(legacy_id, "text", text.encode("utf-8"), origin=f"{legacy_id}.txt")


def _glue_body(text: str) -> str:
    """The seed with everything after the title line glued onto one line."""
    lines = text.rstrip("\n").split("\n")
    return lines[0] + "\n" + "".join(lines[1:]) + "\n"


def _glue_all(text: str) -> str:
    return "".join(text.rstrip("\n").split("\n")) + "\n"


def _recovered_blocks(title: str, lead: str, paragraphs: list[str]) -> tuple[Block, ...]:
    """The blocks recovered from a flattened article: title, lead, then one line each."""
    source = f"{title}\n{lead}\n" + "\n".join(paragraphs) + "\n"
    return recover_text(source, legacy_id="x").article.blocks


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(lambda t: t, id="as-exported"),
        pytest.param(_glue_body, id="body-on-one-line"),
        pytest.param(_glue_all, id="everything-on-one-line"),
    ],
)
def test_seed(seed_path: Path, ninjs_schema: dict[str, object], variant: object) -> None:
    text = variant(seed_path.read_text(encoding="utf-8"))  # type: ignore[operator]
    processed = process_record(_record(text, "syrie-alep"))
    article = processed.article
    assert article.kicker == "Syrie - Alep"
    assert article.title == "Le régime s'empare de nouveaux quartiers rebelles"
    assert (
        article.lead == "Les troupes du régime syrien contrôlent désormais plus de 70% de ce bastion insurgé."
    )
    assert article.language == "fr"
    assert article.imported
    assert [b.text for b in article.blocks if b.role is Role.SUBHEAD] == SEED_SUBHEADS
    paragraphs = [b.text for b in article.blocks if b.role is Role.PARAGRAPH]
    assert len(paragraphs) == len(SEED_PARAGRAPH_STARTS)
    assert all(p.startswith(s) for p, s in zip(paragraphs, SEED_PARAGRAPH_STARTS, strict=True))
    assert all("automatiquement importé" not in b.text for b in article.blocks)
    item = to_ninjs(article)
    jsonschema.validate(item, ninjs_schema)
    html = item["bodies"][0]["value"]
    assert html.count("<h2>") == 4 and html.count("<p>") == 14
    assert html.index("Pris au piège") < html.index("Raids meurtriers") < html.index("Pas de discussions")
    assert "community-feedback" not in html


def test_seed_as_exported_takes_only_the_kicker_and_notice_steps(seed_path: Path) -> None:
    processed = process_record(_record(seed_path.read_text(encoding="utf-8"), "syrie-alep"))
    assert [s.rule for s in processed.steps] == ["remove_import_notice", "split_kicker_title"]
    assert processed.confidence == 1.0


# --- false friends are never split ---------------------------------------------------

FALSE_FRIENDS = [
    "TikTok",
    "PostFinance",
    "McDonald's",
    "iPhone",
    "SwissCovid",
    "YouTube",
    "WhatsApp",
    "LinkedIn",
    "PayPal",
    "OpenAI",
    "eBay",
    "iPhones",
    "l'iPhone",
    "YouTuber",
]


@pytest.mark.parametrize("word", FALSE_FRIENDS)
def test_false_friend_words_are_not_glues(word: str) -> None:
    sentence = f"Am Montag hat {word} die Zahlen vorgelegt, wie die Firma mitteilte."
    assert list(word_glues(sentence)) == []
    assert split_kicker(f"{word} meldet Rekordzahlen") is None


@pytest.mark.parametrize(
    ("line", "kicker", "title"),
    [
        # a kicker ending on an acronym
        (
            "Fussball-EMDie Schweiz trifft auf Deutschland",
            "Fussball-EM",
            "Die Schweiz trifft auf Deutschland",
        ),
        ("Affaire UBSLa banque doit payer une amende", "Affaire UBS", "La banque doit payer une amende"),
        # a kicker ending on a number
        ("Formule 1Verstappen gagne à Monaco", "Formule 1", "Verstappen gagne à Monaco"),
        # a kicker that is a camel-case brand: the brand is kept whole
        ("TikTokLe réseau social interdit aux mineurs", "TikTok", "Le réseau social interdit aux mineurs"),
        ("ChatGPTOpenAI lance une nouvelle version", "ChatGPT", "OpenAI lance une nouvelle version"),
    ],
)
def test_kicker_glued_to_title(line: str, kicker: str, title: str) -> None:
    assert split_kicker(line) == (kicker, title)


@pytest.mark.parametrize(
    "title",
    ["Der SBB-Chef tritt zurück", "UBS zahlt 3 Milliarden", "Top 10 der besten Filme", "Les CFF et la BLS"],
)
def test_titles_with_acronyms_and_numbers_have_no_kicker(title: str) -> None:
    assert split_kicker(title) is None


@pytest.mark.parametrize(
    "text",
    [
        "Er fuhr z.B. nach Bern.",  # abbreviation with a capital inside
        "Das Spiel in St.Gallen endete spät.",  # place name without space
        "Der Wert stieg um 1.5 Prozent.",  # decimal
        "Mehr dazu auf 20min.ch lesen Sie hier.",  # domain
        "Die Nr.5 fehlt, sagte Dr.Müller am 3.Mai.",  # number sign, title, date
        "Schreiben Sie an info@Example.ch noch heute.",  # e-mail
        "Die U.S.A. und J.K.Rowling sind gemeint.",  # initials
    ],
)
def test_false_friend_sentence_ends_are_not_paragraph_breaks(text: str) -> None:
    assert sentence_glues(text) == []


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        # French ticker stamp glued to a photo credit that has no final period
        ("Le public attend. Keystone/Marc Rossi18h05 - Le coup d'envoi est donné.", ["18h05 - Le"]),
        # French ticker stamp glued after a score that ends on a digit and a period
        ("Lausanne mène 3-0.19h12 - BUT! Genève réduit l'écart.", ["19h12 - BUT"]),
        # English ticker stamp with am/pm
        ("Counting goes on through the night.2.15am: The first seat declares.", ["2.15am: The"]),
        # German ticker stamp with Uhr
        ("Die Urnen sind zu.12.05 Uhr: Erste Trends liegen vor.", ["12.05 Uhr: E"]),
        # a numbered heading glued after a sentence end
        ("Our list opens here.3. The Long Road Home is next.", ["3. The Long "]),
        # a quoted heading glued to the quote that opens its paragraph
        ("Tout est dit.«Aucun regret»«Je referais la même course», dit-elle.", ["«Aucun reg", "«Je refera"]),
        # no stamp: a time inside a sentence, a decimal, an ordinal date
        ("Der Zug fuhr um 14h30 - pünktlich - und legte 1.5 km am 4. Mai zurück.", []),
    ],
)
def test_ticker_stamps_and_numbered_headings_glued(text: str, starts: list[str]) -> None:
    assert [text[i : i + len(s)] for i, s in zip(sentence_glues(text), starts, strict=False)] == starts
    assert len(sentence_glues(text)) == len(starts)


@pytest.mark.parametrize(
    "word", ["TikTok", "PostFinance", "McDonald's", "iPhone", "SwissCovid", "z.B.", "20min.ch", "1.5"]
)
def test_false_friends_survive_recovery_unchanged(word: str) -> None:
    body = f"Nach Angaben der Behörden nutzten viele Leute {word} am Wochenende."
    text = f"Ein Titel ohne Kicker\nEin kurzer Lead.\n{body}\nNoch ein zweiter Absatz folgt hier.\n"
    processed = process_record(_record(text))
    assert processed.article.blocks[0].text == body
    assert processed.steps == ()


# --- one line: kicker, lead, byline, caption, quote, fact box ------------------------


@pytest.mark.parametrize(
    ("line", "role", "text", "credit"),
    [
        # caption with a glued agency credit
        ("Les supporters lors du derby.KEYSTONE", Role.CAPTION, "Les supporters lors du derby.", "KEYSTONE"),
        # caption with a labelled credit
        ("Die Altstadt im Nebel. Bild: Keystone", Role.CAPTION, "Die Altstadt im Nebel.", "Bild: Keystone"),
        # caption with a credit in parentheses
        ("Der Hafen von Rorschach (Foto: Reuters)", Role.CAPTION, "Der Hafen von Rorschach", "Foto: Reuters"),
        # quote with its attribution
        (
            "«Nous sommes prêts.» – Pierre-Alain Gerber, syndic",
            Role.QUOTE,
            "«Nous sommes prêts.»",
            "Pierre-Alain Gerber, syndic",
        ),
    ],
)
def test_block_lines(line: str, role: Role, text: str, credit: str) -> None:
    source = f"Titre\nUn chapô court.\nUn premier paragraphe assez long pour en être un.\n{line}\nLa fin.\n"
    block = recover_text(source, legacy_id="x").article.blocks[1]
    assert (block.role, block.text, block.credit) == (role, text, credit)


@pytest.mark.parametrize(
    ("line", "text", "credit"),
    [
        # a free description as credit, after a finished sentence (clean export shape)
        (
            "La gare de Sion en 1958. Archives de la Médiathèque Valais",
            "La gare de Sion en 1958.",
            "Archives de la Médiathèque Valais",
        ),
        # an English courtesy line
        (
            "The quartet rehearsing in the barn. Courtesy of the band",
            "The quartet rehearsing in the barn.",
            "Courtesy of the band",
        ),
        # an agency with two photographers' slashes
        (
            "Die Brücke nach dem Unwetter. Keystone/Ti-Press/Elia Bianchi",
            "Die Brücke nach dem Unwetter.",
            "Keystone/Ti-Press/Elia Bianchi",
        ),
    ],
)
def test_caption_with_free_credit_is_no_repair(line: str, text: str, credit: str) -> None:
    source = f"Titre\nUn chapô court.\nUn premier paragraphe assez long pour en être un.\n{line}\nLa fin.\n"
    processed = recover_text(source, legacy_id="x")
    block = processed.article.blocks[1]
    assert (block.role, block.text, block.credit) == (Role.CAPTION, text, credit)
    assert processed.steps == ()


@pytest.mark.parametrize(
    "line",
    [
        "Die Frist läuft bis zum 14. September",  # a German ordinal date, no sentence end
        "New rehearsals with Dr. Morrow every Friday",  # an abbreviation, no sentence end
        "Wir wissen es nicht. Die Lage bleibt unklar.",  # a paragraph ends on a period
    ],
)
def test_no_free_credit_without_a_finished_sentence(line: str) -> None:
    source = f"Titre\nUn chapô court.\nUn premier paragraphe assez long pour en être un.\n{line}\nLa fin.\n"
    block = recover_text(source, legacy_id="x").article.blocks[1]
    assert block.role is not Role.CAPTION


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        ("Von Hans Muster", "Von Hans Muster"),  # German byline
        ("Par Jean Dupont, Genève", "Par Jean Dupont, Genève"),  # French byline with place
        ("By Jane Doe", "By Jane Doe"),  # English byline
    ],
)
def test_byline_after_lead(line: str, byline: str) -> None:
    source = f"Titre\nUn chapô court.\n{line}\nUn premier paragraphe.\nUn second paragraphe.\n"
    article = recover_text(source, legacy_id="x").article
    assert article.byline == byline
    assert [b.text for b in article.blocks] == ["Un premier paragraphe.", "Un second paragraphe."]


@pytest.mark.parametrize("signature", ["(ATS/AFP)", "SDA/sep", "(DPA/jar)", "SDA"])
def test_agency_signature_at_the_end(signature: str) -> None:
    source = f"Titel\nEin Lead.\nEin Absatz mit Text.\nNoch ein Absatz.\n{signature}\n"
    article = recover_text(source, legacy_id="x").article
    assert article.byline == signature
    assert all(signature not in b.text for b in article.blocks)


def test_factbox_with_bullets() -> None:
    source = "Titel\nEin Lead.\nEin Absatz.\nDarum gehts\n• Erstens\n• Zweitens\nDer Schluss.\n"
    blocks = recover_text(source, legacy_id="x").article.blocks
    assert (blocks[1].role, blocks[1].text, blocks[1].items) == (
        Role.FACTBOX,
        "Darum gehts",
        ("Erstens", "Zweitens"),
    )


def test_dateline_is_taken_off_the_first_paragraph() -> None:
    source = "Titre\nGENÈVE - Le Conseil d'Etat a tranché mardi.\nLa suite.\n"
    article = recover_text(source, legacy_id="x").article
    assert (article.dateline, article.lead) == ("GENÈVE", "Le Conseil d'Etat a tranché mardi.")


@pytest.mark.parametrize(
    ("notice", "language"),
    [
        (
            "Dieser Artikel wurde automatisch aus unserem alten Redaktionssystem auf unsere neue Website "
            "importiert. Falls Sie auf Darstellungsfehler stossen, melden Sie diese bitte an "
            "community-feedback@example.ch. Vielen Dank für Ihr Verständnis.",
            "de",
        ),
        (
            "This article was automatically imported from our old content management system to our new "
            "website. It may contain some layout errors. Please report any errors to "
            "community-feedback@example.com. Thank you for your understanding.",
            "en",
        ),
    ],
)
def test_notice_variants_glued_to_the_last_paragraph(notice: str, language: str) -> None:
    last = "Das ist der letzte Satz." if language == "de" else "This is the last sentence of the story."
    source = f"Titel\nEin Lead.\nEin Absatz.\n{last}{notice}\n"
    article = recover_text(source, legacy_id="x").article
    assert article.imported
    assert article.blocks[-1].text == last


# --- the damaged fixture articles -------------------------------------------------------


def _fixture(name: str) -> LegacyRecord:
    path = FIXTURES / name
    return LegacyRecord(path.stem, "text", path.read_bytes(), origin=str(path))


def test_fixture_fr_body_glued_on_one_line() -> None:
    processed = process_record(_fixture("fr-lausanne-glued.txt"))
    a = processed.article
    assert (a.kicker, a.title) == ("Vaud - Transports", "Le métro m3 coûtera plus cher que prévu")
    assert a.byline == "Par Claire Monnier; (ATS)"
    roles = [(b.role, b.text[:25]) for b in a.blocks]
    assert roles == [
        (Role.PARAGRAPH, "Les travaux de la nouvell"),
        (Role.PARAGRAPH, "Selon le nouveau devis, l"),
        (Role.CAPTION, "Le chantier de la gare so"),
        (Role.SUBHEAD, "Des communes inquiètes"),
        (Role.PARAGRAPH, "Les communes du nord laus"),
        (Role.PARAGRAPH, "Le Grand Conseil se prono"),
    ]
    assert a.blocks[2].credit == "KEYSTONE"
    assert a.imported and a.language == "fr"


def test_fixture_de_runin_subheads_factbox_promo() -> None:
    processed = process_record(_fixture("de-winterthur-runin.txt"))
    a = processed.article
    assert (a.kicker, a.title) == ("Winterthur", "Stadtrat will das Eisfeld auf dem Teuchelweiher retten")
    assert a.lead.endswith("4,2 Millionen Franken.")  # the comment count "7" is gone
    assert a.byline == "Von Martin Keller; SDA/sda"
    assert [b.text for b in a.blocks if b.role is Role.SUBHEAD] == [
        "Ein Kredit für zwei Jahrzehnte",
        "Kritik von den Grünen",
    ]
    factbox = next(b for b in a.blocks if b.role is Role.FACTBOX)
    assert factbox.text == "Darum gehts" and len(factbox.items) == 3
    caption = next(b for b in a.blocks if b.role is Role.CAPTION)
    assert caption.credit == "Bild: Stadt Winterthur"
    assert all("Fehler entdeckt" not in b.text for b in a.blocks)


def test_fixture_en_hard_wrapped_with_encoding_damage() -> None:
    processed = process_record(_fixture("en-soil-wrapped.txt"))
    a = processed.article
    assert (a.kicker, a.title) == ("Science", "Volunteers help find a new antibiotic in garden soil")
    assert [b.text for b in a.blocks if b.role is Role.SUBHEAD] == ["Years of testing ahead"]
    paragraphs = [b.text for b in a.blocks if b.role is Role.PARAGRAPH]
    assert len(paragraphs) == 4
    assert "project’s leader" in paragraphs[2] and "4,000 samples" in paragraphs[1]
    assert "drug-resistant" in paragraphs[0]  # a compound broken at its hyphen keeps it
    rules = {s.rule for s in processed.steps}
    assert {"unwrap_hard_lines", "fix_encoding"} <= rules


# --- records the parser refuses ---------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        (b"", EmptyRecord),  # empty file
        (b"  \n\n ", EmptyRecord),  # only blanks
        (b"\x00\x01\x02\x03binary", UnreadableText),  # binary garbage
        (bytes(range(1, 32)) * 20, UnreadableText),  # control characters
        (b"\x81\x8d\x8f\x90\x9d" * 10, UnreadableText),  # neither UTF-8 nor cp1252 text
    ],
)
def test_unusable_records_are_refused_with_their_name(raw: bytes, error: type[Exception]) -> None:
    record = LegacyRecord("bad-1", "text", raw, origin="dump.txt", position="line 7")
    with pytest.raises(error, match=r"dump\.txt, line 7"):
        process_record(record)


def test_cp1252_text_is_decoded_with_a_finding() -> None:
    record = LegacyRecord("old", "text", "Titel\nDer Entscheid fällt im Herbst.\n".encode("cp1252"))
    processed = process_record(record)
    assert processed.article.lead == "Der Entscheid fällt im Herbst."
    assert "decoded-cp1252" in {f.code for f in processed.findings}


def test_recovery_is_deterministic(seed_path: Path) -> None:
    record = _record(_glue_body(seed_path.read_text(encoding="utf-8")))
    assert process_record(record) == process_record(record)


@pytest.mark.parametrize(
    ("glued", "kept"),
    [
        # German: the space before a linked phrase lost after a period
        (
            "Die Polizei sperrte die Strasse.Mehrere Anwohner mussten ihre Wohnungen verlassen.",
            "Die Polizei sperrte die Strasse. Mehrere Anwohner mussten ihre Wohnungen verlassen.",
        ),
        # French: the same after a closing guillemet
        (
            "Le maire parle d'un «désastre».Les pompiers ont travaillé toute la nuit sur place.",
            "Le maire parle d'un «désastre». Les pompiers ont travaillé toute la nuit sur place.",
        ),
    ],
)
def test_sentence_glue_in_a_body_that_kept_its_lines(glued: str, kept: str) -> None:
    paragraphs = [
        "Le premier paragraphe raconte ce qui s'est passé mardi soir dans le quartier, quand les"
        " sirènes ont retenti peu avant minuit et que les premiers habitants sont sortis dans la rue.",
        "Les habitants du quartier sont encore sous le choc ce matin.",
        glued,
        "Les autorités promettent une enquête sur la cause du sinistre.",
    ]
    source = "Titre\nUn chapô court.\n" + "\n".join(paragraphs) + "\n"
    processed = process_record(LegacyRecord("x", "text", source.encode(), origin="x.txt"))
    assert [b.text for b in processed.article.blocks] == [*paragraphs[:2], kept, paragraphs[3]]


@pytest.mark.parametrize(
    ("runin", "head"),
    [
        # a German heading ending on the particle "an" (an English article elsewhere)
        (
            "Gemeinde bietet Notunterkünfte an Die Turnhalle steht ab Freitag allen offen,"
            " die ihre Wohnung verlassen mussten.",
            "Gemeinde bietet Notunterkünfte an",
        ),
        # one run-in heading alone: the next word is capitalised, the text writes it in lower case
        (
            "Wer jetzt zahlen muss Jetzt trifft es vor allem Familien, die erst vor kurzem"
            " eine Wohnung gemietet haben.",
            "Wer jetzt zahlen muss",
        ),
        # a heading ending on a preposition before a noun the text writes in lower case too
        (
            "Ein Fonds für Junge Die Stadt zahlt Lernenden ab dem Sommer einen Zuschuss,"
            " wenn sie ein Zimmer mieten.",
            "Ein Fonds für Junge",
        ),
    ],
)
def test_german_single_runin_subhead(runin: str, head: str) -> None:
    paragraphs = [
        "Die Stadt Biel hat am Dienstag ihr neues Wohnprogramm vorgestellt, das vor allem junge"
        " und ältere Menschen entlasten soll.",
        "Die Mieten sind in den letzten fünf Jahren um fast ein Fünftel gestiegen,"
        " jetzt will der Gemeinderat handeln.",
        runin,
        "Das Parlament entscheidet im Herbst über den Kredit von zwölf Millionen Franken.",
    ]
    blocks = _recovered_blocks("Titel des Artikels", "Ein kurzer Lead.", paragraphs)
    assert [b.text for b in blocks if b.role is Role.SUBHEAD] == [head]
    assert runin[len(head) + 1 :] in [b.text for b in blocks if b.role is Role.PARAGRAPH]


@pytest.mark.parametrize(
    ("runin", "head"),
    [
        # initials inside an English heading are no sentence end
        (
            "Pressure from the U.N. grows The council will meet again on Monday to discuss the new"
            " proposal for a ceasefire.",
            "Pressure from the U.N. grows",
        ),
        # initials in the middle of the heading
        (
            "A new role for the E.U. in Africa The ministers want a mission on the ground before the"
            " end of the year.",
            "A new role for the E.U. in Africa",
        ),
    ],
)
def test_runin_subhead_with_initials(runin: str, head: str) -> None:
    paragraphs = [
        "The talks ended without an agreement late on Tuesday, after nine hours of negotiations"
        " behind closed doors.",
        "Both delegations said they were ready to continue.",
        runin,
        "Aid agencies warned that supplies would run out within days.",
    ]
    blocks = _recovered_blocks("A headline for the test", "A short lead.", paragraphs)
    assert [b.text for b in blocks if b.role is Role.SUBHEAD] == [head]


@pytest.mark.parametrize(
    ("line", "head"),
    [
        # a question closes the heading
        (
            "Who pays for the repairs? Insurers say the damage to the old station will cost at least"
            " two million pounds.",
            "Who pays for the repairs?",
        ),
        # a name the article uses elsewhere, between lower-case words, opens the paragraph
        (
            "Back to the drawing board Okafor wants the engineers to present a cheaper route before"
            " the end of the summer.",
            "Back to the drawing board",
        ),
        # a comma inside the heading, before a capitalised article
        (
            "Slower, but safer The line will run at lower speeds through the old tunnel, which"
            " engineers say will cut the risk of delays.",
            "Slower, but safer",
        ),
        # not a heading: a verb before the name makes the name its object
        (
            "The engineers have also asked Okafor to review the plans before the council votes"
            " on the budget next month.",
            None,
        ),
        # not a heading: a heading never ends on a preposition ("between")
        (
            "Turnout between Glasgow and the rural districts differed widely, officials said after"
            " the count on Friday.",
            None,
        ),
        # not a heading: "I've" is capitalised anywhere in a sentence
        (
            "“It is the hardest week I've had in this job, and it is not over yet,” said the"
            " transport manager on Tuesday evening.",
            None,
        ),
    ],
)
def test_runin_subhead_on_weaker_signs_when_the_article_shows_the_damage(line: str, head: str | None) -> None:
    # one heading is run in on a strong sign (a capitalised article mid-line): the other
    # lines are searched again on weaker signs
    paragraphs = [
        "Mayor Grace Okafor presented the plan for the new tram line on Monday, two years after"
        " the first proposal was rejected.",
        "Funding still unclear The council has not said where the money for the second phase"
        " of the project will come from.",
        line,
        "A public consultation will open in September, Okafor said.",
    ]
    blocks = _recovered_blocks("A headline for the test", "A short lead.", paragraphs)
    expected = ["Funding still unclear", *([head] if head else [])]
    assert [b.text for b in blocks if b.role is Role.SUBHEAD] == expected


def test_runin_subheads_are_searched_despite_a_slideshow_counter_or_a_byline() -> None:
    # a counter ("3 / 8") or a byline on its own line is no bare subhead: it does not
    # show that the subheads kept their lines
    paragraphs = [
        "By Tom Reilly",
        "The regional rail operator confirmed on Monday that the line will close for six weeks"
        " this summer for repairs.",
        "3 / 8",
        "Buses replace trains The operator will run replacement buses every twenty minutes"
        " between the two towns, it said.",
        "Tickets stay valid Passengers can use their season tickets on the buses without paying"
        " anything extra, the operator said.",
    ]
    blocks = _recovered_blocks("A headline for the test", "A short lead.", paragraphs)
    subheads = [b.text for b in blocks if b.role is Role.SUBHEAD]
    assert subheads == ["Buses replace trains", "Tickets stay valid"]


def test_byline_after_a_repeated_lead_is_the_byline() -> None:
    # the template printed the lead twice (the first time with a comment count glued to
    # it), then the byline: the byline still stands before the body
    source = (
        "Le tunnel du Simplon fermé cet été\n"
        "Le tunnel restera fermé tout l'été pour des travaux.14\n"
        "Le tunnel restera fermé tout l'été pour des travaux.\n"
        "Par Anne Rochat\n"
        "Les CFF ont annoncé lundi que le tunnel serait fermé de juin à septembre pour remplacer"
        " les voies et la ligne de contact.\n"
    )
    processed = process_record(LegacyRecord("x", "text", source.encode(), origin="x.txt"))
    assert processed.article.byline == "Par Anne Rochat"
    assert [b.text for b in processed.article.blocks] == [
        "Les CFF ont annoncé lundi que le tunnel serait fermé de juin à septembre pour remplacer"
        " les voies et la ligne de contact."
    ]


@pytest.mark.parametrize(
    ("body", "byline", "subheads", "last"),
    [
        # a paywall line glued to the paragraph before it in a body stored on one line
        (
            "Der Flughafen blieb am Morgen drei Stunden lang geschlossen, wie ein Sprecher sagte."
            "Die Passagiere wurden auf andere Flüge umgebucht, die meisten erreichten ihr Ziel noch"
            " am gleichen Tag, einige mussten aber eine Nacht im Hotel verbringen, auf Kosten der"
            " Fluggesellschaft. Der Flughafen will den Vorfall nun mit den Behörden und der"
            " Fluggesellschaft genau untersuchen, ein Bericht soll bis im Sommer vorliegen."
            "SDADieser Artikel ist unseren Abonnentinnen und Abonnenten vorbehalten.",
            "SDA",
            [],
            "Die Passagiere wurden auf andere Flüge umgebucht, die meisten erreichten ihr Ziel noch"
            " am gleichen Tag, einige mussten aber eine Nacht im Hotel verbringen, auf Kosten der"
            " Fluggesellschaft. Der Flughafen will den Vorfall nun mit den Behörden und der"
            " Fluggesellschaft genau untersuchen, ein Bericht soll bis im Sommer vorliegen.",
        ),
        # an agency signature glued to the last list item
        (
            "Der Bundesrat hat am Mittwoch ein Hilfspaket für die betroffenen Regionen beschlossen."
            "Das Wichtigste in Kürze:\n• Zwei Millionen Franken Soforthilfe\n• Die Armee hilft beim"
            " Räumen(SDA/Reuters/flu)",
            "(SDA/Reuters/flu)",
            [],
            "",
        ),
        # a newsletter promo glued to a subhead run into it
        (
            "Die Gemeinde hat am Montag ihre neue Strategie vorgestellt, die bis 2030 gelten soll.\n"
            "Ein langer Weg Abonnieren Sie unseren Newsletter und erhalten Sie jeden Morgen das"
            " Wichtigste.\n"
            "Bis die ersten Häuser gebaut werden, dürften noch einige Jahre vergehen, sagte der"
            " Gemeindepräsident.",
            "",
            ["Ein langer Weg"],
            "Bis die ersten Häuser gebaut werden, dürften noch einige Jahre vergehen, sagte der"
            " Gemeindepräsident.",
        ),
    ],
)
def test_promos_and_signatures_glued_into_the_body(
    body: str, byline: str, subheads: list[str], last: str
) -> None:
    source = "Titel des Artikels\nEin kurzer Lead zum Artikel.\n" + body + "\n"
    article = process_record(LegacyRecord("x", "text", source.encode(), origin="x.txt")).article
    assert article.byline == byline
    assert [b.text for b in article.blocks if b.role is Role.SUBHEAD] == subheads
    texts = " ".join(b.text for b in article.blocks)
    assert "Abonn" not in texts and "SDA" not in texts
    if last:
        assert article.blocks[-1].text == last


@pytest.mark.parametrize(
    ("text", "after"),
    [
        (
            "…a déclaré Laurent Despland, PLRLa nouvelle Municipalité entre en fonction en juillet.",
            ["La nouvelle Municipalité entre en fonction en juillet."],
        ),
        (
            "Runners on the Mall. Photo: PAIn the wheelchair races, the course record fell.",
            ["In the wheelchair races, the course record fell."],
        ),
        ("Die UNO In New York tagt der Sicherheitsrat.", []),  # a space: no glue
        # a caption's credit glued to the subhead after it
        (
            "The ferry capsized off Kalymnos. Photo: AFPBritons among passengers",
            ["Britons among passengers"],
        ),
    ],
)
def test_an_acronym_glued_to_the_function_word_opening_the_next_block(text: str, after: list[str]) -> None:
    assert [text[i:] for i in sentence_glues(text)] == after
