"""THE ordinal table: the words that point at a position in a result list.

"the second one", "2nd", "number 2", "the last one". The spaCy gazetteer builds its ``ordinal``
patterns and Rasa synonyms from this table (``bot/nlu/gazetteer.py``), and the action side's
parser reads ordinal entities and free text with it (``actions/dialogue/parsing.py``). Positions are
1-based; "last" is :data:`LAST`.
"""

from __future__ import annotations

#: ``(word, short form, position)`` for the first ten positions.
ORDINALS: tuple[tuple[str, str, int], ...] = (
    ("first", "1st", 1),
    ("second", "2nd", 2),
    ("third", "3rd", 3),
    ("fourth", "4th", 4),
    ("fifth", "5th", 5),
    ("sixth", "6th", 6),
    ("seventh", "7th", 7),
    ("eighth", "8th", 8),
    ("ninth", "9th", 9),
    ("tenth", "10th", 10),
)
#: The word for the last position, and the position it stands for.
LAST_WORD = "last"
LAST = -1
#: Every ordinal word and its position, ``{"first": 1, ..., "tenth": 10, "last": -1}``.
ORDINAL_WORDS: dict[str, int] = {word: n for word, _, n in ORDINALS} | {LAST_WORD: LAST}
#: Highest position a user may point at ("number 100"); larger numbers are not ordinals.
MAX_ORDINAL = 100

