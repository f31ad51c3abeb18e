"""Words of a request that name no topic: "we are looking for a partner" asks, it names nothing.

A search request with nothing to search yet opens its form, which asks for the topic; a request
that refers back ("who might team up on this?") searches the last topic. Both need to know which
words of a message are the request itself. These lists, compared folded
(:func:`taxonomy.text.fold`), hold those words for the eight reply languages:

* the words of back-referring and funding requests (:data:`_BACK_REFERRING_REQUEST`);
* the verbs of looking for, needing and wanting in their persons, gerunds and conditionals
  ("cherchons", "stiamo cercando", "ando à procura", "bräuchten", "poszukujemy", "zoekt"), the
  words of "in need of" ("besoin", "bisogno", "falta", "nodig"), who asks ("our company") and what
  any partner should be ("reliable", "from other countries"): :data:`_VERB_FORMS`;
* the words of a refinement ("what about", "instead", "wat dacht je van") and of a joint
  request ("together"): :data:`_REFINEMENT_WORDS`;
* verbs of wanting and being able to (:data:`_WANTING_WORDS`), of working together
  (:data:`_PARTNERING_WORDS`), organisations at work on a topic or with us
  (:data:`_AT_WORK_WORDS`, found by :data:`ORGANISATIONS_AT_WORK`) and of taking part, applying and bringing partners in
  (:data:`_TAKING_PART_WORDS`);
* who asks, describing itself ("we are a small company"): :data:`_SELF_DESCRIPTION_WORDS`;
* an adviser asking for someone else ("I have a client who needs partners", "für einen Kunden"):
  :data:`_ON_BEHALF_WORDS`;
* the words of a correction ("sorry, I meant ...", "ich meinte ..."): :data:`_CORRECTION_WORDS`,
  and the fillers a turn opens with ("ok", "dobra", "bueno": :data:`taxonomy.fillers.TURN_OPENERS`);
* the request as a noun ("Partnersuche", "búsqueda de socios"): :data:`_SEARCH_NOUN_WORDS`;
* greetings, getting in touch and partners anywhere in Europe
  (:data:`_GREETING_AND_REACH_WORDS`);
* funding and partner nouns written as compounds (:data:`FUNDING_COMPOUND`,
  :data:`PARTNER_COMPOUND`).

Written from the grammar of each language (conjugation tables), not from evaluation texts. Used by
:func:`actions.dialogue.context.names_a_topic`.
"""

from __future__ import annotations

import re

from taxonomy.fillers import TURN_OPENERS
from taxonomy.text import fold
from taxonomy.turns import MORE_WORDS

