"""Word tables the text recovery relies on, as data with comments (STYLE.md rule 6).

Every table is checked when the module loads: an empty or duplicate entry is a bug
(a typo would silently switch a rule off), so :func:`_table` raises on it.
"""

from __future__ import annotations

from collections.abc import Iterable


def _words(text: str, sep: str | None = None) -> list[str]:
    """The entries of a table written as text (``sep`` None = any whitespace).

    >>> _words("a b\\n c"), _words("Le Temps|\\n  Le Monde", sep="|")
    (['a', 'b', 'c'], ['Le Temps', 'Le Monde'])
    """
    return [" ".join(word.split()) for word in text.split(sep)]


def _table(name: str, words: Iterable[str], *, casefold: bool = True) -> frozenset[str]:
    """A frozenset of ``words``; raises on an empty or duplicate entry.

    >>> sorted(_table("demo", ["b", "a"]))
    ['a', 'b']
    """
    seen: set[str] = set()
    for word in words:
        key = word.casefold() if casefold else word
        if not key.strip():
            msg = f"Word table {name!r} has an empty entry. Remove it."
            raise ValueError(msg)
        if key in seen:
            msg = f"Word table {name!r} lists {word!r} twice. Remove one."
            raise ValueError(msg)
        seen.add(key)
    return frozenset(seen)


# --- function words per language: language detection, glue statistics, run-in subheads.
# Short, frequent, closed-class words (articles, pronouns, prepositions, conjunctions,
# auxiliaries). Kept small on purpose: a word here is assumed to be a word of the language.
STOPWORDS: dict[str, frozenset[str]] = {
    "fr": _table(
        "stopwords fr",
        _words("""le la les un une des du de et ou mais donc car ni que qui quoi dont où ce cette ces
            il elle ils elles on nous vous je tu se sa son ses leur leurs lui y en à au aux pour
            par sur sous dans avec sans chez entre vers selon depuis pendant contre après avant
            est sont été être avoir ont a fait plus moins très aussi ne pas déjà encore tout
            tous toute toutes comme si lors afin ainsi alors cet notre nos votre vos mon ma mes
            peut doit faute face quand puis cependant pourtant désormais ensuite enfin certes
            aucun aucune chaque plusieurs"""),
    ),
    "de": _table(
        "stopwords de",
        _words("""der die das den dem des ein eine einen einem einer eines und oder aber denn doch
            sondern dass ob wenn als wie weil nicht auch noch schon nur sehr mit von zu zum zur
            bei nach aus auf für über unter vor hinter neben zwischen durch gegen ohne um im am
            ins ans vom beim ist sind war waren wird werden wurde wurden hat haben hatte hatten
            sein seine ihre ihr er sie es wir man sich kann können muss soll will diese dieser
            dieses bis seit während wegen in an welche welcher welches was wer wo warum wann
            jetzt nun dann dort hier heute bereits zudem dennoch deshalb trotzdem zwar jeder jede
            alle viele einige mehrere kein keine"""),
    ),
    "en": _table(
        "stopwords en",
        _words("""the a an and or but nor so yet of to in on at by for with from into onto about over
            under after before between through against without is are was were be been being has
            have had do does did will would can could should may might must this that these
            those it its he she they we you his her their our your not no also than then there
            which who whom whose what when where while as if meanwhile however although still
            now here some many most several each every"""),
    ),
}

# Words that are made of two function words but are words in their own right; a glued-word
# split must never cut them (German adverbs and conjunctions, French conjunctions).
COMPOUND_FUNCTION_WORDS = _table(
    "compound function words",
    _words("""nachdem seitdem trotzdem zudem außerdem indem sodass dabei dafür dagegen damit danach
        daran darauf daraus darin darum davon davor dazu hierbei hierfür wobei womit worin
        worauf wodurch inzwischen dennoch ebenso immer obwohl obgleich zwar sofern soweit sowie
        sowohl überall vorbei vorher nachher bisher seither weshalb deshalb deswegen lorsque
        puisque quoique quelque parce dont dessus dessous cependant pourtant toutefois néanmoins
        aujourd into onto upon within without whereas however therefore anyway whatever whenever
        wherever another cannot werden wurden worden heraus hinaus voraus herauf hervor
    darüber hinüber herüber darunter herunter hinunter herbei nebenbei wofür wovon"""),
)

