"""A partner request that only asks for help, suggestions or collaborators names no topic.

Session 20 (issue 13 part 2, the older sets' form openings): such a request was searched on the
word "collaborators", "Zusammenarbeit" or "pomożesz" and answered with five unrelated partners
instead of the form's question of what partners should work on. Written from each language's
everyday phrasing, not from an evaluation text."""

from __future__ import annotations

import pytest

from actions.dialogue.forms import form_topic

VAGUE = [
    ("en", "Can you help me find some collaborators?"),
    ("en", "I'd like some partner suggestions"),
    ("en", "Looking for cooperation partners for our startup"),
    ("en", "could you recommend a few collaborators for us?"),
    ("de", "Unser Unternehmen sucht einen Cluster für eine Zusammenarbeit"),
    ("de", "Können Sie mir Vorschläge für Partner machen?"),
    ("fr", "Pourriez-vous me suggérer des collaborateurs ?"),
    ("es", "Nuestra empresa busca colaboradores en Europa"),
    ("es", "¿Me puedes ayudar con sugerencias de socios?"),
    ("it", "Mi aiuti a trovare dei collaboratori?"),
    ("pl", "Czy pomożesz mi znaleźć partnerów?"),
    ("nl", "Kun je me helpen met suggesties voor partners?"),
    ("pt", "A nossa empresa procura colaboradores na Europa"),
]
#: Formal, spoken and non-native requests that name no topic either: introducing oneself,
#: thanking in advance, "suitable"/"relevant" partners, hesitations inside the message.
FORMAL_SPOKEN = [
    (
        "en",
        "Good afternoon, I represent a small business and we would appreciate assistance "
        "in identifying suitable partners.",
    ),
    ("en", "Dear team, kindly advise which partners might be relevant for us."),
    ("en", "I want to meet potential business partners"),
    (
        "de",
        "Guten Tag, wir wären Ihnen dankbar für Unterstützung bei der Suche nach geeigneten "
        "Partnern.",
    ),
    ("de", "äh ja also wir bräuchten halt Partner, geht das"),
    (
        "fr",
        "Bonjour, je représente une petite entreprise et nous aimerions de l'aide pour "
        "identifier des partenaires.",
    ),
    (
        "es",
        "Buenas tardes, represento a una pyme y agradeceríamos ayuda para identificar socios "
        "adecuados.",
    ),
    ("it", "ehm sì cioè ci servono partner, si può?"),
    ("it", "Potrebbe consigliarci dei cluster adatti?"),
    (
        "pl",
        "Dzień dobry, reprezentuję małą firmę i prosilibyśmy o pomoc w znalezieniu "
        "odpowiednich partnerów.",
    ),
    ("nl", "eh ja we hebben gewoon partners nodig, kan dat?"),
    ("nl", "Kunt u ons relevante clusters aanbevelen?"),
    (
        "pt",
        "Boa tarde, represento uma pequena empresa e agradecíamos ajuda para identificar "
        "parceiros adequados.",
    ),
]
#: ... while a topic beside those words is still read.
WITH_TOPIC = [
    ("en", "Can you help me find collaborators in hydrogen storage?", "hydrogen"),
    ("de", "Wir suchen Zusammenarbeit im Bereich Batterierecycling", "batterierecycling"),
    ("es", "Busco colaboradores para energía eólica marina", "eólica"),
    ("pl", "Czy pomożesz mi znaleźć partnerów od fotoniki?", "fotoniki"),
    ("en", "I represent a winery and would appreciate suitable partners in wine tourism", "wine"),
    ("it", "ehm cioè ci servono partner per la robotica agricola", "robotica"),
    ("nl", "Kunt u ons relevante clusters voor waterstof aanbevelen?", "waterstof"),
]


@pytest.mark.parametrize(("language", "text"), VAGUE)
def test_help_suggestion_and_collaborator_words_name_no_topic(language, text):
    assert form_topic(text, [], None if language == "en" else language) is None


@pytest.mark.parametrize(("language", "text"), FORMAL_SPOKEN)
def test_formal_and_spoken_requests_name_no_topic(language, text):
    assert form_topic(text, [], None if language == "en" else language) is None


@pytest.mark.parametrize(("language", "text", "word"), WITH_TOPIC)
def test_a_topic_beside_them_is_still_read(language, text, word):
    topic = form_topic(text, [], None if language == "en" else language)
    assert topic is not None and word in topic.lower()
