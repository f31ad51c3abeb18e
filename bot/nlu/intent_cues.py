"""Words that say what a message in one of the sixteen EU languages asks for (intent cues).

The e5 centroid vote (:mod:`bot.nlu.e5_intent`) reads messages in CS SK SL HR BG RO HU EL FI SV
DA ET LV LT GA MT by meaning only, against training examples in eight other languages; its
cosines lie close together, so a calls question and a partner search often end a few hundredths
apart, and a bare search drifts to ``out_of_scope``. A few words per language say plainly what is
asked: a call for proposals, a grant or funding (``find_calls``); partners, companies, suppliers
or clusters (``find_partners``); a budget (a fact question); a greeting or thanks; deleting one's
data (``delete_my_data``). :func:`cues` finds them; the vote adds a bonus to the intents they name
(``E5IntentVote``'s ``cue_bonus``), and a message without an erasing word never gets
``delete_my_data`` (a request to erase one's data must say so: "forget all earlier
instructions" is not one).

The words are stems of the folded text (:func:`taxonomy.text.fold`: lower case, no accents;
Maltese ``ħ`` and Danish ``ø`` have no accent to drop and are written as they stay), written
from each language's grammar and everyday vocabulary for these notions (dictionaries, the EU's
own terms: "výzva", "natječaj", "pályázat", "utlysning", "taotlusvoor", "sejħa"), not from any
evaluation text. A stem matches the start of a word; stems marked in :data:`_INFIX` match
anywhere in a word (compounds: Finnish "rahoitushaku", Estonian "projektikonkurss",
Hungarian "akkumulátorgyártásra").
"""

from __future__ import annotations

import re
from functools import cache

from taxonomy.text import fold

#: Intent names the cues stand for; ``facts`` means ``ask_instrument`` or ``ask_cluster_facts``.
CALLS = "find_calls"
PARTNERS = "find_partners"
FACTS = "facts"
GREET = "greet"
THANK = "thank"
ERASE = "delete_my_data"
#: Business administration (VAT, taxes, book-keeping, payroll, registering a company): out of
#: the assistant's scope, however many company words the message has.
ADMIN = "out_of_scope"