#: A funding noun written as a compound ("Förderprogramm", "financieringsprogramma",
#: "subsidieregeling"): a request word, no topic (compared folded).
FUNDING_COMPOUND = re.compile(
    r"^(?:forder|finanzierungs?|zuschuss|subsidie|financierings?|steun)"
    r"(?:programm|programme|programmen|programma|programmas|programma's|regeling|regelingen"
    r"|aufruf|aufrufe|ausschreibung|ausschreibungen|oproep|oproepen|mittel)$",
    re.UNICODE,
)
#: Words of a back-referring request that name no topic either ("who might team up on this?").
_BACK_REFERRING_REQUEST = frozenset(
    fold(w)
    for w in {
        *("might", "should", "shall", "must", "team", "up", "join", "collaborate", "cooperate"),
        *("partnering", "relevant", "similar", "suitable", "fit", "fits", "match", "matching"),
        *("too", "well", "also", "else", "there", "exist", "exists", "around", "topic", "topics"),
        *("subject", "field", "area", "theme", "fund", "funds", "project", "projects", "idea"),
        # the same request words in DE FR ES IT PL NL PT (compared folded)
        *("helfen", "unterstutzen", "partner", "konnte", "konnten", "welche", "thema"),
        *("aider", "pourrait", "pourraient", "partenaires", "financer", "sujet", "theme"),
        *("ayudar", "podria", "podrian", "socios", "socio", "financiar", "tema"),
        *("aiutare", "potrebbe", "potrebbero", "partner", "finanziare", "argomento"),
        *("pomóc", "mógłby", "mogliby", "partnerzy", "partnerow", "sfinansowac", "temat"),
        *("helpen", "kunnen", "zou", "zouden", "welke", "partners", "financieren", "onderwerp"),
        *("ajudar", "poderia", "poderiam", "parceiros", "parceiro", "financiar", "assunto"),
        # "I would like to find / I am looking for" in the seven languages
        *("suche", "suchen", "finden", "mochte", "mochten", "chercher", "cherche", "trouver"),
        *("voudrais", "busco", "buscamos", "buscar", "encontrar", "quisiera", "cerco", "cerchiamo"),
        *("trovare", "vorrei", "szukam", "szukamy", "znaleźć", "chciałbym", "zoek", "zoeken"),
        *("vinden", "wil", "willen", "procuro", "procuramos", "quero", "queremos", "gostaria"),
        # "I want", "show me only": request words of refinements and requests
        *("want", "wants", "need", "needs", "only", "just", "show", "list", "please", "those"),
        *("will", "wollen", "nur", "zeig", "zeige", "zeigen", "bloss", "lediglich"),
        *("veux", "voulons", "seulement", "uniquement", "montre", "montrez", "montrer"),
        *("quiero", "queremos", "solo", "sólo", "solamente", "muestra", "muéstrame", "mostrar"),
        *("voglio", "vogliamo", "soltanto", "mostra", "mostrami", "mostrare", "solamente"),
        *("chcę", "chcemy", "tylko", "pokaż", "pokazać", "wyłącznie"),
        *("alleen", "enkel", "toon", "tonen", "laat", "zien", "wil"),
        *("apenas", "só", "somente", "mostra", "mostre", "mostrar"),
        # funding words of calls requests ("any aid programmes open for that?")
        *("grant", "grants", "funding", "calls", "call", "programme", "programmes", "program"),
        *("fördermittel", "förderprogramm", "förderprogramme", "programm", "programme", "hilfe"),
        *("aide", "aides", "programme", "programmes", "appels"),
        *("ayuda", "ayudas", "programa", "programas", "financiación"),
        *("aiuto", "aiuti", "programma", "programmi", "finanziamenti", "contributi"),
        *("dotacja", "dotacje", "dotacji", "program", "programy", "wsparcie"),
        *("regeling", "regelingen", "programma", "programma's", "steun"),
        *("apoio", "apoios", "programa", "programas", "ajuda", "ajudas"),
        # "is there any open funding programme ...": declined and other forms of the same words
        *("open", "available", "running", "scheme", "schemes", "financing", "opportunities"),
        *("offenes", "offener", "laufendes", "laufende", "irgendein", "irgendwelche"),
        *("förderprogrammen", "förderung", "förderungen", "finanzierung", "zuschuss"),
        *("zuschüsse", "dispositif", "dispositifs", "quelque", "quelques"),
        *("algún", "alguna", "algunos", "algunas", "financiamiento", "abierto", "abiertos"),
        *("qualche", "alcun", "alcuna", "alcuni", "finanziamento", "aperto", "aperti"),
        *("jakiś", "jakieś", "jakikolwiek", "finansowania", "finansowanie", "dofinansowania"),
        *("programu", "programów", "wsparcia", "otwarty", "otwarte", "otwartych"),
        *("enig", "enige", "openstaand", "openstaande", "financiering", "subsidieregeling"),
        *("algum", "alguma", "alguns", "algumas", "financiamento", "aberto", "abertos"),
        *("support", "läuft", "laufen", "existe", "existent", "existem", "loopt", "lopen"),
        *("lopende", "esiste", "esistono", "istnieje", "istnieją", "bestaat", "bestaan"),
        # "something / anything open" and the forms of "open" (session 18: "coś otwartego dla
        # MŚP?", "qualcosa di aperto?", "alguma coisa aberta?")
        *("something", "anything", "etwas", "quelque", "chose", "algo", "qualcosa", "coś"),
        *("iets", "coisa", "otwartego", "otwarta", "otwartej", "otwartym", "aperta", "aperte"),
        *("aberta", "abertas", "abierta", "abiertas", "ouvert", "ouverte", "ouverts", "ouvertes"),
        *("offen", "offene", "offenes", "lopend", "mkb", "pmi"),
        # "is there anything like that / such ones / similar ones in ...?" (session 18)
        *("such", "ones", "like", "sowas", "solche", "solches", "ähnliche", "ähnlichen"),
        *("gibt", "gibts", "gibt's", "pareil", "pareils", "similaires", "tel", "tels"),
        *("similares", "parecidos", "parecidas", "simili", "analoghi", "genere", "podobne"),
        *("takie", "podobnych", "vergelijkbare", "soortgelijke", "zulke", "zoiets"),
        *("semelhantes", "parecidos", "parecido", "parecida", "género", "tipo"),
        # "which of those ...?" and "at this moment" name no topic either
        *("davon", "daarvan", "hiervan", "ervan", "eux", "ellos", "esos", "esas", "questi"),
        *("quelli", "nich", "deles", "desses", "dessas", "momento", "neste", "nesse", "mismo"),
        *("disponible", "disponibles", "disponibile", "disponibili", "disponível", "dostępny"),
        *("dostępne", "beschikbaar", "verfügbar", "verfügbare", "disponibilité"),
        *("disponíveis", "which", "quais", "qual", "quali", "quale", "lesquels", "lesquelles"),
        *("cuáles", "cuál", "które", "którzy", "hebben", "haben", "têm", "tienen", "hanno"),
        # who the money is for names no topic ("calls for SMEs on that", "KMU-Förderung dazu")
        *("sme", "smes", "pme", "pmes", "kmu", "pyme", "pymes", "msp", "mśp", "mkb", "startups"),
        # "can you show me ...?" in the seven languages
        *("kun", "kunt", "kan", "laten", "mij", "graag", "kannst", "könnt", "mir", "bitte"),
        *("peux", "pouvez", "pourriez", "pourrais", "moi", "afficher", "voir", "puedes"),
        *("podrías", "enseñarme", "enséñame", "enseñar", "mostrarme", "ver", "puoi", "può"),
        *("potresti", "farmi", "fammi", "vedere", "mostrarmi", "możesz", "może", "mógłbyś"),
        *("pokaż", "proszę", "podes", "pode", "podia", "mostrar-me", "mostra-me", "mostre-me"),
        # "is there EU money for that right now?": money, "European", "now" name no topic
        *("money", "eu", "european", "moment", "now", "currently", "right", "today"),
        *("geld", "europäisch", "europäische", "europäischen", "jetzt", "derzeit", "gelder"),
        *("fonds", "argent", "européen", "européens", "européenne", "européennes", "ue"),
        *("actuellement", "maintenant", "dinero", "europeo", "europea", "europeos", "europeas"),
        *("ahora", "actualmente", "fondos", "soldi", "fondi", "europei", "europee", "ora"),
        *("adesso", "attualmente", "pieniądze", "pieniędzy", "środki", "środków", "unijne"),
        *("unijnych", "europejskie", "europejskich", "teraz", "obecnie", "fundusze", "funduszy"),
        *("europees", "europese", "nu", "momenteel", "fondsen", "dinheiro", "europeu"),
        *("europeia", "europeus", "europeias", "agora", "atualmente", "fundos"),
        # "a partner for a project" names no topic either
        *("projekt", "projekte", "projektu", "projektów", "projet", "projets", "proyecto"),
        *("proyectos", "progetto", "progetti", "projeto", "projetos", "ons", "nosso", "nasz"),
        # "what about ...?" ("wie sieht es in Polen aus", "hoe zit dat in Duitsland")
        *("about", "sieht", "aus", "steht", "zit", "staat", "est-il", "qu'en", "tal", "riguarda"),
        *("dotyczy", "wygląda", "fica", "passa"),
        # "who works on that?"
        *("arbeitet", "arbeiten", "travaille", "travaillent", "trabaja", "trabajan", "lavora"),
        *("lavorano", "działa", "działają", "pracuje", "werkt", "werken", "trabalha", "trabalham"),
    }
)

