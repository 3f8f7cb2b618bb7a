"""Site templates: learned from a legacy site's own pages, written as TOML, applied fast.

The mini site below is an old French CMS with a table layout: the title is bare text
in the ``<h1>`` after the kicker's span and a screen-reader-only separator, the date is
a plain ``span.date``, captions carry the credit in ``em.copyright``, and the body
holds an ad and a "related" box. None of its selectors is given to the learner.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archivist.cli import main
from archivist.config import MigrationConfig
from archivist.errors import ArchiveError, ConfigError
from archivist.model import LegacyRecord, Role
from archivist.recover import parse_record
from archivist.recover.html import parse_html
from archivist.templates import FieldRule, Template, load_template, template_from_toml, template_to_toml
from archivist.templates.apply import apply_template
from archivist.templates.learn import learn_template

FIXTURES = Path(__file__).parent / "fixtures" / "html"

# (kicker, title, lead, byline, date, paragraphs, subhead, caption, credit): written for these tests
ARTICLES = [
    ("Genève - Carouge", "Le marché du samedi déménage place du Temple",
     "Les maraîchers quittent la rue Saint-Victor après quarante ans, faute de place pour les camions.",
     "Marc Rochat", "12.03.2011",
     ["Dès le mois d'avril, les quarante stands du marché s'installeront place du Temple.",
      "Les commerçants de la rue Saint-Victor regrettent le départ de leurs meilleurs clients du samedi."],
     "Des places de parc en moins", "Les premiers stands montés à l'essai jeudi.", "Photo: L. Favre"),
    ("Valais - Sion", "La cathédrale retrouve ses cloches",
     "Restaurées pendant deux ans en Allemagne, les quatre cloches ont été hissées mardi dans le clocher.",
     "Anne Pitteloud", "08.06.2012",
     ["Une grue de quarante mètres a soulevé la plus lourde, qui pèse près de trois tonnes.",
      "Elles sonneront à nouveau pour la première fois le soir de Pentecôte."],
     "Un chantier de deux ans", "La grande cloche au-dessus du parvis.", "Photo: R. Berthod"),
    ("Neuchâtel", "Le funiculaire de Chaumont fermé pour l'été",
     "Les câbles doivent être remplacés, un bus assurera la liaison entre La Coudre et le sommet.",
     "Luc Jeanneret", "21.05.2013",
     ["Les travaux coûteront un million et demi de francs, financés par la ville et le canton.",
      "La compagnie promet une réouverture pour la fête des vendanges à fin septembre."],
     "Un bus toutes les demi-heures", "La cabine rouge à la station de La Coudre.", "Photo: S. Gerber"),
    ("Fribourg", "Les étudiants manquent de logements",
     "À trois semaines de la rentrée, plus de deux cents étudiants cherchent encore une chambre.",
     "Nadia Kolly", "25.08.2014",
     ["L'université ouvre un bureau d'aide au logement et publie les offres de particuliers.",
      "Certains étudiants dorment chez des amis ou font les trajets depuis Berne chaque jour."],
     "Les particuliers sollicités", "Une annonce au tableau de la cafétéria.", "Photo: C. Python"),
    ("Jura - Delémont", "Une horlogerie reprend l'ancienne usine à gaz",
     "L'entreprise créera soixante emplois d'ici trois ans dans le bâtiment classé de la gare.",
     "Pierre Chappuis", "03.02.2015",
     ["Le bâtiment de briques rouges était vide depuis la fermeture de l'usine en 1972.",
      "La commune vend le terrain pour un franc symbolique contre la promesse de garder la façade."],
     "Soixante emplois promis", "La façade de briques côté voies.", "Photo: J. Bourquin"),
    ("Vaud - Morges", "Le port attend ses nouvelles places d'amarrage",
     "Deux cent quatre-vingts navigateurs figurent sur la liste d'attente, certains depuis quinze ans.",
     "Sophie Mayor", "17.07.2016",
     ["Le projet d'agrandissement du port prévoit cent cinquante places supplémentaires.",
      "Les pêcheurs professionnels demandent que leurs emplacements soient réservés en priorité."],
     "Quinze ans d'attente", "Les voiliers serrés au ponton est.", "Photo: D. Burnand"),
]  # fmt: skip


def render(number: int, article: tuple) -> str:  # type: ignore[type-arg]
    kicker, title, lead, byline, date, paragraphs, subhead, caption, credit = article
    body = (
        f"<p>{escape(paragraphs[0])}</p>"
        '<div class="pub"><small>Publicité</small><img src="/pub/banniere.gif" alt=""></div>'
        f"<h3>{escape(subhead)}</h3>"
        f'<figure><img src="/images/{number}.jpg" alt="{escape(caption)}">'
        f'<figcaption>{escape(caption)} <em class="copyright">{escape(credit)}</em></figcaption></figure>'
        f"<p>{escape(paragraphs[1])}</p>"
        f'<div class="voir-aussi"><a href="/articles/{number + 100}.html">Lire aussi notre dossier</a></div>'
    )
    return f"""<html><head><meta charset="utf-8">