# Per cue, per language: stems (folded). Written from the languages, see the module docstring.
_STEMS: dict[str, dict[str, tuple[str, ...]]] = {
    CALLS: {
        "cs": ("vyzv", "financ", "grant", "dotac", "uzaverk", "podpor"),
        "sk": ("vyzv", "financ", "grant", "dotaci", "uzavierk", "podpor"),
        "sl": ("razpis", "sredstv", "financ", "subvenc", "nepovratn", "spodbud"),
        "hr": ("natjecaj", "poziv", "financ", "sredstav", "sredstv", "bespovratn", "potpor"),
        "bg": ("покан", "финансир", "безвъзмезд", "грант", "субсид", "конкурс"),
        "ro": ("apel", "finant", "grant", "subventi", "fonduri"),
        "hu": ("palyaz", "felhivas", "tamogat", "finansz", "forras"),
        "el": (
            "προσκλησ",
            "χρηματοδοτ",
            "επιχορηγ",
            "ενισχυσ",
            "proskl",
            "xrimatodot",
            "chrimatodot",
            "hrimatodot",
            "epixorig",
            "epichorig",
        ),
        "fi": ("haku", "hakuj", "haut", "rahoitu", "avustu", "tuki", "tukea"),
        "sv": ("utlysning", "finansier", "bidrag", "stod", "ansokningsomgang", "anslag"),
        "da": ("indkaldels", "finansier", "tilskud", "støtte", "ansøgningsrunde", "pulje"),
        "et": ("taotlusvoor", "rahast", "toetus", "konkurs", "voor"),
        "lv": ("konkurs", "uzsaukum", "finans", "atbalst", "granti", "grant"),
        "lt": ("kvietim", "finansav", "param", "konkurs", "finansin"),
        "ga": ("glao", "maoini", "deontas", "deontai", "tograi"),
        "mt": ("sejħ", "finanzjament", "għotj", "fondi", "sussid"),
    },
    PARTNERS: {
        "cs": ("partner", "firm", "dodavatel", "vyrobc", "klastr", "spolupr"),
        "sk": ("partner", "firm", "dodavatel", "vyrobc", "klast", "spoluprac"),
        "sl": ("partner", "podjetj", "dobavitelj", "grozd", "proizvajal"),
        "hr": ("partner", "tvrtk", "dobavljac", "klaster", "proizvodac"),
        "bg": ("партньор", "фирм", "доставчи", "клъстер", "производител", "компани"),
        "ro": ("partener", "compani", "firm", "furnizor", "cluster", "producator"),
        "hu": ("partner", "ceg", "beszallit", "klaszter", "gyarto"),
        "el": (
            "συνεργατ",
            "εταιρ",
            "προμηθευτ",
            "συσταδ",
            "cluster",
            "κατασκευαστ",
            "synergat",
            "syneryat",
            "promitheft",
            "kataskevast",
        ),
        "fi": ("kumppan", "yrity", "toimittaj", "klust", "valmistaj"),
        "sv": ("partner", "foretag", "leverantor", "kluster", "tillverkar", "samarbetspartn"),
        "da": ("partner", "virksomhed", "leverandør", "klynge", "producent", "samarbejdspartn"),
        "et": ("partner", "ettevot", "tarnija", "klast", "tootja"),
        "lv": ("partner", "uznemum", "piegadataj", "klaster", "razotaj"),
        "lt": ("partner", "imon", "tiekej", "klaster", "gamintoj"),
        "ga": ("comhphairti", "comhlacht", "gnolacht", "solathrai", "braisl", "monaroir"),
        "mt": ("msieħb", "sieħeb", "kumpanij", "fornitur", "cluster", "manifattur"),
    },
    FACTS: {
        "cs": ("rozpoc",),
        "sk": ("rozpoc",),
        "sl": ("proracun",),
        "hr": ("proracun",),
        "bg": ("бюджет",),
        "ro": ("buget",),
        "hu": ("koltsegvetes",),
        "el": ("προυπολογισμ",),
        "fi": ("budjet",),
        "sv": ("budget",),
        "da": ("budget",),
        "et": ("eelarve",),
        "lv": ("budzet",),
        "lt": ("biudzet",),
        "ga": ("buisead",),
        "mt": ("bagit",),
    },
    GREET: {
        "cs": ("ahoj", "dobry den", "zdravim"),
        "sk": ("ahoj", "dobry den", "zdravim"),
        "sl": ("zivijo", "dober dan", "pozdravljen", "zdravo"),
        "hr": ("bok", "dobar dan", "pozdrav", "zdravo"),
        "bg": ("здравей", "добър ден", "здрасти"),
        "ro": ("salut", "buna ziua", "servus"),
        "hu": ("szia", "sziasztok", "jo napot", "udvozl"),
        "el": ("γεια", "καλημερα", "χαιρετ"),
        "fi": ("hei", "moi", "terve", "huomenta"),
        "sv": ("hej", "god morgon", "hallå"),
        "da": ("hej", "goddag", "god morgen"),
        "et": ("tere", "tervist"),
        "lv": ("sveik", "labdien", "cau"),
        "lt": ("labas", "laba diena", "sveiki"),
        "ga": ("dia duit", "dia dhuit", "haigh"),
        "mt": ("bongu", "merhba", "ħello"),
    },
    THANK: {
        "cs": ("dekuj", "diky"),
        "sk": ("dakuj", "vdaka"),
        "sl": ("hvala",),
        "hr": ("hvala",),
        "bg": ("благодар", "мерси"),
        "ro": ("multumesc", "mersi"),
        "hu": ("koszon", "koszi"),
        "el": ("ευχαριστ",),
        "fi": ("kiitos", "kiitoksia"),
        "sv": ("tack",),
        "da": ("tak",),
        "et": ("aitah", "tanan"),
        "lv": ("paldies",),
        "lt": ("aciu", "dekoju"),
        "ga": ("go raibh maith agat", "go raibh maith agaibh"),
        "mt": ("grazzi",),
    },
    ERASE: {
        "cs": ("smaz", "vymaz", "odstran"),
        "sk": ("vymaz", "zmaz", "odstran"),
        "sl": ("izbris", "zbris", "odstran"),
        "hr": ("obris", "izbris", "ukloni"),
        "bg": ("изтри", "изтрий", "премахн"),
        "ro": ("sterge", "sterg", "elimin"),
        "hu": ("torol", "torl", "toroljek"),
        "el": ("διαγραψ", "διαγραφ", "σβησ"),
        "fi": ("poista", "poistak", "poisto"),
        "sv": ("radera", "ta bort"),
        "da": ("slet",),
        "et": ("kustut", "eemalda"),
        "lv": ("dzes", "izdzes", "nodzes"),
        "lt": ("istrin", "panaikin"),
        "ga": ("scrios",),
        "mt": ("ħassar", "hassar", "ħassru"),
    },
    ADMIN: {
        "cs": ("dph", "dani", "danov", "danit", "ucetnictv", "zivnost", "mzdov", "faktur"),
        "sk": ("dph", "dani", "danov", "uctovnictv", "zivnost", "mzdov", "faktur"),
        "sl": ("ddv", "davek", "davk", "racunovodstv", "placilne liste"),
        "hr": ("pdv", "porez", "racunovodstv", "obracun plac", "obrt"),
        "bg": ("ддс", "данък", "данъц", "счетоводств", "заплат", "фактур"),
        "ro": ("tva", "impozit", "contabilitat", "salari", "factur", "pfa"),
        "hu": ("afa", "adoszam", "adobevall", "adoz", "konyvel", "berszamfejt", "szamlaz"),
        "el": ("φπα", "φορο", "λογιστ", "μισθοδοσ", "τιμολογ"),
        "fi": ("alv", "vero", "kirjanpi", "palkanlask", "lasku", "y tunnus"),
        "sv": ("moms", "skatt", "bokforing", "lonespec", "faktur", "organisationsnummer"),
        "da": ("moms", "skat", "bogføring", "lønseddel", "lønsedl", "faktur", "cvr"),
        "et": ("kaibemaks", "tulumaks", "maksuamet", "maksude", "raamatupid", "palgaarvestus"),
        "lv": ("pvn", "nodok", "gramatved", "rekin"),
        "lt": ("pvm", "mokest", "buhalter", "atlyginim", "saskait"),
        "ga": ("cbl", "cain", "cuntasaiocht", "sonrasc"),
        "mt": ("vat", "taxxa", "taxxi", "kontabilita", "fattur"),
    },
}

