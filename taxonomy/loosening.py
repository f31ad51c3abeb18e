"""A filter let go: "any country is fine", "doesn't matter where", "forget the label", "egal
welches Land", "peu importe le pays", "da igual el país", "qualsiasi paese va bene", "obojętnie
gdzie", "maakt niet uit welk land", "tanto faz o país", "without the gold requirement", "all
sectors".

THE table of the words that loosen a search, in the 24 EU languages (folded, ``taxonomy.fold``),
and :func:`dropped_filters`, the one rule that reads them. A short message drops filter F when

* a cue of indifference (:data:`INDIFFERENT`: "doesn't matter", "forget", "without", "egal",
  "peu importe", "da igual", "non importa", "obojętnie", "maakt niet uit", "tanto faz"...) stands
  at most :data:`WINDOW` words before or after a noun of F (:data:`NOUNS`: "country", "Land",
  "pays", "país", "paese", "kraj", "label", "Siegel", "certyfikat", "sector", "Branche"...);
* or a universal quantifier (:data:`UNIVERSAL`: "any", "all", "every", "jedes", "n'importe
  quel", "cualquier", "qualsiasi", "dowolny", "elk", "qualquer"...) stands right before such a
  noun ("any country", "alle Branchen"); a label LEVEL after a quantifier is no drop ("any gold
  ones in Spain?" asks for the gold level), after a cue of indifference it is ("without the gold
  requirement", "Gold ist egal");
* or it says "anywhere" in one word or two ("doesn't matter where", "egal wo", "peu importe où",
  "me da igual dónde", "obojętnie gdzie", "maakt niet uit waar", "tanto faz onde",
  :data:`WHERE`): the place (country and region) goes.

A long message (more than :data:`MAX_WORDS` words) is a request of its own: its words are not
read as loosening the last search. The caller applies the message's OWN filters after the ones
dropped ("any country, but gold only" keeps the gold it names).
"""

from __future__ import annotations

from taxonomy.labels import LABEL_LEVELS, LEVEL_WORDS
from taxonomy.text import fold
from taxonomy.turns import INSTEAD_WORDS

#: The longest message read as loosening a search (in words).
MAX_WORDS = 12
#: Words at most between a cue of indifference and its noun.
WINDOW = 3


def _phrases(block: str) -> frozenset[tuple[str, ...]]:
    """Folded phrases of a block: one phrase a line or ``|``-separated, words by spaces."""
    out = set()
    for line in block.replace("|", "\n").splitlines():
        words = tuple(fold(line).split())
        if words:
            out.add(words)
    return frozenset(out)


