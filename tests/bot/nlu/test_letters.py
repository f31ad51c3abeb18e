"""bot/nlu/letters.py and the RequestSegmenter: the requests of long messages, the frame dropped.

Letters, forwards and two-question messages written for this test from the fact cards
(knowledge/facts), the profiles and the calls, in the eight reply languages.
"""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.letters import (
    LONG_CHARS,
    after_greeting,
    after_thanks,
    asks,
    segment,
    sentences,
    unframed,
)
from bot.nlu.segmenter import SEGMENTS_PROPERTY, RequestSegmenter, moved_entities

LETTERS = {
    "en": (
        "Dear Sir or Madam,\n\nwe are a small company in Slovenia producing lithium battery "
        "packs for e-bikes. We are looking for partners in Germany for a battery recycling "
        "project. Could you tell us which clusters could help?\n\nKind regards,\nMaja Horvat\n"
        "Horvat d.o.o., Maribor"
    ),
    "de": (
        "Sehr geehrte Damen und Herren,\nwir sind ein Familienbetrieb aus Tirol und stellen "
        "Holzfenster her. Wir suchen Partner in Italien, die sich mit nachhaltigem Bauen "
        "befassen.\nMit freundlichen Grüßen\nAnton Huber"
    ),
    "fr": (
        "Madame, Monsieur,\nnotre PME bretonne transforme des algues pour l'alimentation "
        "animale depuis 2009. Nous cherchons des appels ouverts sur la bioéconomie bleue. "
        "Pourriez-vous nous orienter ?\nCordialement,\nLaure Le Gall"
    ),
    "es": (
        "Estimados señores: somos una pequeña empresa de Valencia que fabrica envases "
        "cerámicos. Buscamos socios en Portugal para un proyecto de economía circular. "
        "Un saludo, Pilar"
    ),
    "it": (
        "Gentili signori,\nsiamo una PMI piemontese che produce componenti per l'automotive. "
        "Vorremmo sapere se ci sono bandi aperti sulla mobilità elettrica.\nCordiali saluti\n"
        "Marco Rossi"
    ),
    "pl": (
        "Szanowni Państwo,\njesteśmy firmą z Podkarpacia działającą w branży lotniczej od "
        "piętnastu lat. Szukamy partnerów we Francji do wspólnego projektu.\nZ poważaniem\n"
        "Piotr Nowak"
    ),
    "nl": (
        "Geachte heer/mevrouw,\nwij zijn een klein bedrijf uit Brabant dat sensoren voor de "
        "landbouw ontwikkelt. Wij zoeken een cluster in Denemarken voor samenwerking. "
        "Kunt u ons helpen?\nMet vriendelijke groet,\nSanne de Vries"
    ),
    "pt": (
        "Prezados senhores,\nsomos uma empresa do Porto que produz cortiça técnica para a "
        "construção. Gostaríamos de saber se existem convites abertos sobre materiais "
        "sustentáveis.\nAtenciosamente,\nJoão Silva"
    ),
}


@pytest.mark.parametrize("language", sorted(LETTERS))
def test_a_letter_is_read_requests_first_without_its_frame(language):
    text = LETTERS[language]
    parts = segment(text)
    assert parts.is_long(text)
    assert parts.requests and parts.context
    focus = parts.focus()
    # salutation, closing and signature are gone; the facts of the context stay
    for frame in ("Dear", "Sehr geehrte", "Madame", "Estimados", "Gentili", "Szanowni"):
        assert frame not in focus
    for closing in ("regards", "Grüßen", "Cordialement", "saludo", "saluti", "poważaniem"):
        assert closing not in focus
    for name in ("Horvat", "Huber", "Le Gall", "Pilar", "Rossi", "Nowak", "Vries", "Silva"):
        assert name not in focus
    assert focus.startswith(parts.requests[0])
    assert parts.context[-1] in focus