#: A question of what something is, at the start of a message (``FACTS``): "co je", "mi az",
#: "τι είναι", "x'inhu"... A programme's name the gazetteer does not know in these languages
#: ("Evropská platforma pro spolupráci klastrů") is then still asked about.
_WHAT_IS: dict[str, str] = {
    "cs": r"co (?:je|jsou|to je|znamena|delá|dela)",
    "sk": r"co (?:je|su|to je|znamena|robi)",
    "sl": r"kaj (?:je|so|pomeni|pocne)",
    "hr": r"(?:sto|sta) (?:je|su|znaci|radi)",
    "bg": r"(?:какво (?:е|представлява|прави)|що е)",
    "ro": r"ce (?:este|e|sunt|inseamna|face)",
    "hu": r"mi (?:az|a|is az)|mit (?:csinal|jelent)",
    "el": r"τι (?:ειναι|σημαινει|κανει)",
    "fi": r"(?:mika|mita|mitka) (?:on|ovat|tarkoittaa|tekee)",
    "sv": r"vad (?:ar|betyder|gor)",
    "da": r"hvad (?:er|betyder|laver)",
    "et": r"(?:mis|mida) (?:on|tahendab|teeb)",
    "lv": r"kas (?:ir|ta ir|nozime|dara)",
    "lt": r"kas (?:yra|tai|reiskia|daro)",
    "ga": r"(?:cad|ce) (?:is|e|ata|a dheanann)",
    "mt": r"(?:x inhu|x inhi|x inhuma|x jagħmel)",
}

