"""What a partner card and its list say beyond the data: the reason, the request, the buttons.

Pure functions, no tracker. Every word comes from the message catalogues (``cards.*`` keys, in
the conversation language); the facts come from the structured match reason
(:class:`knowledge.partners.results.MatchReason`), so a reason only ever names a technology,
sector, name word, place or label of the profile that matched, never a word of the user's
sentence that matched nothing. The builder of the ``partner_results`` payload
(:mod:`actions.partners.replies`) puts these into the payload.
"""

from __future__ import annotations

from collections.abc import Sequence

from contracts.payloads import CardAction, FilterChip, PartnerRequest
from i18n import country_label, plural, reply_language, text
from knowledge.partners.query import PartnerFilters
from knowledge.partners.results import MatchReason, PartnerMatch
from knowledge.records import ClusterProfile
from knowledge.regions import region_table
from taxonomy.countries import EU_MEMBER_STATES
from taxonomy.stopwords import request_stopwords, topic_words
from taxonomy.text import fold

#: Separator of the request's parts: "hydrogen storage · Germany".
REQUEST_SEPARATOR = " · "


def place_of(profile: ClusterProfile, language: str) -> str:
    """Where a cluster is: city, region and country ("Hamburg, Deutschland"), no repeats."""
    parts = [p for p in (profile.city, profile.region) if p]
    parts.append(country_label(profile.country, language))
    return ", ".join(dict.fromkeys(parts))


def join_items(items: Sequence[str], language: str) -> str:
    """``a, b and c`` in the conversation language."""
    items = [i for i in items if i]
    if len(items) < 2:
        return "".join(items)
    return text("cards.list_and", language, first=", ".join(items[:-1]), last=items[-1])


def reason_text(reason: MatchReason, language: str, country: str | None = None) -> str:
    """The plain reason of a card: "works on green hydrogen and fuel cells; Energy sector; Hamburg".

    Args:
        reason: What matched.
        language: The conversation language.
        country: The profile's country code (a matched country is named in the language).

    Returns:
        The reason; "" when nothing is known (no field matched and no meaning match).
    """
    parts: list[str] = []
    if reason.similar_to:
        shared = [*reason.technologies, *reason.sectors][:3]
        if shared:
            parts.append(
                text(
                    "cards.reason.shares",
                    language,
                    items=join_items(shared, language),
                    name=reason.similar_to,
                )
            )
        else:
            parts.append(text("cards.reason.like", language, name=reason.similar_to))
    else:
        if reason.technologies:
            items = join_items(reason.technologies, language)
            parts.append(text("cards.reason.works_on", language, items=items))
        elif reason.related:
            items = join_items(reason.related, language)
            parts.append(text("cards.reason.related", language, items=items))
        if reason.sectors:
            items = join_items(reason.sectors, language)
            parts.append(plural("cards.reason.sectors", len(reason.sectors), language, items=items))
        if reason.name:
            parts.append(text("cards.reason.name", language, items=", ".join(reason.name)))
    if reason.label:
        parts.append(text("cards.reason.label", language, label=reason.label))
    places = [country_label(p, language) if p == country else p for p in reason.places]
    if places:
        parts.append(", ".join(dict.fromkeys(places)))
    return "; ".join(parts)


def matched_technologies(match: PartnerMatch) -> list[str]:
    """The two or three technologies a card shows: those that matched, else the closest."""
    return list(match.reason.technologies or match.reason.related)[:3]


def topic_of(query: str, language: str = "en") -> str:
    """The query's meaningful words as the user wrote them, in the conversation's language.

    "hydrogen storage partners in" -> "hydrogen storage"; "Wir suchen Partner für
    Textilrecycling in" (``de``) -> "Textilrecycling": :func:`taxonomy.stopwords.topic_words`
    without the words of :func:`taxonomy.stopwords.request_stopwords` (English and ``language``).
    """
    return topic_words(query, request_stopwords(reply_language(language)))


def region_label(value: str, language: str) -> str:
    """A region filter's name for its chip, never the English one in another language.

    English conversations get the English name ("Bavaria"); the others the name the user wrote
    when it is not the English one ("Pays basque"), else the region's own official name
    ("Bayern", "País Vasco"). A value that names no single NUTS region stays as it is.
    """
    codes = region_table().resolve(value).codes
    if len(codes) != 1:
        return value
    [code] = codes
    table = region_table()
    if reply_language(language) == "en":
        return table.describe(code)
    if table.code_of(value) is None and fold(value) != fold(table.describe(code)):
        return value  # the user's own name for it ("Pays basque", "Baviera")
    return table.labels.get(code) or value


#: The filters that leave places out (:class:`knowledge.partners.query.PartnerFilters`).
EXCLUSIONS = ("exclude_country", "exclude_region", "exclude_sector")


def filter_label(name: str, value: str, language: str) -> str:
    """How a filter's value is shown in the conversation's language (chips, text replies)."""
    if name == "country":
        return country_label(value, language)
    if name == "exclude_country":  # "DE,AT": "excluding Germany, Austria"
        codes = [code for code in value.split(",") if code]
        named = []
        if set(codes) >= EU_MEMBER_STATES:  # "outside the EU": "excluding the EU"
            named.append(text("partners.eu_member_states", language))
            codes = [code for code in codes if code not in EU_MEMBER_STATES]
        names = ", ".join([*named, *(country_label(code, language) for code in codes)])
        return text("partners.filter_excluding", language, value=names)
    if name == "exclude_sector":  # "excluding Aerospace & Space"
        return text("partners.filter_excluding", language, value=value.replace(",", ", "))
    if name == "exclude_region":
        return text("partners.filter_excluding", language, value=region_label(value, language))
    if name == "region":
        return region_label(value, language)
    if name == "label" and value == "any":
        return text("cards.filter.any_label", language)
    return value


def chips(filters: PartnerFilters, language: str) -> list[FilterChip]:
    """One removable chip per active filter; removing it re-runs the search without it."""
    out: list[FilterChip] = []
    for name, value in filters.to_dict().items():
        shown = filter_label(name, value, language)
        out.append(
            {
                "filter": name,
                "value": value,
                "label": shown,
                "remove": f'/inform{{"drop_filter": "{name}"}}',
            }
        )
    return out


def request_of(
    query: str, filters: PartnerFilters, language: str, similar_to: str | None = None
) -> PartnerRequest:
    """The understood request, as the user would say it ("hydrogen storage · Germany").

    Args:
        query: The query searched.
        filters: The filters applied.
        language: The conversation language.
        similar_to: The name a "more like this" list started from (its topic is "like <name>").
    """
    topic = (
        text("cards.partners.like", language, name=similar_to)
        if similar_to
        else topic_of(query, language)
    )
    found = chips(filters, language)
    parts = [topic] if topic else []
    parts += [chip["label"] for chip in found]
    if not parts:
        parts = [text("cards.partners.everything", language)]
    return {"topic": topic, "chips": found, "text": REQUEST_SEPARATOR.join(parts)}


def card_actions(number: int) -> list[CardAction]:
    """The buttons of the card numbered ``number``: Details and More like this."""
    ordinal = f'{{"ordinal": "{number}"}}'
    return [
        {"kind": "details", "payload": f"/select_result{ordinal}"},
        {"kind": "more_like_this", "payload": f"/find_similar{ordinal}"},
    ]


SHOW_MORE: CardAction = {"kind": "show_more", "payload": "/show_more"}