def test_an_advisers_forward_keeps_the_clients_question():
    text = (
        "FW: client question on Euroclusters\n\n---------- Forwarded message ---------\n"
        "From: Ana Kovač <ana@example.si>\nSent: Monday, 30 November 2026 09:12\n"
        "To: cluster support\nSubject: question\n\n"
        "> Hello, my client, a Slovenian SME in food processing, would like to know whether "
        "she can take part in a Euroclusters project.\n> Thanks, Ana"
    )
    parts = segment(text)
    assert parts.is_long(text)
    assert any("would like to know whether" in r for r in parts.requests)
    assert not any(
        "Kovač" in s or "Sent" in s or "Forwarded" in s for s in parts.focus().split("\n")
    )
    assert "Kovač" not in parts.focus() and "Forwarded" not in parts.focus()


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        ("What is INNOSUP-1 and are there open calls on batteries?", "What is INNOSUP-1", "are"),
        ("Was ist COSME und gibt es Aufrufe zu Wasserstoff?", "Was ist COSME", "gibt"),
        ("Qu'est-ce qu'Euroclusters et y a-t-il des appels sur le textile ?", "Qu'est", "y a-t-il"),
        ("¿Qué es la ECCP y hay convocatorias sobre turismo?", "¿Qué es la ECCP", "hay"),
        ("Cos'è il Cluster Excellence Programme e ci sono bandi aperti?", "Cos'è", "ci sono"),
        ("Czym jest INNOSUP-1 i czy są nabory na wodór?", "Czym jest INNOSUP-1", "czy"),
    ],
)
def test_two_questions_in_one_sentence_are_two_requests(text, first, second):
    parts = segment(text)
    assert len(parts.requests) == 2
    assert parts.requests[0].startswith(first) and parts.requests[1].startswith(second)
    assert not parts.is_long(text)


@pytest.mark.parametrize(
    "text",
    [
        "partners for hydrogen storage in Bavaria",
        "Best practices for cluster managers?",
        "Merci de nous indiquer les appels ouverts sur l'hydrogène.",
        "clusters in Austria and Germany",
    ],
)
def test_short_messages_are_one_segment(text):
    parts = segment(text)
    assert len(parts.requests) + len(parts.context) == 1
    assert not parts.is_long(text)


def test_abbreviations_split_no_sentence():
    found = sentences("We make e.g. valves (Ltd.) for ships. Do you know a cluster?")
    assert found == ["We make e.g. valves (Ltd.) for ships.", "Do you know a cluster?"]


def test_long_is_measured_not_guessed():
    one = "We are looking for partners in hydrogen storage " * 4
    assert len(one) > LONG_CHARS and not segment(one).is_long(one)  # one sentence
    short = "Hi. Partners in Spain?"
    assert not segment(short).is_long(short)  # two sentences, short


@pytest.mark.parametrize("text", ["", "   ", "/greet", "?" * 500, "x" * 30_000, "\n\n>\n--"])
def test_bad_input_never_crashes(text):
    segment(text)


def test_the_component_rewrites_long_messages_and_records_requests():
    component = RequestSegmenter({})
    letter = Message({TEXT: LETTERS["en"]})
    double = Message({TEXT: "What is INNOSUP-1 and are there open calls on batteries?"})
    short = Message({TEXT: "partners for hydrogen"})
    component.process([letter, double, short])
    assert letter.get(TEXT).startswith("We are looking for partners in Germany")
    assert "Kind regards" not in letter.get(TEXT)
    assert letter.get(SEGMENTS_PROPERTY)["long"] is True
    assert double.get(TEXT) == "What is INNOSUP-1 and are there open calls on batteries?"
    assert len(double.get(SEGMENTS_PROPERTY)["requests"]) == 2
    assert short.get(TEXT) == "partners for hydrogen" and short.get(SEGMENTS_PROPERTY) is None
    assert SEGMENTS_PROPERTY in letter.as_dict(only_output_properties=True)


@pytest.mark.parametrize(
    "text",
    [
        "Is there a cluster that does robotics and is based in Spain?",
        "Gibt es Cluster für Holzbau und Möbel in Österreich?",
        "Quels clusters travaillent sur l'hydrogène et le stockage ?",
    ],
)
def test_one_question_with_and_stays_one_request(text):
    assert segment(text).requests == [text]


