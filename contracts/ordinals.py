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
#: The position one before the last ("the penultimate", "der vorletzte", "o penúltimo").
PENULTIMATE = -2
#: Positions counted from the end of the list shown, and how far from it (1: the last).
FROM_END: dict[int, int] = {LAST: 1, PENULTIMATE: 2}
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
_FIRST_FORMS: dict[str, dict[int, tuple[str, ...]]] = {
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

#: Positions six to ten and the one before the last, in the same 24 languages (pages after
#: "show more" number their cards on: "der sechste", "la septième", "o penúltimo"). Two-word
#: forms are read as a pair ("second last", "näst sista", "is-sitt": Maltese ordinals take
#: their article, the bare word is the cardinal). Folded when read, like :data:`_FIRST_FORMS`.
_LATER_FORMS: dict[str, dict[int, tuple[str, ...]]] = {
    "en": {PENULTIMATE: ("penultimate", "second last", "second-last")},
    "de": {
        6: ("sechste", "sechsten", "sechster", "sechstes"),
        7: ("siebte", "siebten", "siebter", "siebtes", "siebente", "siebenten"),
        8: ("achte", "achten", "achter", "achtes"),
        9: ("neunte", "neunten", "neunter", "neuntes"),
        10: ("zehnte", "zehnten", "zehnter", "zehntes"),
        PENULTIMATE: ("vorletzte", "vorletzten", "vorletzter", "vorletztes"),
    },
    "fr": {
        6: ("sixième", "sixieme"),
        7: ("septième", "septieme"),
        8: ("huitième", "huitieme"),
        9: ("neuvième", "neuvieme"),
        10: ("dixième", "dixieme"),
        PENULTIMATE: ("avant-dernier", "avant-dernière", "avant dernier", "avant dernière"),
    },
    "es": {
        6: ("sexto", "sexta"),
        7: ("séptimo", "séptima", "septimo", "septima"),
        8: ("octavo", "octava"),
        9: ("noveno", "novena"),
        10: ("décimo", "décima", "decimo", "decima"),
        PENULTIMATE: ("penúltimo", "penúltima", "penultimo", "penultima"),
    },
    "it": {
        6: ("sesto", "sesta"),
        7: ("settimo", "settima"),
        8: ("ottavo", "ottava"),
        9: ("nono", "nona"),
        10: ("decimo", "decima"),
        PENULTIMATE: ("penultimo", "penultima"),
    },
    "pt": {
        6: ("sexto", "sexta"),
        7: ("sétimo", "sétima", "setimo", "setima"),
        8: ("oitavo", "oitava"),
        9: ("nono", "nona"),
        10: ("décimo", "décima"),
        PENULTIMATE: ("penúltimo", "penúltima"),
    },
    "nl": {
        6: ("zesde",),
        7: ("zevende",),
        8: ("achtste",),
        9: ("negende",),
        10: ("tiende",),
        PENULTIMATE: ("voorlaatste", "na laatste"),
    },
    "pl": {
        6: ("szósty", "szósta", "szóste", "szóstego", "szóstej", "szóstym", "szóstą"),
        7: ("siódmy", "siódma", "siódme", "siódmego", "siódmej", "siódmym", "siódmą"),
        8: ("ósmy", "ósma", "ósme", "ósmego", "ósmej", "ósmym", "ósmą"),
        9: ("dziewiąty", "dziewiąta", "dziewiąte", "dziewiątego", "dziewiątej", "dziewiątym"),
        10: ("dziesiąty", "dziesiąta", "dziesiąte", "dziesiątego", "dziesiątej", "dziesiątym"),
        PENULTIMATE: ("przedostatni", "przedostatnia", "przedostatnie", "przedostatniego"),
    },
    "cs": {
        6: ("šestý", "šestá", "šesté", "šestého"),
        7: ("sedmý", "sedmá", "sedmé", "sedmého"),
        8: ("osmý", "osmá", "osmé", "osmého"),
        9: ("devátý", "devátá", "deváté", "devátého"),
        10: ("desátý", "desátá", "desáté", "desátého"),
        PENULTIMATE: ("předposlední", "předposledního"),
    },
    "sk": {
        6: ("šiesty", "šiesta", "šieste", "šiesteho"),
        7: ("siedmy", "siedma", "siedme", "siedmeho"),
        8: ("ôsmy", "ôsma", "ôsme", "ôsmeho"),
        9: ("deviaty", "deviata", "deviate", "deviateho"),
        10: ("desiaty", "desiata", "desiate", "desiateho"),
        PENULTIMATE: ("predposledný", "predposledná", "predposledné", "predposledného"),
    },
    "sl": {
        6: ("šesti", "šesta", "šesto", "šestega"),
        7: ("sedmi", "sedma", "sedmo", "sedmega"),
        8: ("osmi", "osma", "osmo", "osmega"),
        9: ("deveti", "deveta", "deveto", "devetega"),
        10: ("deseti", "deseta", "deseto", "desetega"),
        PENULTIMATE: ("predzadnji", "predzadnja", "predzadnje"),
    },
    "hr": {
        6: ("šesti", "šesta", "šesto", "šestog"),
        7: ("sedmi", "sedma", "sedmo", "sedmog"),
        8: ("osmi", "osma", "osmo", "osmog"),
        9: ("deveti", "deveta", "deveto", "devetog"),
        10: ("deseti", "deseta", "deseto", "desetog"),
        PENULTIMATE: ("pretposljednji", "pretposljednja", "pretposljednje"),
    },
    "hu": {
        6: ("hatodik", "hatodikat", "hatodikról"),
        7: ("hetedik", "hetediket", "hetedikről"),
        8: ("nyolcadik", "nyolcadikat", "nyolcadikról"),
        9: ("kilencedik", "kilencediket", "kilencedikről"),
        10: ("tizedik", "tizediket", "tizedikről"),
        PENULTIMATE: ("utolsó előtti", "utolsóelőtti"),
    },
    "ro": {
        6: ("șaselea", "saselea", "a șasea", "a sasea"),
        7: ("șaptelea", "saptelea", "a șaptea", "a saptea"),
        8: ("optulea", "a opta"),
        9: ("nouălea", "noualea", "a noua"),
        10: ("zecelea", "a zecea"),
        PENULTIMATE: ("penultimul", "penultima"),
    },
    "bg": {
        6: ("шести", "шестия", "шестият", "шестата", "шестото"),
        7: ("седми", "седмия", "седмият", "седмата", "седмото"),
        8: ("осми", "осмия", "осмият", "осмата", "осмото"),
        9: ("девети", "деветия", "деветият", "деветата", "деветото"),
        10: ("десети", "десетия", "десетият", "десетата", "десетото"),
        PENULTIMATE: ("предпоследния", "предпоследният", "предпоследната", "предпоследното"),
    },
    "el": {
        6: ("έκτο", "έκτος", "έκτη"),
        7: ("έβδομο", "έβδομος", "έβδομη"),
        8: ("όγδοο", "όγδοος", "όγδοη"),
        9: ("ένατο", "ένατος", "ένατη"),
        10: ("δέκατο", "δέκατος", "δέκατη"),
        PENULTIMATE: ("προτελευταίο", "προτελευταίος", "προτελευταία"),
    },
    "fi": {
        6: ("kuudes", "kuudetta", "kuudennesta"),
        7: ("seitsemäs", "seitsemättä", "seitsemännestä"),
        8: ("kahdeksas", "kahdeksatta", "kahdeksannesta"),
        9: ("yhdeksäs", "yhdeksättä", "yhdeksännestä"),
        10: ("kymmenes", "kymmenettä", "kymmenennestä"),
        PENULTIMATE: ("toiseksi viimeinen", "toiseksi viimeistä", "toiseksi viimeisestä"),
    },
    "et": {
        6: ("kuues", "kuuendat", "kuuendast"),
        7: ("seitsmes", "seitsmendat", "seitsmendast"),
        8: ("kaheksas", "kaheksandat", "kaheksandast"),
        9: ("üheksas", "üheksandat", "üheksandast"),
        10: ("kümnes", "kümnendat", "kümnendast"),
        PENULTIMATE: ("eelviimane", "eelviimast", "eelviimasest"),
    },
    "lv": {
        6: ("sestais", "sestā", "sesto"),
        7: ("septītais", "septītā", "septīto"),
        8: ("astotais", "astotā", "astoto"),
        9: ("devītais", "devītā", "devīto"),
        10: ("desmitais", "desmitā", "desmito"),
        PENULTIMATE: ("priekšpēdējais", "priekšpēdējā", "priekšpēdējo"),
    },
    "lt": {
        6: ("šeštas", "šeštasis", "šeštąjį", "šeštą"),
        7: ("septintas", "septintasis", "septintąjį", "septintą"),
        8: ("aštuntas", "aštuntasis", "aštuntąjį", "aštuntą"),
        9: ("devintas", "devintasis", "devintąjį", "devintą"),
        10: ("dešimtas", "dešimtasis", "dešimtąjį", "dešimtą"),
        PENULTIMATE: ("priešpaskutinis", "priešpaskutinė", "priešpaskutinį"),
    },
    "sv": {
        6: ("sjätte",),
        7: ("sjunde",),
        8: ("åttonde",),
        9: ("nionde",),
        10: ("tionde",),
        PENULTIMATE: ("näst sista", "näst-sista"),
    },
    "da": {
        6: ("sjette",),
        7: ("syvende",),
        8: ("ottende",),
        9: ("niende",),
        10: ("tiende",),
        PENULTIMATE: ("næstsidste", "næst sidste"),
    },
    "ga": {
        6: ("séú",),
        7: ("seachtú",),
        8: ("ochtú",),
        9: ("naoú",),
        10: ("deichiú",),
    },
    "mt": {
        6: ("is-sitt",),
        7: ("is-seba'",),
        8: ("it-tmien",),
        9: ("id-disa'",),
        10: ("l-għaxar", "l-ghaxar"),
    },
}
#: THE table of position words outside English: :data:`_FIRST_FORMS` and :data:`_LATER_FORMS`
#: per language (positions 1-10, the last one and the one before it).
ORDINAL_FORMS: dict[str, dict[int, tuple[str, ...]]] = {
    lang: {**_FIRST_FORMS.get(lang, {}), **_LATER_FORMS.get(lang, {})}
    for lang in (*_FIRST_FORMS, *(k for k in _LATER_FORMS if k not in _FIRST_FORMS))
}