<title>{escape(kicker)}: {escape(title)} - Le Courrier du Léman</title>
<meta property="og:title" content="{escape(title)}"><meta name="description" content="{escape(lead)}">
</head><body><table id="layout"><tr>
<td class="menu"><a href="/">Accueil</a><br><a href="/region/">Région</a><br><a href="/sport/">Sport</a></td>
<td class="contenu">
<h1 class="titre"><span class="surtitre">{escape(kicker)}</span><span class="sr-only"> : </span>{
        escape(title)
    }</h1>
<div class="chapeau"><p>{escape(lead)}</p></div>
<div class="signature">Par {escape(byline)}</div><span class="date">{date}</span>
<div id="texte">{body}</div>
<div class="commentaires"><p>Commentaire n°{number}: tout à fait d'accord.</p></div>
</td></tr></table><div class="pied">© Le Courrier du Léman, tous droits réservés</div></body></html>"""


PAGES = [render(n, a) for n, a in enumerate(ARTICLES)]


@pytest.fixture(scope="module")
def learned() -> Template:
    return learn_template(PAGES[:5], site="courrier")  # the sixth page is kept for checking


def test_learning_finds_each_field(learned: Template) -> None:
    selectors = {name: rule.selector for name, rule in learned.fields.items()}
    assert selectors["title"] == "h1.titre"
    assert selectors["kicker"] == "span.surtitre"
    assert selectors["lead"].endswith("p") and "chapeau" in selectors["lead"]
    assert selectors["body"] == "div#texte"
    assert "signature" in selectors["byline"]
    assert selectors["date"] == "span.date"
    assert learned.fields["title"].required and learned.fields["body"].required
    assert all(rule.note for rule in learned.fields.values())  # every selector says how it was found


def test_template_nodes_inside_the_body_are_dropped(learned: Template) -> None:
    assert set(learned.drop) == {"div.pub", "div.voir-aussi"}


def test_applying_recovers_an_unseen_page_exactly(learned: Template) -> None:
    kicker, title, lead, byline, date, paragraphs, subhead, caption, credit = ARTICLES[5]
    found = apply_template(PAGES[5], learned)
    assert found is not None
    assert (found.kicker, found.title, found.lead) == (kicker, title, lead)  # the hidden " : " glues nothing
    assert found.byline == f"Par {byline}" and found.date == date
    assert [(b.role, b.text) for b in found.blocks] == [
        (Role.PARAGRAPH, paragraphs[0]),
        (Role.SUBHEAD, subhead),
        (Role.CAPTION, caption),
        (Role.PARAGRAPH, paragraphs[1]),
    ]
    figure = found.blocks[2]
    assert (figure.credit, figure.src, figure.alt) == (credit, "/images/5.jpg", caption)


def test_parse_with_template_builds_the_article(learned: Template) -> None:
    record = LegacyRecord("6", "html", PAGES[5].encode(), origin="6.html")
    processed = parse_html(record, learned)
    article = processed.article
    assert processed.findings == ()
    assert article.title == ARTICLES[5][1] and article.kicker == ARTICLES[5][0]
    assert article.byline == ARTICLES[5][3]  # "Par " left out
    assert article.published is not None and article.published.date().isoformat() == "2016-07-17"
    assert article.language == "fr"


def test_a_page_the_template_does_not_fit_falls_back_and_is_counted(learned: Template) -> None:
    record = LegacyRecord(
        "4711", "html", (FIXTURES / "piscines-lausanne.html").read_bytes(), origin="4711.html"
    )
    processed = parse_html(record, learned)
    assert [f.code for f in processed.findings] == ["template_miss"]
    assert processed.article.title == "La ville ferme trois piscines pour l'hiver"  # the generic path's work


def test_migrate_config_reaches_the_parser(tmp_path: Path, learned: Template) -> None:
    path = tmp_path / "site.toml"
    path.write_text(template_to_toml(learned), encoding="utf-8")
    record = LegacyRecord("6", "html", PAGES[5].encode(), origin="6.html")
    with_template = parse_record(record, MigrationConfig(template=str(path)))
    without = parse_record(record)
    assert with_template.confidence > without.confidence
    assert with_template.article.kicker == ARTICLES[5][0]


def test_toml_round_trip(learned: Template) -> None:
    text = template_to_toml(learned)
    assert "# " in text and "[fields.title]" in text  # commented for a person to read
    assert template_from_toml(text, "site.toml") == learned


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[fields.title", "not valid TOML"),  # broken TOML
        ('[template]\nversion = 9\n[fields.title]\nselector = "h1"', "version 9"),  # a future version
        ('[fields.title]\nselector = "h1"', "no \\[fields.body\\]"),  # body missing
        ('[fields.body]\nselector = "div"\n[fields.headline]\nselector = "h1"', "not a known field"),
        ('[fields.title]\nselector = ""\n[fields.body]\nselector = "div"', "empty selector"),
        ('[fields.title]\nselector = 3\n[fields.body]\nselector = "div"', "Not a valid string"),
    ],
)
def test_bad_template_files_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        template_from_toml(text, "site.toml")


def test_missing_template_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"nope\.toml"):
        load_template(tmp_path / "nope.toml")


def test_a_selector_lexbor_cannot_parse_makes_a_miss_not_a_crash() -> None:
    broken = Template({"title": FieldRule("h1[[", True), "body": FieldRule("div#texte", True)})
    assert apply_template(PAGES[0], broken) is None


def test_too_few_pages_learn_nothing() -> None:
    assert learn_template(PAGES[:1]).fields == {}


def test_cli_learn_and_check(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    for number, page in enumerate(PAGES):
        (site / f"{number}.html").write_text(page, encoding="utf-8")
    out = tmp_path / "site.toml"
    runner = CliRunner()
    result = runner.invoke(main, ["template", "learn", str(site), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "title          h1.titre" in result.output
    assert load_template(out).fields["body"].selector == "div#texte"
    checked = runner.invoke(main, ["template", "check", str(site), str(FIXTURES), "--template", str(out)])
    assert checked.exit_code == 0, checked.output
    assert "6 of 8 pages fit the template; 2 would fall back." in checked.output


def test_cli_learn_needs_two_pages(tmp_path: Path) -> None:
    (tmp_path / "1.html").write_text(PAGES[0], encoding="utf-8")
    result = CliRunner().invoke(main, ["template", "learn", str(tmp_path), "--out", str(tmp_path / "t.toml")])
    assert result.exit_code == 1
    assert "needs at least 2" in result.output


LEARNED = learn_template(PAGES[:5])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.tuples(st.integers(0, len(PAGES[5])), st.integers(0, len(PAGES[5])), st.text(max_size=30)))
def test_fuzz_mutated_pages_give_articles_or_typed_errors(cut: tuple[int, int, str]) -> None:
    start, end, insert = min(cut[:2]), max(cut[:2]), cut[2]
    page = PAGES[5][:start] + insert + PAGES[5][end:]
    record = LegacyRecord("fuzz", "html", page.encode("utf-8", "surrogatepass"), origin="fuzz.html")
    try:
        processed = parse_html(record, LEARNED)
    except ArchiveError:
        return
    assert isinstance(processed.article.title, str)


def test_migrate_with_template_stores_every_page(tmp_path: Path, db_url: str) -> None:
    site = tmp_path / "site"
    site.mkdir()
    for number, page in enumerate(PAGES):
        (site / f"{number}.html").write_text(page, encoding="utf-8")
    template = tmp_path / "site.toml"
    template.write_text(template_to_toml(learn_template(PAGES[:5])), encoding="utf-8")
    result = CliRunner().invoke(main, ["migrate", str(site), "--db", db_url, "--template", str(template)])
    assert result.exit_code == 0, result.output
    assert "read 6 = 6 + 0" in result.output


def test_learning_ignores_pages_of_another_layout() -> None:
    foreign = [(FIXTURES / name).read_bytes().decode("cp1252" if name.endswith("htm") else "utf-8")
               for name in ("piscines-lausanne.html", "harbour-tolls.htm")]  # fmt: skip
    mixed = learn_template([*PAGES[:4], *foreign])
    assert mixed.notes[0].startswith("learned from 4 of 6 sample pages")
    assert mixed.fields["title"].selector == "h1.titre"
    assert mixed.fields["body"].selector == "div#texte"


@pytest.mark.parametrize(
    ("selectors", "edit", "codes"),
    [
        ({}, ("", ""), []),  # the learned template: its fields agree with <title> and og:title
        ({"title": "div.signature"}, ("", ""), ["title_mismatch"]),  # a wrong title selector
        ({"kicker": "span.date"}, ("", ""), ["title_mismatch"]),  # kicker lost: the h1 keeps it in the title
        ({}, ("<title>Vaud - Morges:", "<title>Vaud - Nyon:"), ["kicker_mismatch"]),  # <title> disagrees
    ],
)
def test_template_fields_are_cross_checked_with_the_page(
    learned: Template, selectors: dict[str, str], edit: tuple[str, str], codes: list[str]
) -> None:
    fields = dict(learned.fields)
    for name, selector in selectors.items():
        fields[name] = FieldRule(selector, fields[name].required)
    edited = Template(fields, learned.drop, learned.pages)
    page = PAGES[5].replace(*edit) if edit[0] else PAGES[5]
    record = LegacyRecord("6", "html", page.encode(), origin="6.html")
    processed = parse_html(record, edited)
    assert [f.code for f in processed.findings] == codes
    assert (processed.confidence < 0.9) == bool(codes)


def _wrapped(page: str) -> str:
    """The same page from a CMS that wraps every body paragraph in its own div."""
    head, start, rest = page.partition('<div id="texte">')
    body, end, tail = rest.partition('<div class="commentaires">')
    body = body.replace("<p>", '<div class="absatz"><p>').replace("</p>", "</p></div>")
    return head + start + body + end + tail


def test_paragraphs_in_wrappers_of_their_own_give_the_parent_as_body() -> None:
    pages = [_wrapped(p) for p in PAGES]
    learned = learn_template(pages[:5])
    assert learned.fields["body"].selector == "div#texte"
    found = apply_template(pages[5], learned)
    assert found is not None
    assert [b.text for b in found.blocks if b.role is Role.PARAGRAPH] == ARTICLES[5][5]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # <figure> with the credit in a classed element
        ('<figure><img src="/a.jpg" alt="Quai"><figcaption>Le quai. <em class="copyright">Photo: A</em>'
         "</figcaption></figure>", [(Role.CAPTION, "Le quai.", "Photo: A", "/a.jpg")]),
        # an old CMS's picture box: no <figure>, caption in a paragraph, credit span, hidden label
        ('<div class="bild"><img src="/b.jpg"><span class="sr-only">Bild vergrössern</span>'
         '<p class="legende">Die Brücke. <span class="credit">Bild: Keystone</span></p></div>',
         [(Role.CAPTION, "Die Brücke.", "Bild: Keystone", "/b.jpg")]),
        # a picture box whose credit is only glued at the end of the caption
        ('<div class="photo"><img src="/c.jpg"><span>Le derby de samedi.KEYSTONE</span></div>',
         [(Role.CAPTION, "Le derby de samedi.", "KEYSTONE", "/c.jpg")]),
        # an icon inside running text stays a paragraph
        ('<div><p>Le vote <img src="/icon.png"> a eu lieu dimanche.</p></div>',
         [(Role.PARAGRAPH, "Le vote a eu lieu dimanche.", "", "")]),
    ],
)  # fmt: skip
def test_pictures_become_caption_blocks(html: str, expected: list[tuple[Role, str, str, str]]) -> None:
    from selectolax.lexbor import LexborHTMLParser

    from archivist.templates.nodes import node_blocks

    container = LexborHTMLParser(f"<div id='texte'>{html}</div>").css_first("#texte")
    assert [(b.role, b.text, b.credit, b.src) for b in node_blocks(container, frozenset())] == expected


@pytest.mark.parametrize("command", ["recover", "migrate"])
def test_a_broken_template_stops_the_command_before_any_page(tmp_path: Path, command: str) -> None:
    broken = tmp_path / "site.toml"
    broken.write_text("[fields.title\n", encoding="utf-8")
    args = [command, str(FIXTURES), "--template", str(broken)]
    if command == "migrate":
        args += ["--db", f"sqlite:///{tmp_path / 'a.db'}"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert "site.toml" in result.output and "not valid TOML" in result.output
    assert not (tmp_path / "a.db").exists()