def test_a_letter_on_one_line_loses_its_closing_and_signature():
    text = (
        "Hello, we are a start-up from Tartu building drones for forest monitoring. We need "
        "partners for a pilot in Finland. Best regards, Kadri Tamm, CEO, Metsadroon OÜ"
    )
    parts = segment(text)
    assert parts.requests == ["We need partners for a pilot in Finland."]
    assert "Tamm" not in parts.focus() and "Hello" not in parts.focus()


def test_training_annotations_move_with_their_words():
    original = "Dear colleagues, we are based in Slovenia. We are looking for partners in Germany."
    focus = "We are looking for partners in Germany. we are based in Slovenia."
    entities = [
        {"entity": "country", "value": "SI", "start": 33, "end": 41},
        {"entity": "country", "value": "DE", "start": 74, "end": 81},
    ]
    assert original[33:41] == "Slovenia" and original[74:81] == "Germany"
    moved = moved_entities(original, focus, entities)
    assert [(focus[e["start"] : e["end"]], e["value"]) for e in moved] == [
        ("Germany", "DE"),
        ("Slovenia", "SI"),
    ]


def test_spanish_question_marks_start_their_sentence():
    found = sentences("Buscamos socios en Noruega. ¿Podrían recomendarnos alguno? Gracias")
    assert found == ["Buscamos socios en Noruega.", "¿Podrían recomendarnos alguno?", "Gracias"]


@pytest.mark.parametrize(
    "text",
    [
        "TR: question d'un client - une PME alsacienne demande qui peut candidater au programme "
        "COSME pour les clusters. Merci d'avance, Paul Muller, conseiller CCI",
        "RV: consulta - una pyme murciana pregunta qué es la European Cluster Collaboration "
        "Platform y cuánto cuesta registrarse. Saludos cordiales, Marta López, asesora",
        "Doorst: vraag van een klant - een mkb-bedrijf uit Limburg vraagt wat de Joint Cluster "
        "Initiatives zijn. Met vriendelijke groet, Inge Janssen, adviseur",
        "I: domanda di un cliente - una PMI sarda chiede come funziona INNOSUP-1 per le imprese. "
        "Grazie mille, Chiara Serra, consulente",
    ],
)
def test_a_forwarded_question_is_the_request(text):
    parts = segment(text)
    assert parts.is_long(text) and parts.requests
    assert not parts.focus().startswith(("TR:", "RV:", "Doorst:", "I:"))
    assert not any(name in parts.focus() for name in ("Muller", "López", "Janssen", "Serra"))


def test_the_quoted_message_below_an_advisers_signature_still_counts():
    text = (
        "Hi, see the question from my client below.\nThanks,\nAna\nRegional Development Agency\n\n"
        "-----Original Message-----\nFrom: Bojan\nSent: Tuesday\n\n"
        "> Dear Ana, we produce furniture in Slovenia. We need partners in Austria for wood "
        "construction.\n> Best, Bojan"
    )
    parts = segment(text)
    assert "We need partners in Austria for wood construction." in parts.requests
    assert "Bojan" not in parts.focus() and "Regional Development" not in parts.focus()


# -- thanks with a new request (session 16: "thanks + a short new request" got "you're welcome") --

THANKS_AND_A_REQUEST = [
    ("Thanks! And what about Spain?", "And what about Spain?"),
    (
        "great, thank you so much. Could you also find calls on hydrogen?",
        "Could you also find calls on hydrogen?",
    ),
    (
        "danke schön, und gibt es auch Partner in Österreich?",
        "und gibt es auch Partner in Österreich?",
    ),
    ("merci beaucoup ! et des appels sur l'hydrogène ?", "et des appels sur l'hydrogène ?"),
    ("muchas gracias. ¿y en Portugal?", "¿y en Portugal?"),
    ("grazie mille, ora cerco bandi sulla robotica", "ora cerco bandi sulla robotica"),
    ("dzięki! a w Czechach?", "a w Czechach?"),
    ("top, bedankt! en in België?", "en in België?"),
    ("muito obrigada! e em Espanha?", "e em Espanha?"),
    ("Thanks. I need partners in Spain for textiles", "I need partners in Spain for textiles"),
]
THANKS_ONLY = [
    "thanks!",
    "ok great, many thanks",
    "thank you! I will forward this to my colleagues",
    "thanks, that's exactly what I needed",
    "merci bien, c'est très utile",
    "dzięki, do usłyszenia",
    "danke schön",
    "Tyre recycling clusters in Spain?",  # "ty" is a thanks word, not a word's beginning
]