#: Cues of indifference or removal, before or after the filter's noun (EN DE FR ES IT PL NL PT,
#: then CS SK SL HR RO HU SV DA FI ET LV LT EL BG MT GA).
INDIFFERENT = _phrases(
    """doesn't matter|does not matter|don't care about|no matter|not important|never mind|
    regardless of|irrespective of|forget|forget about|drop|remove|ignore|skip|without|
    whatever|whichever|no need for|not needed|not necessary|not required|also doesn't matter
    egal|ganz egal|ist egal|mir egal|wurscht|unwichtig|spielt keine rolle|unabhängig vom|
    unabhängig von|ohne|vergiss|vergessen|ignorier|ignoriere|streich|lass weg|weglassen|
    brauche kein|brauchen kein|nicht nötig|nicht wichtig|ist auch egal|auch egal
    peu importe|importe peu|n'importe|quel que soit|quelle que soit|sans|oublie|oubliez|
    laisse tomber|laissez tomber|enlève|enlevez|retire|retirez|ignore|ignorez|pas besoin|
    m'est égal|pas important|pas grave
    da igual|me da igual|es igual|no importa|sin|olvida|olvídate|olvidad|quita|quitad|
    elimina|sea cual sea|lo que sea|no hace falta|no es necesario
    non importa|indifferente|fa lo stesso|va bene qualsiasi|senza|lascia perdere|lascia stare|
    dimentica|dimenticati|togli|ignora|non serve|non conta|non è importante
    obojętnie|nieważne|niewazne|nie ma znaczenia|bez znaczenia|wszystko jedno|bez|
    bez względu na|zapomnij|pomiń|usuń|nie musi|nie trzeba|nie jest ważny|nie jest ważne
    maakt niet uit|maakt me niet uit|om het even|ongeacht|doet er niet toe|boeit niet|
    zonder|vergeet|schrap|negeer|laat maar zitten|laat vallen|niet nodig|niet belangrijk|
    maakt ook niet uit|is ook niet belangrijk
    tanto faz|não importa|pouco importa|é indiferente|indiferente|sem|esquece|esqueça|
    esqueçam|tira|retira|ignora|seja qual for|independentemente|não precisa|não é preciso
    nezáleží|je jedno|bez ohledu na|zapomeň|nezáleží na|je mi jedno
    nezáleží|je jedno|zabudni|bez ohľadu na
    ni pomembno|vseeno|brez|pozabi
    nije bitno|svejedno|bez obzira na|zaboravi
    nu contează|fără|indiferent|uită
    mindegy|nélkül|felejtsd el|nem számít
    spelar ingen roll|utan|strunta i|glöm|oavsett
    lige meget|ligegyldigt|uden|glem|uanset
    ihan sama|ei väliä|ilman|unohda|yhdentekevää
    ükskõik|ilma|unusta|pole oluline|pole tähtis
    nav svarīgi|vienalga|aizmirsti|neatkarīgi no
    nesvarbu|vienodai|pamiršk|nepriklausomai nuo
    δεν έχει σημασία|δεν πειράζει|χωρίς|ξέχνα|αδιάφορο
    няма значение|без значение|без|забрави|все едно
    ma jimpurtax|mingħajr|insa
    is cuma|gan|déan dearmad ar"""
)
#: Universal quantifiers right before the filter's noun ("any country", "alle Branchen").
UNIVERSAL = _phrases(
    """any|all|every|all the|any other
    jedes|jeder|jede|jedem|alle|beliebig|beliebiges|beliebiger|beliebige|irgendein|irgendeine|
    irgendwelche|egal welches|egal welcher|egal welche
    n'importe quel|n'importe quelle|tous les|toutes les
    cualquier|cualquiera|todos los|todas las|qualquer|todos os|todas as
    qualsiasi|qualunque|tutti i|tutte le|ogni
    dowolny|dowolne|dowolna|dowolnym|każdy|każde|każda|wszystkie|jakikolwiek|jakiekolwiek|
    jakakolwiek|obojętnie jaki|obojętnie jakie|obojętnie jaka|obojętnie który|obojętnie które
    elk|elke|ieder|iedere|alle|willekeurig|welk dan ook
    jakákoli|jakýkoli|libovolná|libovolný|všechny|každá|akákoľvek|ľubovoľná|všetky
    katerakoli|katera koli|vse|bilo koja|bilo koje|sve|svaka|orice|oricare|toate|
    bármelyik|bármilyen|minden|összes|vilket som helst|vilken som helst|alla|varje|
    hvilket som helst|ethvert|enhver|mikä tahansa|mitä tahansa|kaikki|jokainen|
    mis tahes|iga|kõik|jebkura|jebkurš|visas|visi|bet kuri|bet koks|visos|visi|
    οποιαδήποτε|οποιοδήποτε|όλες|όλα|όλοι|κάθε|всяка|всяко|всички|kwalunkwe|kollha|kull|
    aon|gach|uile"""
)
#: Words of "where": one word before or after a cue of indifference it is the place let go
#: ("doesn't matter where", "egal wo", "peu importe où", "obojętnie gdzie", "tanto faz onde").
WHERE = _phrases(
    """where|wo|où|dónde|donde|dove|gdzie|waar|onde|kde|kje|gdje|unde|hol|var|hvor|missä|kus|
    kur|πού|που|къде|fejn|cá háit"""
)
#: One or two words that say "anywhere" on their own.
ANYWHERE = _phrases(
    """anywhere|everywhere|wherever|anyplace|überall|irgendwo|egal wo|partout|n'importe où|
    dondequiera|en cualquier sitio|en cualquier lugar|donde sea|dovunque|ovunque|gdziekolwiek|
    wszędzie|obojętnie gdzie|overal|waar dan ook|em qualquer lugar|em qualquer sítio|
    onde quer que|kdekoli|kdekoľvek|kjerkoli|bilo gdje|oriunde|bárhol|var som helst|
    hvor som helst|missä tahansa|ükskõik kus|jebkur|bet kur|οπουδήποτε|където и да е|
    kullimkien|áit ar bith|all of europe|across europe|europe wide|eu wide|all over europe|
    in ganz europa|europaweit|dans toute l'europe|partout en europe|en toda europa|
    in tutta europa|w całej europie|in heel europa|em toda a europa|por toda a europa"""
)
#: The nouns of each filter (folded, whole words; a form that ends a stem in ``*`` matches any
#: ending: "certyfikat*" is "certyfikatu", "certyfikatem").
_NOUNS = {
    "country": """country|countries|nation|land|länder|lands|landen|lande|pays|país|países|
        paese|paesi|kraj|kraju|kraje|krajów|państwo|państwa|země|zemi|krajina|krajinu|
        država|države|državo|državu|țară|țara|țări|ország|országot|maa|maata|riik|riiki|
        valsts|valsti|šalis|šalį|χώρα|χώρες|държава|pajjiż|tír|location|place|location|
        standort|ort|lieu|endroit|lugar|sitio|luogo|posto|miejsce|lokalizacja|plek|locatie|
        sítio|local|localização|místo|miesto|kraj|mjesto|loc|hely|plats|sted|paikka|koht|
        vieta|vieta|τοποθεσία|място|post|áit""",
    "region": """region|regions|regionen|région|régions|región|regiones|regione|regioni|
        regio|regio's|regiao|região|regiões|województwo|region*|kraj|regija|regiune|régió|
        alue|piirkond|reģions|regionas|περιφέρεια|регион|reġjun|réigiún""",
    "label": """label|labels|labelled|labeled|certificate|certification|certified|siegel|
        zertifikat*|zertifizierung|gütesiegel|étiquette|certification|certifié|etiqueta|
        sello|certificado|certificación|etichetta|certificazione|certificato|marchio|
        certyfikat*|certyfikacj*|etykiet*|znak*|keurmerk|certificaat|certificering|selo|
        rótulo|certificação|certificado|známka|značka|certifikát*|oznaka|certifikat*|
        etichetă|eticheta|certificare|minősítés|címke|märkning|märke|mærkning|mærke|merkki|
        sertifikaatti|märgis|sertifikaat|zīmols|sertifikāts|ženklas|sertifikatas|σήμα|
        πιστοποίηση|етикет|сертификат|tikketta|ċertifikat|lipéad|requirement|level|niveau|
        stufe|nivel|livello|poziom|poziomu|nível""",
    "programme": """programme|programmes|program|programs|programm|programme|programa|
        programas|programma|programmi|programu|programy|programie|programmas|programos|
        πρόγραμμα|програма|programmu|clár""",
    "sector": """sector|sectors|industry|industries|branch|branches|branche|branchen|sektor|
        sektoren|sektory|sektorów|secteur|secteurs|sectores|settore|settori|branża|branży|
        branże|sectoren|setor|setores|odvětví|odvetvie|sektorja|sektora|sektori|domeniu|
        domenii|ágazat|ágazatot|bransch|branscher|toimiala|toimialat|sektorit|valdkond|
        nozare|nozares|sektorius|sektoriai|τομέας|τομείς|сектор|сектори|settur|earnáil""",
}