# Function words that often follow a link and rarely end a longer word (``Sturzbei``,
# ``Tagenach``): a glued word splits before one of these only. Left out on purpose are
# tails that are common inflections or suffixes: fr "aux" (cantonaux), "une" (fortune),
# "ses", "sans", "ont", "est"; en "over" (turnover), "where" (elsewhere), "her"; de "man".
LINK_TAILS: dict[str, frozenset[str]] = {
    "fr": _table(
        "link tails fr",
        _words("""dans avec pour sur par chez entre selon après avant contre vers depuis sous les
        des"""),
    ),
    "de": _table(
        "link tails de",
        _words("""nach bei mit von für über unter gegen seit dem den des der die das und oder auf
        aus vor zum zur wie als"""),
    ),
    "en": _table(
        "link tails en",
        _words("""after with from into under about between against the and for that this which
        who"""),
    ),
}

# Abbreviations ending in a period that are followed directly by a capital in clean text
# (``St.Gallen``, ``Dr.Müller`` in tight typesetting): a glued-paragraph split never
# happens right after them. Case-sensitive forms as they appear before the period.
ABBREVIATIONS = _table(
    "abbreviations",
    _words("""St Ste Dr Prof Mr Mrs Ms Mme Mmes Mlle Mgr M MM Nr No Art Abs Bd Bde Hr Fr Frau Hrn Jr
        Sr Co Corp Inc Ltd Vol Jh Jahrh ca bzw usw etc evtl ggf inkl vgl z B u a s o d h resp
        env cf p pp S Str Av av bd Gen Col Cpt Lt Sgt Rev Hon Mt Ft vs"""),
    casefold=False,
)

# Mixed-case words that must never be split at their inner capital (DESIGN.md section 1,
# "false friends"). Brand names, products, apps and institutions seen in Swiss news.
# Matching is case-sensitive on the token with trailing punctuation and possessive removed.
CAMELCASE_WORDS = _table(
    "camelcase words",
    _words("""TikTok PostFinance McDonald McDonalds iPhone iPad iPod iOS iCloud iTunes iMac eBay eBook
        eBooks eMail eBanking eVoting SwissCovid YouTube WhatsApp LinkedIn PayPal OpenAI ChatGPT
        BioNTech GlaxoSmithKline PricewaterhouseCoopers FedEx DreamWorks PlayStation JavaScript
        GitHub GitLab SpaceX DeepMind MacBook McKinsey McLaren MacGyver PowerPoint SwissLife
        SwissRe SwissSkills SwissQuote Swissquote SwissID SwissPass EasyJet easyJet FinTech
        HarperCollins BlackRock JPMorgan DiCaprio McCartney MacArthur McConnell O'Neill LeBron
        DeSantis DeVos VfB VfL SpVgg SoundCloud DropBox Dropbox AirBnB Airbnb BlaBlaCar
        CompuServe MasterCard Mastercard NordVPN OneDrive SharePoint SkyShowtime SmartWatch
        SmartPhone WeChat WeWork UBSGroup PostAuto PostBus CarPostal TopPharm SwissMedic
        Swissmedic EuroAirport EuroMillions SuisseEnergie MeteoSchweiz MétéoSuisse TeleBärn
        TeleZüri TeleBasel TeleTicino BaZ NZZaS SoZ iPhones LaLiga NBAer BeReal OnlyFans
        SpaceShipTwo StarLink SwissTxt"""),
    casefold=False,
)

# Newspaper and place names that start with a capitalised article: ``selon Le Temps``,
# ``in Der Bund``. A run-in subhead is never cut in front of them.
NAMED_WITH_ARTICLE = _table(
    "names with article",
    _words(
        """Le Temps|Le Matin|Le Monde|Le Figaro|Le Parisien|Le Nouvelliste|Le Courrier|La Liberté|
        La Côte|La Tribune|La Presse|Le Quotidien|Les Echos|Le Point|La Croix|Le Havre|Le Caire|
        La Chaux|Le Locle|Les Diablerets|La Haye|Le Mans|Der Bund|Der Spiegel|Die Zeit|Die Welt|
        Die Post|Der Landbote|Die Linke|Die Grünen|Die Mitte|Die Presse|Der Standard|The Guardian|
        The Times|The New|The Economist|The Washington|The Wall|The Beatles|The Rolling|
        The Independent|The Telegraph|The Atlantic""",
        sep="|",
    ),
)