@pytest.mark.parametrize(("text", "asked"), THANKS_AND_A_REQUEST)
def test_the_request_after_thanks_is_what_is_read(text, asked):
    assert after_thanks(text) == asked
    message = Message({TEXT: text})
    RequestSegmenter({}).process([message])
    assert message.get(TEXT) == asked


@pytest.mark.parametrize("text", THANKS_ONLY)
def test_thanks_alone_or_telling_stay_thanks(text):
    assert after_thanks(text) is None
    message = Message({TEXT: text})
    RequestSegmenter({}).process([message])
    assert message.get(TEXT) == text


def test_training_examples_are_not_cut_after_their_thanks():
    example = Message({TEXT: "Thanks! And what about Spain?"})
    RequestSegmenter({}).process_training_data(TrainingData([example]))
    assert example.get(TEXT) == "Thanks! And what about Spain?"


# Session 17 (s17-ctx17): what the thanks is for ("merci pour la liste !") is no part of the
# request after it: it was read as the request ("liste" searched as the topic).
THANKS_FOR_AND_A_REQUEST = [
    ("merci beaucoup pour la liste ! et pour l'Italie ?", "et pour l'Italie ?"),
    ("gracias por la explicación, ¿y el presupuesto?", "¿y el presupuesto?"),
    ("grazie per l'aiuto, e in Portogallo?", "e in Portogallo?"),
    ("dziękuję za odpowiedź, a na Słowacji?", "a na Słowacji?"),
    ("thanks for the list! and in the Netherlands?", "and in the Netherlands?"),
    ("Danke für die Liste! Und in Ungarn?", "Und in Ungarn?"),
    ("bedankt voor de info, en in Spanje?", "en in Spanje?"),
    ("obrigado pela ajuda! e em Itália?", "e em Itália?"),
]
#: Thanks for something and nothing asked: the message stays whole.
THANKS_FOR_ONLY = [
    "merci pour la liste !",
    "thanks for the info, really helpful!",
    "dziękuję za pomoc, do usłyszenia",
]
#: A request and thanks after it: the request is read ("you're welcome" alone left it unanswered).
REQUEST_AND_THANKS = [
    ("and in Italy? thanks!", "and in Italy?"),
    ("a ile to kosztowało? dzięki", "a ile to kosztowało?"),
    ("und in Polen, danke", "und in Polen"),
    ("et pour la Belgique ? merci beaucoup", "et pour la Belgique ?"),
    ("¿y en Portugal? gracias", "¿y en Portugal?"),
    ("e in Francia? grazie mille", "e in Francia?"),
    ("en in België? bedankt", "en in België?"),
    ("e em Espanha? obrigado", "e em Espanha?"),
    ("what about the budget? thanks in advance", "what about the budget?"),
]
#: Thanks after something that asks nothing: the message stays whole.
TELLING_AND_THANKS = ["that was very helpful, thanks", "cluster per la robotica, grazie"]


@pytest.mark.parametrize(("text", "asked"), THANKS_FOR_AND_A_REQUEST)
def test_what_the_thanks_is_for_is_left_out_of_the_request(text, asked):
    assert after_thanks(text) == asked


@pytest.mark.parametrize("text", THANKS_FOR_ONLY)
def test_thanks_for_something_stays_whole(text):
    assert after_thanks(text) is None


@pytest.mark.parametrize(("text", "asked"), REQUEST_AND_THANKS)
def test_the_request_before_closing_thanks_is_what_is_read(text, asked):
    assert after_thanks(text) == asked
    message = Message({TEXT: text})
    RequestSegmenter({}).process([message])
    assert message.get(TEXT) == asked


@pytest.mark.parametrize("text", TELLING_AND_THANKS)
def test_telling_and_thanks_stay_whole(text):
    assert after_thanks(text) is None