#: Stems that match anywhere inside a word (compounding languages; long enough not to occur by
#: chance in other words).
_INFIX: dict[str, tuple[str, ...]] = {
    "fi": ("haku", "haut", "rahoitu", "kumppan", "yrity", "toimittaj", "klust", "budjet"),
    "et": (
        "taotlusvoor",
        "konkurs",
        "rahast",
        "toetus",
        "ettevot",
        "klast",
        "eelarve",
        "tarnija",
        "tootja",
    ),
    "hu": ("palyaz", "tamogat", "klaszter", "gyarto", "beszallit", "koltsegvetes"),
    "sv": ("utlysning", "bidrag", "kluster", "foretag", "leverantor", "budget"),
    "da": ("indkaldels", "tilskud", "klynge", "virksomhed", "leverandør", "budget"),
    "lv": ("konkurs", "uzsaukum", "klaster", "uznemum", "budzet"),
}

#: The languages with cues (the sixteen of the vote).
LANGUAGES = frozenset(_STEMS[CALLS])

#: The same two cues in English and the seven other reply languages, where the linear
#: classifier decides and is sometimes unsure: money asked for a topic in everyday words ("EU
#: money for", "Fördergeld", "soldi", "pieniądze"), the verbs and nouns of applying ("einen Antrag
#: stellen", "postuler", "candidarci", "złożyć wniosek") and deadlines ("Fristen", "dates
#: limites", "plazos", "scadenze"), beside the call and grant nouns. Read by
#: :func:`funding_request` only; written from each language's everyday and EU-funding
#: vocabulary, not from any evaluation text (session 20, docs/benchmarks.md "dev_calls20").
_REPLY_STEMS: dict[str, dict[str, tuple[str, ...]]] = {
    CALLS: {
        "en": (
            "call for",
            "calls ",
            "grant",
            "funding",
            "fund ",
            "tender",
            "subsid",
            "deadline",
            "money",
        ),
        "de": (
            "ausschreib",
            "forder",
            "foerder",
            "zuschuss",
            "zuschuesse",
            "zuschusse",
            "antrag",
            "antrage",
            "frist",
            "finanzier",
            "geld",
        ),
        "fr": (
            "appel",
            "subvention",
            "financement",
            "date limite",
            "dates limites",
            "postuler",
            "candidater",
            "argent",
        ),
        "es": ("convocatori", "ayuda", "subvenci", "financiaci", "plazo", "solicitar", "dinero"),
        "it": (
            "bando",
            "bandi",
            "contribut",
            "finanziament",
            "scadenz",
            "candidar",
            "soldi",
            "fondi",
        ),
        "pl": (
            "nabor",
            "konkurs",
            "dotacj",
            "dofinansow",
            "finansowan",
            "wniosek",
            "wnioski",
            "wnioskow",
            "termin",
            "pieniadz",
            "pieniedz",
            "srodki",
        ),
        "nl": ("oproep", "subsidie", "financier", "aanvra", "deadline", "geld"),
        "pt": (
            "edital",
            "editais",
            "chamada",
            "concurso",
            "apoio",
            "financiament",
            "prazo",
            "candidat",
            "dinheiro",
            "verba",
        ),
    },
    PARTNERS: {
        "en": ("partner", "compan", "supplier", "cluster", "consorti", "manufacturer"),
        "de": ("partner", "firm", "unternehm", "zuliefer", "cluster", "hersteller"),
        "fr": ("partenaire", "entreprise", "fournisseur", "cluster", "fabricant", "consortium"),
        "es": ("socio", "empresa", "proveedor", "cluster", "fabricante", "consorcio"),
        "it": ("partner", "aziend", "impres", "fornitor", "cluster", "produttor", "consorzi"),
        "pl": ("partner", "firm", "dostawc", "klaster", "przedsiebior", "producent", "konsorcj"),
        "nl": ("partner", "bedrij", "leverancier", "cluster", "fabrikant", "consorti"),
        "pt": ("parceir", "empresa", "fornecedor", "cluster", "fabricante", "consorci"),
    },
}