def _noun_table() -> tuple[dict[str, frozenset[str]], dict[str, tuple[str, ...]]]:
    words: dict[str, set[str]] = {name: set() for name in _NOUNS}
    stems: dict[str, list[str]] = {name: [] for name in _NOUNS}
    for name, block in _NOUNS.items():
        for item in block.replace("|", " ").split():
            if item.endswith("*"):
                stems[name].append(fold(item[:-1]))
            else:
                words[name].update(fold(item).split())
    return (
        {k: frozenset(v) for k, v in words.items()},
        {k: tuple(v) for k, v in stems.items()},
    )


NOUNS, NOUN_STEMS = _noun_table()
#: The label levels in every language the label phrases know ("gold", "Gold", "złotym",
#: "gouden", "ouro"...), but French "or" (English "or" too).
LEVELS = frozenset(w for w in (*LEVEL_WORDS, *LABEL_LEVELS) if w != "or")
#: The filters a place word lets go.
PLACE = frozenset({"country", "region"})


def _matches(tokens: list[str], start: int, phrases: frozenset[tuple[str, ...]]) -> int:
    """The length of the longest phrase that starts at ``start`` (0: none)."""
    best = 0
    for phrase in phrases:
        n = len(phrase)
        if n > best and tuple(tokens[start : start + n]) == phrase:
            best = n
    return best


def _noun(token: str) -> str | None:
    """The filter a word names (a noun of a filter), or None."""
    for name in ("label", "sector", "programme", "country", "region"):
        if token in NOUNS[name] or any(token.startswith(s) for s in NOUN_STEMS[name]):
            return name
    return None