#: Short formal messages in the 24 EU languages (session 18, issue 13 part 4: the salutation was
#: read as a greeting). Written for this test: a salutation, then the request.
FORMAL_SHORT = {
    "en": ("Dear Sir or Madam, are there open calls on offshore wind?", "Dear"),
    "de": ("Sehr geehrte Damen und Herren, wir suchen Partner für Holzbau in Tirol.", "geehrte"),
    "fr": ("Madame, Monsieur, existe-t-il des appels sur l'hydrogène vert ?", "Madame"),
    "es": ("Estimados señores: buscamos socios en Portugal para envases.", "Estimados"),
    "it": ("Gentile assistente, ci sono bandi sulla robotica?", "Gentile"),
    "pl": ("Szanowni Państwo, szukamy partnerów we Francji.", "Szanowni"),
    "nl": ("Geachte heer, zijn er oproepen voor waterstof?", "Geachte"),
    "pt": ("Prezados senhores, procuramos parceiros em Espanha.", "Prezados"),
    "cs": ("Vážení, hledáme partnery pro recyklaci textilu v Česku.", "Vážení"),
    "sk": ("Vážená pani, hľadáme partnerov pre drevárstvo na Slovensku.", "Vážená"),
    "sl": ("Spoštovani, iščemo partnerje za vodikove tehnologije.", "Spoštovani"),
    "hr": ("Poštovani, tražimo partnere za recikliranje baterija u Hrvatskoj.", "Poštovani"),
    "bg": ("Уважаеми г-н Иванов, търсим клъстер за слънчева енергия.", "Уважаеми"),
    "ro": ("Stimate domnule, căutăm parteneri pentru reciclarea bateriilor.", "Stimate"),
    "hu": ("Tisztelt Hölgyem, partnereket keresünk akkumulátorok újrahasznosításához.", "Tisztelt"),
    "el": ("Αξιότιμε κύριε, ψάχνουμε εταίρους για υδρογόνο στην Ελλάδα.", "Αξιότιμε"),
    "fi": ("Hyvä vastaanottaja, etsimme kumppaneita vetyteknologiaan.", "Hyvä"),
    "sv": ("Bästa kollegor, vi söker partner för batteriåtervinning i Sverige.", "Bästa"),
    "da": ("Kære rådgiver, vi søger partnere inden for havvind i Danmark.", "Kære"),
    "et": ("Lugupeetud härra, otsime partnereid puidutööstuses Eestis.", "Lugupeetud"),
    "lv": ("Cienījamie kolēģi, meklējam partnerus kokapstrādē Latvijā.", "Cienījamie"),
    "lt": ("Gerbiami kolegos, ieškome partnerių baterijų perdirbimui Lietuvoje.", "Gerbiami"),
    "ga": ("A chara, táimid ag lorg comhpháirtithe i réimse an fhuinnimh.", "chara"),
    "mt": ("Għażiż Sinjur, qed infittxu sħab fil-qasam tal-enerġija.", "Għażiż"),
}


@pytest.mark.parametrize("language", sorted(FORMAL_SHORT))
def test_a_short_formal_message_is_read_without_its_salutation(language):
    text, salutation = FORMAL_SHORT[language]
    rest = unframed(text)
    assert rest is not None and salutation not in rest
    assert len(rest.split()) >= 3 and text.endswith(rest)


@pytest.mark.parametrize(
    "text",
    [
        "Trebam partnere za baterije u Hrvatskoj. Lijep pozdrav, Ivan",
        "Търсим клъстер за слънчева енергия в България. С уважение, Петър",
        "Hľadáme partnerov pre drevárstvo. S pozdravom, Ján",
        "Etsimme kumppaneita vetyteknologiaan. Ystävällisin terveisin, Matti",
    ],
)
def test_a_closing_in_a_short_message_is_no_part_of_the_request(text):
    rest = unframed(text)
    assert rest is not None and rest == text.split(". ")[0] + "."


@pytest.mark.parametrize("text", ["Hi there!", "Ciao, come stai?", "hello", "Bok, trebam pomoć."])
def test_small_talk_alone_keeps_its_words(text):
    assert unframed(text) is None