#: The words of the 24 official EU languages for the first five positions and the last one
#: ("le deuxième", "der zweite", "drugiego", "an dara", "το τρίτο"), the inflected forms written
#: out, for the action side's and the steering layer's reading of free text
#: (:mod:`taxonomy.references`). Matched after :func:`taxonomy.text.fold` (lower case, no
#: accents), so they are written here as users type them and folded when read. The English
#: words of :data:`ORDINALS` (the gazetteer's) are not repeated. Words that are also ordinary
#: words ("secondo" according to, "prima" before, "toinen" another) only count where the
#: reading rule of :mod:`taxonomy.references` says they point at a result.
ORDINAL_FORMS: dict[str, dict[int, tuple[str, ...]]] = {
    "en": {LAST: ("final", "bottom")},
    "de": {
        1: ("erste", "ersten", "erster", "erstes", "erstem"),
        2: ("zweite", "zweiten", "zweiter", "zweites", "zweitem"),
        3: ("dritte", "dritten", "dritter", "drittes", "drittem"),
        4: ("vierte", "vierten", "vierter", "viertes", "viertem"),
        5: ("fünfte", "fünften", "fünfter", "fünftes", "fuenfte"),
        LAST: ("letzte", "letzten", "letzter", "letztes", "letztem"),
    },
    "fr": {
        1: ("premier", "première", "premiers"),
        2: ("deuxième", "deuxieme", "deuxiéme", "second", "seconde"),
        3: ("troisième", "troisieme"),
        4: ("quatrième", "quatrieme"),
        5: ("cinquième", "cinquieme"),
        LAST: ("dernier", "dernière", "derniere"),
    },
    "es": {
        1: ("primero", "primera", "primer"),
        2: ("segundo", "segunda"),
        3: ("tercero", "tercera", "tercer"),
        4: ("cuarto", "cuarta"),
        5: ("quinto", "quinta"),
        LAST: ("último", "última", "ultimo", "ultima"),
    },
    "it": {
        1: ("primo", "prima"),
        2: ("secondo", "seconda"),
        3: ("terzo", "terza"),
        4: ("quarto", "quarta"),
        5: ("quinto", "quinta"),
        LAST: ("ultimo", "ultima"),
    },
    "pt": {
        1: ("primeiro", "primeira"),
        2: ("segundo", "segunda"),
        3: ("terceiro", "terceira"),
        4: ("quarto", "quarta"),
        5: ("quinto", "quinta"),
        LAST: ("último", "última"),
    },
    "nl": {
        1: ("eerste",),
        2: ("tweede",),
        3: ("derde",),
        4: ("vierde",),
        5: ("vijfde",),
        LAST: ("laatste",),
    },
    "pl": {
        1: ("pierwszy", "pierwsza", "pierwsze", "pierwszego", "pierwszej", "pierwszym", "pierwszą"),
        2: ("drugi", "druga", "drugie", "drugiego", "drugiej", "drugim", "drugą"),
        3: ("trzeci", "trzecia", "trzecie", "trzeciego", "trzeciej", "trzecim", "trzecią"),
        4: ("czwarty", "czwarta", "czwarte", "czwartego", "czwartej", "czwartym", "czwartą"),
        5: ("piąty", "piąta", "piąte", "piątego", "piątej", "piątym", "piątą"),
        LAST: ("ostatni", "ostatnia", "ostatnie", "ostatniego", "ostatniej", "ostatnim"),
    },
    "cs": {
        1: ("první", "prvního", "prvním"),
        2: ("druhý", "druhá", "druhé", "druhého", "druhou"),
        3: ("třetí", "třetího"),
        4: ("čtvrtý", "čtvrtá", "čtvrté", "čtvrtého"),
        5: ("pátý", "pátá", "páté", "pátého"),
        LAST: ("poslední", "posledního"),
    },
    "sk": {
        1: ("prvý", "prvá", "prvé", "prvého", "prvú"),
        2: ("druhý", "druhá", "druhé", "druhého", "druhú"),
        3: ("tretí", "tretia", "tretie", "tretieho", "tretiu"),
        4: ("štvrtý", "štvrtá", "štvrté", "štvrtého"),
        5: ("piaty", "piata", "piate", "piateho"),
        LAST: ("posledný", "posledná", "posledné", "posledného"),
    },
    "sl": {
        1: ("prvi", "prva", "prvo", "prvega"),
        2: ("drugi", "druga", "drugo", "drugega"),
        3: ("tretji", "tretja", "tretje", "tretjega"),
        4: ("četrti", "četrta", "četrto"),
        5: ("peti", "peta", "peto"),
        LAST: ("zadnji", "zadnja", "zadnje", "zadnjega"),
    },
    "hr": {
        1: ("prvi", "prva", "prvo", "prvog", "prvu"),
        2: ("drugi", "druga", "drugo", "drugog", "drugu"),
        3: ("treći", "treća", "treće", "trećeg", "treću"),
        4: ("četvrti", "četvrta", "četvrto", "četvrtog"),
        5: ("peti", "peta", "peto", "petog"),
        LAST: ("zadnji", "zadnja", "zadnje", "posljednji", "posljednja", "posljednje"),
    },
    "hu": {
        1: ("első", "elsőt", "elsőről", "elsőnek"),
        2: ("második", "másodikat", "másodikról"),
        3: ("harmadik", "harmadikat", "harmadikról"),
        4: ("negyedik", "negyediket", "negyedikről"),
        5: ("ötödik", "ötödiket", "ötödikről"),
        LAST: ("utolsó", "utolsót", "utolsóról"),
    },
    "ro": {
        1: ("primul", "prima"),
        2: ("doilea", "a doua"),
        3: ("treilea", "a treia"),
        4: ("patrulea", "a patra"),
        5: ("cincilea", "a cincea"),
        LAST: ("ultimul", "ultima"),
    },
    "bg": {
        1: ("първи", "първия", "първият", "първата", "първото"),
        2: ("втори", "втория", "вторият", "втората", "второто"),
        3: ("трети", "третия", "третият", "третата", "третото"),
        4: ("четвърти", "четвъртия", "четвъртата", "четвъртото"),
        5: ("пети", "петия", "петата", "петото"),
        LAST: ("последния", "последният", "последната", "последното"),
    },
    "el": {
        1: ("πρώτο", "πρώτος", "πρώτη", "πρώτου"),
        2: ("δεύτερο", "δεύτερος", "δεύτερη", "δεύτερου"),
        3: ("τρίτο", "τρίτος", "τρίτη", "τρίτου"),
        4: ("τέταρτο", "τέταρτος", "τέταρτη"),
        5: ("πέμπτο", "πέμπτος", "πέμπτη"),
        LAST: ("τελευταίο", "τελευταίος", "τελευταία"),
    },
    "fi": {
        1: ("ensimmäinen", "ensimmäistä", "ensimmäisestä"),
        2: ("toinen", "toista", "toisesta"),
        3: ("kolmas", "kolmatta", "kolmannesta"),
        4: ("neljäs", "neljättä", "neljännestä"),
        5: ("viides", "viidettä", "viidennestä"),
        LAST: ("viimeinen", "viimeistä", "viimeisestä"),
    },
    "et": {
        1: ("esimene", "esimest", "esimesest"),
        2: ("teine", "teist", "teisest"),
        3: ("kolmas", "kolmandat", "kolmandast"),
        4: ("neljas", "neljandat", "neljandast"),
        5: ("viies", "viiendat", "viiendast"),
        LAST: ("viimane", "viimast", "viimasest"),
    },
    "lv": {
        1: ("pirmais", "pirmā", "pirmo"),
        2: ("otrais", "otrā", "otro"),
        3: ("trešais", "trešā", "trešo"),
        4: ("ceturtais", "ceturtā", "ceturto"),
        5: ("piektais", "piektā", "piekto"),
        LAST: ("pēdējais", "pēdējā", "pēdējo"),
    },
    "lt": {
        1: ("pirmas", "pirmasis", "pirmoji", "pirmąjį", "pirmą"),
        2: ("antras", "antrasis", "antroji", "antrąjį", "antrą"),
        3: ("trečias", "trečiasis", "trečioji", "trečiąjį", "trečią"),
        4: ("ketvirtas", "ketvirtasis", "ketvirtąjį", "ketvirtą"),
        5: ("penktas", "penktasis", "penktąjį", "penktą"),
        LAST: ("paskutinis", "paskutinė", "paskutinį"),
    },
    "sv": {
        1: ("första",),
        2: ("andra",),
        3: ("tredje",),
        4: ("fjärde",),
        5: ("femte",),
        LAST: ("sista",),
    },
    "da": {
        1: ("første",),
        2: ("anden", "andet"),
        3: ("tredje",),
        4: ("fjerde",),
        5: ("femte",),
        LAST: ("sidste",),
    },
    "ga": {
        1: ("chéad",),
        2: ("dara",),
        3: ("tríú",),
        4: ("ceathrú",),
        5: ("cúigiú",),
        LAST: ("deireanach", "deireanaí"),
    },
    "mt": {
        1: ("ewwel",),
        2: ("tieni",),
        3: ("tielet",),
        4: ("raba'", "raba"),
        5: ("ħames", "hames"),
        LAST: ("aħħar", "ahhar"),
    },
}