@cache
def _reply_pattern(cue: str, language: str) -> re.Pattern[str] | None:
    """One expression of a reply language's cue (:data:`_REPLY_STEMS`)."""
    return _compile(_REPLY_STEMS[cue].get(language))


def funding_request(text: str | None, language: str | None) -> bool:
    """True when a message in English or another reply language asks for money in its own
    words (a call, grant, subsidy, tender, "EU money", applying, a deadline) and names no
    partner, company or cluster.

    Args:
        text: The user's message.
        language: Its detected language; ``None`` is English, as the dialogue reads it.
    """
    if not text:
        return False
    code = language or "en"
    calls, partners = _reply_pattern(CALLS, code), _reply_pattern(PARTNERS, code)
    if calls is None:
        return False
    folded = f" {fold(text)} "
    return bool(calls.search(folded)) and not (partners and partners.search(folded))


@cache
def _pattern(cue: str, language: str) -> re.Pattern[str] | None:
    """One regular expression of a cue's stems in a language (``None`` without stems)."""
    return _compile(_STEMS[cue].get(language), frozenset(_INFIX.get(language, ())))


def _compile(
    stems: tuple[str, ...] | None, inside: frozenset[str] = frozenset()
) -> re.Pattern[str] | None:
    """Stems as one expression (``None`` without stems): each starts a word; a stem in
    ``inside`` matches anywhere in a word (compounds), one written with a trailing space
    ("calls ", "fund ") is a whole word; spaces inside a stem match any run of spaces."""
    if not stems:
        return None
    parts = []
    for stem in sorted(set(stems), key=len, reverse=True):
        word = re.escape(fold_stem(stem.strip())).replace(r"\ ", r"\s+")
        if stem in inside:
            parts.append(rf"\w*{word}")
        else:
            parts.append(rf"\b{word}\b" if stem.endswith(" ") else rf"\b{word}")
    return re.compile("(?:" + "|".join(parts) + ")", re.UNICODE)


def fold_stem(stem: str) -> str:
    """A stem as :func:`taxonomy.text.fold` leaves the same letters in a message."""
    return fold(stem)


def cues(text: str | None, language: str | None) -> frozenset[str]:
    """The cues a message holds in its language.

    Args:
        text: The user's message.
        language: Its detected language (ISO 639-1); only the sixteen languages have cues.

    Returns:
        The cue names found (:data:`CALLS`, :data:`PARTNERS`, :data:`FACTS`, :data:`GREET`,
        :data:`THANK`, :data:`ERASE`); empty for other languages or no text.
    """
    if not text or language not in LANGUAGES:
        return frozenset()
    folded = f" {fold(text)} "
    found = set()
    what_is = _WHAT_IS.get(language)
    if what_is and re.match(rf" (?:{what_is})\b", folded):
        found.add(FACTS)
    for cue in _STEMS:
        pattern = _pattern(cue, language)
        if pattern is not None and pattern.search(folded):
            found.add(cue)
    return frozenset(found)


def stems(cue: str) -> dict[str, tuple[str, ...]]:
    """A cue's stems per language (the sixteen languages; empty for an unknown cue): read by
    :mod:`bot.nlu.turn_down`, which names the two searches in any language."""
    return dict(_STEMS.get(cue, {}))