def test_a_signature_block_without_a_closing_is_dropped_its_town_with_it():
    text = (
        "Buongiorno,\nci sono bandi aperti sul riciclo dei tessili per le PMI?\nMarco Bianchi\n"
        "Responsabile progetti\nTessitura Bianchi Srl\nVia Roma 12, 20121 Milano\n+39 02 1234567"
    )
    parts = segment(text)
    assert parts.requests == ["ci sono bandi aperti sul riciclo dei tessili per le PMI?"]
    assert not parts.context
    assert "Milano" not in parts.focus() and "Bianchi" not in parts.focus()


def test_context_before_a_signature_stays():
    text = (
        "We need partners for textile recycling in Belgium.\nWe are based in Lyon.\n"
        "Jean Dupont\n12 rue de la Paix\n69001 Lyon"
    )
    parts = segment(text)
    assert parts.context == ["We are based in Lyon."]
    assert "Dupont" not in parts.focus()


def test_a_request_in_title_case_without_a_name_line_is_kept():
    text = "Hello,\nPartners for hydrogen storage in Bavaria\nAnna\n+49 89 1234567 please call"
    assert "Partners for hydrogen storage in Bavaria" in segment(text).focus()


def test_the_segmenter_reads_a_short_formal_request_without_its_salutation():
    message = Message({TEXT: "Poštovani, tražimo partnere za recikliranje baterija u Hrvatskoj."})
    RequestSegmenter({}).process([message])
    assert message.get(TEXT) == "tražimo partnere za recikliranje baterija u Hrvatskoj."


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Sehr geehrte Damen und Herren, partners for hydrogen in Bavaria?", "de"),
        ("Estimados señores, calls on green hydrogen", "es"),
        ("Szanowni Państwo, open calls on wind energy?", "pl"),
    ],
)
def test_the_dropped_salutation_still_tells_the_language(text, language):
    from bot.nlu.language import LanguageDetector

    message = Message({TEXT: text})
    RequestSegmenter({}).process([message])
    assert message.get(TEXT) != text  # the request alone is read ...
    LanguageDetector({}).process([message])
    assert message.get("language")["detected"] == language  # ... in the user's language


def test_a_formal_address_before_a_request_is_no_part_of_it():
    text = "Gentile assistente, ci sono bandi sulla robotica?"
    assert unframed(text) == "ci sono bandi sulla robotica?"


@pytest.mark.parametrize(
    "text",
    [
        "Salut ! Tu sers à quoi exactement ?",
        "Dzień dobry, jestem tu nowy i nie wiem od czego zacząć",
        "Hallo, wie geht es dir heute?",
        "Bonjour, nous voulons des partenaires pour le recyclage des batteries en France",
        "Dobar dan, tražimo partnere za baterije.",
        "Hallo! Gibt es offene Calls zu Wasserstoff? Viele Grüße",
    ],
)
def test_an_everyday_greeting_stays(text):
    assert unframed(text) is None


# --- session 19 (singles19): greetings in slang before a request, story sentences as requests


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("hei! onko avoimia hakuja tuulivoimalle?", "onko avoimia hakuja tuulivoimalle?"),
        ("salut, sunt apeluri deschise pentru hidrogen?", "sunt apeluri deschise pentru hidrogen?"),
        ("Dia duit, cad é an uimhir PIC?", "cad é an uimhir PIC?"),
        ("moin 👋 gibt es offene calls zu windkraft?", "gibt es offene calls zu windkraft?"),
        ("szia vannak nyitott pályázatok hidrogénre?", "vannak nyitott pályázatok hidrogénre?"),
        (
            "hi, I work at a chamber of commerce and a member needs partners in Spain",
            "I work at a chamber of commerce and a member needs partners in Spain",
        ),
    ],
)
def test_an_everyday_greeting_before_a_domain_request_gives_way_to_the_request(text, asked):
    assert after_greeting(text) == asked