def _named(tokens: list[str], levels: bool) -> set[str]:
    """The filters the words name (a filter's noun; a label level when ``levels``)."""
    out = set()
    for token in tokens:
        name = _noun(token)
        if name is not None:
            out.add(name)
        elif levels and token in LEVELS:
            out.add("label")
    return out


def dropped_filters(text: str | None) -> frozenset[str]:
    """The search filters a message lets go (module doc): a subset of ``country``, ``region``,
    ``label`` and ``sector`` (partner lists) and ``programme`` (call lists); a place let go is
    both ``country`` and ``region``.

    Examples: "any country is fine" and "obojętnie gdzie" -> country and region; "forget the
    label" and "without the gold requirement" -> label; "alle Branchen" -> sector; "any gold
    ones in Spain?" -> nothing.
    """
    tokens = fold(text or "").split()
    if not tokens or len(tokens) > MAX_WORDS:
        return frozenset()
    dropped: set[str] = set()
    i = 0
    while i < len(tokens):
        anywhere = _matches(tokens, i, ANYWHERE)
        if anywhere:
            dropped |= PLACE
            i += anywhere
            continue
        cue = _matches(tokens, i, INDIFFERENT)
        if cue:
            before = tokens[max(0, i - WINDOW) : i]
            after = tokens[i + cue : i + cue + WINDOW]
            dropped |= _named(before + after, levels=True)
            near = tokens[max(0, i - 1) : i] + tokens[i + cue : i + cue + 1]
            if any(_matches([w], 0, WHERE) for w in near):
                dropped |= PLACE
            i += cue
            continue
        universal = _matches(tokens, i, UNIVERSAL)
        if universal:
            following = tokens[i + universal : i + universal + 1]
            if following and _matches(following, 0, WHERE):
                dropped |= PLACE
            dropped |= _named(following, levels=False)
            i += universal
            continue
        i += 1
    if "country" in dropped:
        dropped.add("region")
    return frozenset(dropped)


#: Words that announce one filter changed ("actually Portugal instead", "lieber Silber", "no,
#: make it Austria", "plutôt la Hongrie", "anzi, meglio la Repubblica Ceca", "a może jednak na
#: Litwie", "afinal, na Letónia"), folded, in the 24 languages: they name no topic, so the
#: refinement keeps the list's topic and changes only the filter the message names.
SWAP_WORDS = frozenset(tuple(w.split()) for w in INSTEAD_WORDS) | _phrases(
    """better|make it|change it to|switch to|how about|maybe|perhaps|
    no wait|then|after all|on second thought|prefer|preferably|i'd prefer|i prefer|
    eher|doch|besser|vielleicht|dann|nimm|nehmen wir|mach|
    lieber doch|statt dessen|oder doch
    finalement|mieux|peut-être|alors|disons|prenons|au lieu|à la place|
    plutôt que ça
    mejor|mejor dicho|quizás|quizá|tal vez|entonces|pensándolo bien|
    en vez|en lugar|prefiero
    meglio|anzi|invece|forse|allora|facciamo|preferisco
    jednak|może|lepiej|wolę|zamiast|to może|a może|no to|albo
    toch|misschien|dan|beter|in plaats|maak er|doe maar|of toch
    afinal|antes|melhor|talvez|então|prefiro|ou melhor|ao invés
    radši|spíš|raději|namiesto|radšej|raje|bolje|radije|mai bine|de fapt|inkább|helyett|
    hellre|istället|snarere|hellere|i stedet|mieluummin|sittenkin|pigem|hoopis|labāk|drīzāk|
    verčiau|geriau|μάλλον|καλύτερα|по-добре|по-скоро|aħjar|minflok|seachas"""
)


def without_swap_words(text: str | None) -> str:
    """The text without the words that announce a filter changed (:data:`SWAP_WORDS`), its
    other words as written ("lieber Österreich" -> "Österreich", "afinal, na Letónia" -> ",
    na Letónia"); a folded phrase is matched word by word."""
    words = (text or "").split()
    folded = [fold(w) for w in words]
    keep = [True] * len(words)
    i = 0
    while i < len(words):
        # folded words may be empty (punctuation) or hold two parts ("make-it"): compare parts
        n = 0
        for phrase in SWAP_WORDS:
            size = len(phrase)
            if size > n and tuple(" ".join(folded[i : i + size]).split()) == phrase:
                n = size
        if n:
            keep[i : i + n] = [False] * n
            i += n
        else:
            i += 1
    return " ".join(w for w, k in zip(words, keep, strict=True) if k)