#: Verbs of looking for, needing and wanting, in the persons, gerunds and conditionals a request
#: uses, and the other words of a request that name no topic (who asks, what any partner should
#: be), per reply language.
_VERB_FORMS = {
    "en": """look looks looking looked seek seeks seeking sought search searches searching
        require requires required requiring need needs needed needing want wanted wanting
        hoping hope trying try interested company companies firm organisation organization
        organisations organizations reliable trusted trustworthy potential possible new good
        international foreign abroad other countries european consortium""",
    "de": """suche suchst sucht suchen suchend gesucht brauche brauchst braucht brauchen
        bräuchte bräuchten benötige benötigst benötigt benötigen benötigten möchte möchten
        würde würden hätte hätten gern gerne kämen käme frage infrage betracht unternehmen
        firma organisation zuverlässige zuverlässigen neue neuen andere anderen ländern
        ausland internationale internationalen europäischen geeignete geeigneten""",
    "fr": """cherche cherches cherchons cherchez cherchent cherchant chercherais chercherait
        chercherions chercheriez recherche recherches recherchons recherchez recherchent
        recherchant rechercher besoin faut faudrait faudra falloir souhaite souhaitons
        souhaitez souhaiterais souhaiterions voudrions voulons veut aimerais aimerions
        trouvons entreprise société organisation structure fiable fiables nouveau nouveaux
        nouvelle nouvelles autres pays étranger internationaux potentiels""",
    "es": """busco buscas busca buscamos buscáis buscan buscando buscaría buscaríamos necesito
        necesitas necesita necesitamos necesitan necesitando necesitaría necesitaríamos falta
        faltan hace hacen haría harían querría querríamos quisiéramos gustaría encontrar
        empresa compañía organización fiable fiables nuevos nuevas otros otras países
        extranjero internacionales potenciales""",
    "it": """cerco cerchi cerca cerchiamo cercate cercano cercando cercherei cercheremmo
        ricerchiamo bisogno serve servono servirebbe servirebbero occorre occorrono vorremmo
        vorrei desideriamo stiamo sto stanno azienda società impresa organizzazione
        affidabile affidabili nuovi nuove altri altre paesi estero internazionali potenziali""",
    "pt": """procuro procuras procura procuramos procuram procurando procuraria procuraríamos
        procurar busco buscas busca buscamos buscam buscando preciso precisas precisa
        precisamos precisam precisando precisaria precisaríamos necessito necessita
        necessitamos necessitam gostaríamos queria queríamos ando andamos anda andam estou
        estamos empresa organização fiável fiáveis confiáveis novos novas outros outras
        países estrangeiro internacionais potenciais""",
    "pl": """szukam szukasz szuka szukamy szukacie szukają szukać poszukuję poszukuje
        poszukujemy poszukują poszukiwać potrzebuję potrzebuje potrzebujemy potrzebują
        potrzebować potrzebny potrzebni chcielibyśmy chciałbym chciałabym znaleźć firma
        firmy nasza organizacja wiarygodnych wiarygodnego nowych innych krajów zagranicy
        zagranicznych międzynarodowych""",
    "nl": """zoek zoekt zoeken zochten gezocht nodig heb hebt heeft hebben wilt willen zouden
        graag vinden bedrijf organisatie betrouwbare nieuwe andere landen buitenland
        internationale geschikte""",
}
#: Who asks, describing itself before the request ("we are a small company and need partners",
#: "wir sind ein mittelständischer Betrieb", "jesteśmy małą firmą"): being, size, age and the
#: kind of company, per reply language. They name the one who asks, not what is searched.
_SELF_DESCRIPTION_WORDS = {
    "en": """am we're i'm small smaller medium medium-sized mid-sized young startup startups
        start-up family business businesses enterprise sme smes micro run own based""",
    "de": """bin sind kleine kleines kleiner kleinen mittlere mittleres mittelständische
        mittelständischer mittelständisches junge junges jungen startup start-up familienbetrieb
        familienunternehmen betrieb kmu unternehmen mittelstand""",
    "fr": """suis sommes petite petit petites petits moyenne moyen jeune familiale start-up
        startup pme tpe entreprise""",
    "es": """soy somos pequeña pequeño pequeñas pequeños mediana mediano joven familiar startup
        pyme microempresa empresa""",
    "it": """sono siamo piccola piccolo piccole piccoli media medio giovane familiare startup pmi
        impresa microimpresa""",
    "pl": """jestem jesteśmy mała małą małe mały małym średnia średnią średnie średnim młoda
        młodą młody rodzinna rodzinną rodzinny startup msp firmą przedsiębiorstwem""",
    "nl": """ben zijn klein kleine middelgrote jong jonge familiebedrijf startup mkb onderneming
        ondernemingen""",
    "pt": """sou somos pequena pequeno pequenas pequenos média médio jovem familiar startup pme
        microempresa""",
}
#: An adviser asking for someone else ("I have a client who needs partners", "pour le compte d'un
#: client", "w imieniu klienta"): the client, the one asked for, and "on behalf of", per reply
#: language (the nouns in the cases a request puts them in). They name who is helped, not what is
#: searched; a topic named beside them stays the topic.
_ON_BEHALF_WORDS = {
    "en": """client clients client's customer customers behalf member members have has who
        whom which wants needs""",
    "de": """kunde kunden kundin kundinnen mandant mandanten mandantin klient klienten
        mitglied mitglieder namens auftrag habe hat der die das einen einer""",
    "fr": """client clients cliente clientes compte adhérent adhérents membre membres ai
        qui veut""",
    "es": """cliente clientes nombre socio miembro miembros tengo tiene que quiere""",
    "it": """cliente clienti conto nome associato associati membro membri ho ha che vuole""",
    "pl": """klient klienta klientowi klientem kliencie klientka klientki klientce klienci
        klientów klientom imieniu członek członka członków mam ma który która którzy chce""",
    "nl": """klant klanten cliënt cliënten namens lid leden heb heeft die wil""",
    "pt": """cliente clientes nome associado associados membro membros tenho tem que quer""",
}
#: Words of a refinement ("what about Austria?", "and now in Spain instead", "same in Poland",
#: "others in Sweden?", "noch andere in Deutschland?")
#: and of a joint request ("what could we apply for and get together?"), per reply language.
_REFINEMENT_WORDS = {
    "en": """how what about instead same now try apply applying together jointly get obtain
        ok okay let's lets let other others another more""",
    "de": """wäre wär wärs schaut schauts stattdessen gleiche gleichen jetzt nun probier
        probiere versuch versuche bewerben gemeinsam zusammen bekommen erhalten andere anderen anderer
        weitere weiteren mehr""",
    "fr": """quid pareil plutôt même maintenant essaie essaye essayons postuler candidater obtenir
        ensemble conjointement autre autres d'autres encore""",
    "es": """tal qué hay igual cambio vez lugar ahora prueba probemos solicitar presentarnos obtener conseguir
        juntos conjuntamente otro otros otra otras más""",
    "it": """dici diresti invece stessa stesso ora adesso prova proviamo candidarci candidare ottenere
        insieme congiuntamente altro altri altra altre ancora""",
    "pl": """zamiast podobnie teraz spróbuj spróbujmy wystąpić aplikować razem wspólnie zdobyć uzyskać otrzymać
        inne innych inny inna więcej jakieś jakichś""",
    "nl": """dacht denk denkt zeg staat ervan liever plaats nou probeer proberen aanvragen krijgen
        indienen samen gezamenlijk
        andere anderen meer""",
    "pt": """quanto tal vez antes agora experimenta tenta candidatar concorrer juntos obter conseguir
        conjuntamente outro outros outra outras mais""",
}
#: The words of a correction of what was just said ("sorry, I meant Portugal", "perdón, quería
#: decir Portugal", "Entschuldigung, ich meinte Österreich", "przepraszam, chodziło mi o
#: Czechy"): an apology, a "no", a verb of meaning (Swiss and Austrian German too: "nei, i
#: meinti", "na, i hab ... gmeint") and the "or" between two places; the place or topic after
#: them is the refinement.
_CORRECTION_WORDS = {
    "en": """talking talk asking
        sorry oops apologies pardon meant mean correction typo wrong mistake no nope actually
        or""",
    "de": """sprechen reden
        sorry entschuldigung entschuldige pardon verzeihung meinte meine gemeint falsch
        vertippt korrektur nein nee nö eigentlich doch oder
        nei na gmeint gmeinet meinti meinit hani han hab eh""",
    "fr": """parler parlais
        pardon désolé désolée oups voulais voulu veux dire erreur trompé corrige non plutôt
        ou""",
    "es": """hablar hablaba
        perdón perdona disculpa disculpe lo siento quería quise decir error equivoqué
        corrijo no o refería refiero refiere""",
    "it": """parlare parlavo
        scusa scusate scusi pardon intendevo intendevi volevo dire errore sbagliato
        sbagliato correggo no anzi oppure""",
    "pl": """mówić mówiłem mówiłam
        przepraszam sorry pardon chodziło chodzilo chodzi mi myśli miałem miałam
        błąd pomyłka pomyliłem pomyliłam nie raczej lub albo""",
    "nl": """praten had over
        sorry excuus pardon bedoelde bedoel bedoelen vergissing fout verkeerd nee of""",
    "pt": """falar falava
        desculpa desculpe perdão queria quis dizer erro enganei engano não ou referia
        referia-me""",
}
#: Verbs of working together and the words of "with whom could we ...": a partner request without
#: the word "partner" ("with whom could we team up on this?"). :data:`PARTNERING` finds them; they name no topic.
_PARTNERING_WORDS = {
    "en": """cooperating collaborating partnering whom""",
    "de": """zusammentun zusammenarbeiten zusammenschließen kooperieren kooperation wem wen könnten könnte""",
    "fr": """associer collaborer coopérer pourrions pourriez pourraient nous vous""",
    "es": """asociarnos asociarse colaborar cooperar podríamos podrían quién quiénes""",
    "it": """associarci collaborare cooperare potremmo potrebbero chi""",
    "pl": """współpracować współpracy kooperować kim komu moglibyśmy mogliby mógłby""",
    "nl": """samenwerken samenwerking wie zouden konden""",
    "pt": """associar-nos associarmos colaborar cooperar poderíamos poderiam quem""",
}
#: A verb of working together (word start) in the eight reply languages.
PARTNERING = re.compile(
    r"(?<![\w-])(?:team(?:ing)?\s+up|join\s+forces|collaborat|cooperat|zusammen(?:tun|arbeit"
    r"|schlie)|kooperi|s'associer|collabor|coopér|asociar|colabor|cooper|associar"
    r"|wsp[óo]łprac|kooperow|samenwerk|samen\s+werken)",
    re.IGNORECASE | re.UNICODE,
)
#: A greeting before a request, getting in touch, and partners anywhere in Europe ("Guten Morgen,
#: unser Betrieb sucht europäische Kooperationspartner", "dzień dobry, szukamy partnerów w całej
#: Unii", "we'd like to get in touch with clusters across Europe"): they say how the request is
#: made and how far partners may be, no topic, per reply language.
_GREETING_AND_REACH_WORDS = {
    "en": """hello hi hey dear good morning afternoon evening touch contact contacts connect
        across europe eu union worldwide elsewhere""",
    "de": """hallo guten morgen tag abend servus grüezi kontakt kontakte vernetzen europa eu
        union europäische europäischer europäisches weltweit""",
    "fr": """bonjour bonsoir salut contact contacts relation europe européen européens
        européenne européennes ue union étrangers étrangères étrangère monde""",
    "es": """hola buenos buenas días tardes contacto contactos europa europeo europeos europea
        europeas ue unión extranjeros mundo""",
    "it": """ciao buongiorno buonasera salve contatto contatti europa europeo europei europea
        europee ue unione stranieri mondo""",
    "pl": """dzień dobry cześć witam kontakt kontaktu europa europie europy europejskich
        europejskie unii unia ue całej cała całym zagraniczni zagranicznymi""",
    "nl": """hallo hoi goedemorgen goedemiddag goedendag dag contact europa europese eu unie
        wereld buitenlandse""",
    "pt": """olá ola bom boa dia tarde contacto contato contactos europa europeu europeus
        europeia europeias ue união noutros noutras estrangeiros mundo""",
}
#: A partner noun written as a compound ("Kooperationspartner", "Netzwerkpartnern",
#: "samenwerkingspartners", "consortiumpartner"): a request word, no topic (compared folded).
PARTNER_COMPOUND = re.compile(r"^[^\W\d_]{3,}partner(?:s|n|in|innen)?$", re.UNICODE)
#: Organisations at work on a topic and working with us: "which organisations are active on it?",
#: "who could work on this with us?" ask for partners without a partner noun. Their words name no
#: topic (the nouns of organisations, being active, working).
_AT_WORK_WORDS = {
    "en": """organisation organisations organization organizations company companies firm firms
        business businesses player players actor actors active doing working work us""",
    "de": """organisation organisationen unternehmen firma firmen akteur akteure einrichtung
        einrichtungen aktiv tätig arbeiten arbeitet uns""",
    "fr": """organisation organisations entreprise entreprises société sociétés structure
        structures acteur acteurs actif actifs active actives travaillent travailler travaille""",
    "es": """organización organizaciones empresa empresas entidad entidades actor actores activo
        activos activa activas trabajan trabajar trabaja nosotros""",
    "it": """organizzazione organizzazioni azienda aziende impresa imprese ente enti attore
        attori attivo attivi attiva attive lavorano lavorare lavora noi""",
    "pl": """organizacja organizacje organizacji firma firmy przedsiębiorstwa podmiot podmioty
        instytucje aktywne aktywny działają zajmuje zajmują zajmujący pracują pracować pracuje
        nami się""",
    "nl": """organisatie organisaties bedrijf bedrijven onderneming ondernemingen spelers actief
        actieve bezig werken werkt ons""",
    "pt": """organização organizações empresa empresas entidade entidades ator atores ativo
        ativos ativa ativas trabalham trabalhar trabalha connosco conosco nós""",
}
#: An organisation noun and, within a few words, being active or working ("organisations active
#: on it", "Unternehmen, die daran arbeiten", "empresas que trabajan en esto", "firmy, które się
#: tym zajmują"), or working with us ("work on this with us", "mit uns daran arbeiten", "travailler
#: avec nous", "trabalhar connosco"), in the eight reply languages (word starts).
_ORGANISATION_NOUN = (
    r"organi[sz]a|organizz|organizac|organiza[çc]|compan(?:y|ies)|firm|business|players?\b|actors?\b"
    r"|unternehmen|akteur|einrichtung|entreprise|soci[ée]t[ée]s?\b|acteur|empresa|entidad"
    r"|actor|aziend|impres[ae]\b|enti\b|attori|przedsi[ęe]biorst|podmiot|instytucj|bedrijf"
    r"|bedrijven|ondernemingen|spelers|entidade|atores"
)
_BEING_AT_WORK = (
    r"activ|aktiv|actif|attiv|actie[fv]|ativ[oa]|t[äa]tig|doing|working|work(?:s|ing)?\s+on"
    r"|arbeite|travaill|trabaj|lavor|dzia[łl]aj|zajmuj|pracuj|bezig|werken|trabalh"
)
_WITH_US = (
    r"with\s+us|mit\s+uns|avec\s+nous|con\s+nosotros|con\s+noi|z\s+nami|met\s+ons|connosco"
    r"|conosco|com\s+n[óo]s"
)
_WORKING = (
    r"work|arbeit|travaill|trabaj|lavor|pracow|werk|trabalh"
    # taking part with us ("chi potrebbe partecipare con noi?", "kto mógłby wziąć udział razem
    # z nami?", "quem poderia participar connosco?"): partners too
    r"|particip|partecip|uczestnicz|wzi[ąa][ćc]\s+udzia[łl]|teilnehm|mitmach|deelne|meedo"
)
ORGANISATIONS_AT_WORK = re.compile(
    rf"(?<![\w-])(?:(?:{_ORGANISATION_NOUN})[^.?!]{{0,40}}?(?<![\w-])(?:{_BEING_AT_WORK})"
    rf"|(?:{_WORKING})[^.?!]{{0,30}}?(?<![\w-])(?:{_WITH_US})(?![\w-])"
    rf"|(?:{_WITH_US})[^.?!]{{0,30}}?(?<![\w-])(?:{_WORKING}))",
    re.IGNORECASE | re.UNICODE,
)
#: Networks of organisations in the eight reply languages (word starts): "redes de construção",
#: "Netzwerke für", "réseaux de", "reti di", "sieci", "netwerken".
_NETWORK_NOUN = r"networks?\b|netzwerk|r[ée]seaux?\b|redes?\b|ret[ei]\b|sie[ćc]i?\b|netwerk"
#: Organisations or networks named as what a message looks for ("empresas de máquina
#: herramienta en el País Vasco", "redes de construção sustentável na Áustria"): beside a place
#: and a topic, a partner search however NLU ranked it (:mod:`actions.dialogue.follow_up`).
ORGANISATIONS_SOUGHT = re.compile(
    rf"(?<![\w-])(?:{_ORGANISATION_NOUN}|{_NETWORK_NOUN}|software\s+house)",
    re.IGNORECASE | re.UNICODE,
)
#: Wanting, wishing and being able to, in every person of the present and the conditional
#: ("notre PME voudrait", "quisiéramos", "vorremmo", "gostaríamos", "chcielibyśmy").
_WANTING_WORDS = {
    "en": """would like wish wishes wished may can could""",
    "de": """will willst wollen wollt möchte möchtest möchten möchtet wünsche wünschen
        würden könnte könnten kann können""",
    "fr": """veux veut voulons voulez veulent voudrais voudrait voudrions voudriez voudraient
        souhaite souhaites souhaitons souhaitez souhaitent souhaiterait souhaiteraient
        aimerait aimeraient peux peut pouvons pouvez peuvent pourrais pourrait pourraient
        pourrions""",
    "es": """quiero quieres quiere queremos quieren querría querríamos quisiera quisiéramos
        deseo desea deseamos desean gustaría puedo puede podemos pueden podría podrían
        podríamos""",
    "it": """voglio vuoi vuole vogliamo volete vogliono vorrei vorrebbe vorremmo vorrebbero
        desidero desidera desideriamo desiderano posso può possiamo possono potrei potrebbe
        potrebbero potremmo""",
    "pl": """chcę chcesz chce chcemy chcecie chcą chciałbym chciałabym chciałby chciałaby
        chcielibyśmy chciałyby mogę może możemy mogą mógłbym mógłby mogłaby mogłoby mogliby
        mogłyby""",
    "nl": """wil wilt willen zou zouden wens wensen kan kun kunnen""",
    "pt": """quero queres quer queremos querem queria queríamos quereria gostaria gostaríamos
        desejo deseja desejamos desejam posso pode podemos podem poderia poderiam
        poderíamos""",
}
#: Verbs of taking part, applying and bringing partners in ("what grants could we go for?",
#: "welche Cluster könnten wir gewinnen?", "oproepen waar we voor kunnen indienen").
_TAKING_PART_WORDS = {
    "en": """go bid compete qualify participate participating join take part submit attract
        win involve bring include""",
    "de": """gewinnen einreichen teilnehmen mitmachen beteiligen einbeziehen holen anwerben
        anschließen""",
    "fr": """participer soumettre répondre attirer impliquer intégrer rejoindre joindre""",
    "es": """participar competir optar atraer implicar involucrar sumar unirse unir sumarse""",
    "it": """partecipare concorrere competere coinvolgere attirare unirsi aggiungersi""",
    "pl": """uczestniczyć wziąć udział startować przystąpić zaangażować pozyskać dołączyć
        przyłączyć""",
    "nl": """indienen meedoen deelnemen inschrijven betrekken aantrekken waar waarvoor waarop
        waarmee waarin aansluiten""",
    "pt": """participar submeter apresentar envolver atrair juntar juntar-se""",
}
#: The request written as a noun ("Partnersuche", "búsqueda de socios", "poszukiwanie
#: partnerów", "procura de parceiros"): a keyword-style request names no topic either. Not
#: "research" (English "research clusters" names a topic).
_SEARCH_NOUN_WORDS = {
    "en": """search searching""",
    "de": """suche partnersuche partnervermittlung partnerfindung kooperationspartnersuche""",
    "fr": """recherche""",
    "es": """búsqueda busca""",
    "it": """ricerca""",
    "pl": """poszukiwanie poszukiwania wyszukiwanie""",
    "nl": """zoektocht zoeken""",
    "pt": """procura busca pesquisa""",
}
#: Asking for help or suggestions, and the people and the working together a partner request
#: is about ("can you help me find some collaborators?", "I'd like some partner suggestions",
#: "Unser Unternehmen sucht einen Cluster für eine Zusammenarbeit", "nuestra empresa busca
#: colaboradores", "czy pomożesz mi znaleźć partnerów?"): a request that only says this names
#: no topic, so the form asks what partners should work on (session 20, the older sets' form
#: openings answered with a search on such a word).
_HELP_AND_COLLABORATOR_WORDS = {
    "en": """collaborator collaborators cooperation collaboration suggestion suggestions
        recommendation recommendations recommend suggest propose ideas advice assist assistance
        start""",
    "de": """zusammenarbeit kooperationen vorschlag vorschläge empfehlung empfehlungen empfehlen
        vorschlagen helfen hilf hilfe unterstützung mitarbeiter""",
    "fr": """collaborateur collaborateurs collaboratrices coopération collaboration suggestion
        suggestions proposition propositions recommandation recommandations conseiller
        suggérer proposer aider aidez aide""",
    "es": """colaborador colaboradores colaboradoras cooperación colaboración sugerencia
        sugerencias propuesta propuestas recomendación recomendaciones recomendar sugerir
        proponer ayudar ayudas ayudarme ayúdame ayuda""",
    "it": """collaboratore collaboratori cooperazione collaborazione suggerimento suggerimenti
        proposta proposte consiglio consigli raccomandare suggerire proporre aiutare aiutarmi
        aiuti aiutami aiuto""",
    "pl": """współpracownik współpracownicy współpracowników współpraca współpracę sugestia
        sugestie propozycja propozycje rekomendacje polecić zaproponować pomóc pomożesz
        pomożecie pomoże pomoc pomocy""",
    "nl": """medewerkers samenwerkingen suggestie suggesties voorstel voorstellen aanbeveling
        aanbevelingen aanraden helpen help hulp""",
    "pt": """colaborador colaboradores colaboradoras cooperação colaboração sugestão sugestões
        proposta propostas recomendação recomendações recomendar sugerir propor ajudar
        ajudar-me ajuda""",
}
#: How a formal, spoken or non-native request introduces itself and qualifies the partners it
#: wants ("Good afternoon, I represent a small business and we would appreciate assistance in
#: identifying suitable partners", "wir wären Ihnen dankbar", "gradiremmo assistenza
#: nell'individuare partner adatti", "prosilibyśmy o pomoc w znalezieniu odpowiednich
#: partnerów", "we hebben gewoon partners nodig"): no topic either (session 20, the older sets'
#: FORMAL/VOICE/NONNATIVE form openings).
_FORMAL_AND_SPOKEN_WORDS = {
    "en": """represent represents representing appreciate appreciated kindly grateful advise
        identify identifying suitable relevant appropriate fitting keen eager meet told put""",
    "de": """vertrete vertreten vertritt dankbar identifizieren passende passenden passender
        geeignet relevante relevanten halt geht eben einfach""",
    "fr": """représente représentons représentant reconnaissant reconnaissants serions serais
        identifier pertinent pertinents pertinente pertinentes adapté adaptés adaptée adaptées
        approprié appropriés recommander""",
    "es": """represento representamos agradeceríamos agradecería agradecemos identificar
        adecuado adecuados adecuada adecuadas apropiados pertinentes relevantes recomendarnos
        recomendarme""",
    "it": """rappresento rappresentiamo gradiremmo gradirei grato grati individuare identificare
        adatto adatti adatta adatte pertinenti rilevanti consigliarci consigliarmi assistenza""",
    "pl": """reprezentuję reprezentujemy reprezentuje prosilibyśmy prosiłbym prosiłabym prosimy
        wdzięczni wdzięczny znalezieniu znalezienia odpowiednich odpowiednie odpowiedni
        właściwych firmę firmie da się""",
    "nl": """vertegenwoordig vertegenwoordigen waarderen dankbaar identificeren geschikte
        passende relevante aanbevelen gewoon""",
    "pt": """represento representamos agradecíamos agradecia agradeceríamos gratos identificar
        adequado adequados adequada adequadas apropriados pertinentes relevantes
        recomendar-nos""",
}
#: Every word of a request that names no topic, folded.
REQUEST_WORDS = (
    _BACK_REFERRING_REQUEST
    | TURN_OPENERS
    | MORE_WORDS
    | frozenset(
        fold(word)
        for table in (
            _VERB_FORMS,
            _WANTING_WORDS,
            _REFINEMENT_WORDS,
            _PARTNERING_WORDS,
            _AT_WORK_WORDS,
            _GREETING_AND_REACH_WORDS,
            _TAKING_PART_WORDS,
            _CORRECTION_WORDS,
            _SEARCH_NOUN_WORDS,
            _SELF_DESCRIPTION_WORDS,
            _ON_BEHALF_WORDS,
            _HELP_AND_COLLABORATOR_WORDS,
            _FORMAL_AND_SPOKEN_WORDS,
        )
        for words in table.values()
        for word in words.split()
    )
)