@pytest.mark.parametrize(
    "text",
    [
        "hi, how are you?",
        "ciao, che sai fare?",
        "hoi hoi wat kun jij allemaal?",
        "hello!",
        "Hej, tak for hjælpen",
        "Sehr geehrte Damen und Herren, gibt es offene Ausschreibungen?",  # a salutation, no greeting
        "we need partners in Spain",  # no greeting
        "/greet",
        None,
        "",
    ],
)
def test_a_greeting_before_small_talk_or_no_greeting_stays_as_typed(text):
    assert after_greeting(text) is None


def test_the_segmenter_reads_the_request_after_a_slang_greeting():
    message = Message(data={TEXT: "tjena! finns det öppna utlysningar om vätgas?"})
    RequestSegmenter({}).process([message])
    assert message.get(TEXT) == "finns det öppna utlysningar om vätgas?"


@pytest.mark.parametrize(
    "sentence",
    [
        "Last year our partners in Germany asked us about hydrogen tanks.",  # "asked" is past
        "We hebben klanten in België en Duitsland.",  # Dutch "we have", no need
        "Ils ont demandé un devis l'an dernier.",
    ],
)
def test_a_sentence_of_the_story_is_no_request(sentence):
    assert not asks(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "My client asks whether there are open calls on hydrogen.",
        "We hebben dringend partners nodig in Spanje.",
        "Wir suchen Partner in Italien.",
    ],
)
def test_request_verbs_still_ask(sentence):
    assert asks(sentence)


def test_the_last_sentence_of_a_story_is_its_only_request():
    text = (
        "We were founded in Lyon in 1998 as a family workshop. Over the years we moved into "
        "composite parts for trains. Last year our partners in Germany asked us about hydrogen "
        "tanks. Are there open calls on hydrogen storage we could apply to?"
    )
    assert segment(text).requests == ["Are there open calls on hydrogen storage we could apply to?"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Etsimme nyt kumppaneita puualalta Saksasta.",
        "Tražimo partnere za turizam u Sloveniji.",
        "Hledáme partnery pro recyklaci baterií.",
        "Vi söker partner inom vätgas i Tyskland.",
        "Ieškome partnerių Lenkijoje.",
    ],
)
def test_request_verbs_of_the_other_eu_languages_ask(sentence):
    assert asks(sentence)


def test_a_finnish_story_puts_its_request_and_its_country_first():
    story = (
        "Olemme pieni yritys Oulusta. Teemme puutaloja ja vientiä Ruotsiin. Vuonna 2019 "
        "avasimme tehtaan Virossa. Etsimme nyt kumppaneita puualalta Saksasta."
    )
    assert segment(story).focus().startswith("Etsimme nyt kumppaneita puualalta Saksasta.")


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("moro, onks mitään rahotusta vetyyn?", "onks mitään rahotusta vetyyn?"),
        (
            "heii, löytyykö avoimia calleja vetyteknologiaan?",
            "löytyykö avoimia calleja vetyteknologiaan?",
        ),
        ("salutare, ce apeluri sunt pe baterii?", "ce apeluri sunt pe baterii?"),
    ],
)
def test_a_chat_greeting_before_a_question_of_its_own_gives_way_to_it(text, asked):
    assert after_greeting(text) == asked


@pytest.mark.parametrize(
    "text",
    [
        "salutare, ce mai faci azi?",  # how are you
        "hallo, wie geht es euch heute?",
        "hi, who are you?",
        "hey, can you hear me?",
    ],
)
def test_a_greeting_before_a_question_about_the_assistant_stays(text):
    assert after_greeting(text) is None


def test_a_greeting_before_a_question_about_what_the_assistant_does_for_smes_stays():
    assert after_greeting("Hello there! What can you do for a small SME like mine?") is None


@pytest.mark.parametrize(
    "text",
    [
        "Hola, ¿qué tipo de preguntas se pueden hacer aquí?",  # a reply language's greeting
        "Hallo, was genau können Sie für kleine Firmen tun?",
        "Bonjour, pouvez-vous m'expliquer votre rôle ?",
        "hello, what kind of questions work best here?",
    ],
)
def test_a_reply_language_greeting_before_a_question_without_domain_words_stays(text):
    assert after_greeting(text) is None
