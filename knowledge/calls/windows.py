"""Deadline windows and budget bounds written in a calls request (pure functions).

"calls closing before March", "deadline in the next 60 days", "Ausschreibungen bis Ende Juni",
"budget over 1 million", "bandi con budget oltre 2 milioni": the numbers and dates of a request
say WHEN and HOW MUCH, never WHAT. :func:`read_window` finds them in the eight reply languages,
gives the window the calls store can apply (``deadline_from``/``deadline_to``, ``budget_min``/
``budget_max``: :meth:`knowledge.calls.store.call_store.CallStore.search`) and the request
without them, so that the topic words are searched alone (issue 13 part 2, session 21: the
twelfth held-out set's calls requests with a date were answered without their topic).

Only what is read with certainty is applied: a month after a "before"/"until"/"by" word, a
month after "in"/"closing in", "the next N days/weeks/months", an amount after "over"/"under"
words with its unit. Anything else stays in the text.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

#: Month names and their common short forms in the reply languages (folded), month number.
_MONTHS_TEXT = {
    1: "january januar janvier enero gennaio styczen stycznia styczniem styczniu januari janeiro",
    2: "february februar fevrier febrero febbraio luty lutego lutym februari fevereiro",
    3: "march marz maerz mars marzo marzec marca marcem marcu maart marco",
    4: "april avril abril aprile kwiecien kwietnia kwietniem kwietniu",
    5: "may mai mayo maggio maj maja majem maju mei maio",
    6: "june juni juin junio giugno czerwiec czerwca czerwcem czerwcu junho",
    7: "july juli juillet julio luglio lipiec lipca lipcem lipcu julho",
    8: "august aout agosto sierpien sierpnia sierpniem sierpniu augustus",
    9: "september septembre septiembre settembre wrzesien wrzesnia wrzesniem wrzesniu setembro",
    10: "october oktober octobre octubre ottobre pazdziernik pazdziernika pazdziernikiem "
    "pazdzierniku outubro",
    11: "november novembre noviembre listopad listopada listopadem listopadzie novembro",
    12: "december dezember decembre diciembre dicembre grudzien grudnia grudniem grudniu dezembro",
}
MONTHS = {word: number for number, words in _MONTHS_TEXT.items() for word in words.split()}
#: Full names only: short forms are ordinary words too ("mar" is the sea in Spanish and
#: Portuguese). English "may" is read only after a window word, as every month is.
_BEFORE = (
    r"before|until|till|by|no later than|prior to|vor|bis|bis zum|bis ende|avant|avant fin|"
    r"jusqu'?a|jusqu'?en|antes de|antes del|hasta|entro|prima di|fino a|przed|do|voor|tot|"
    r"uiterlijk|ate|antes do|ate ao|ate final de"
)
_IN = r"in|im|en|a|em|nel|di|w|closing in|closes in|deadline in|in the month of"
#: "the next 60 days", "den nächsten 30 Tagen", "les 60 prochains jours", "los próximos 60 días",
#: "i prossimi 60 giorni", "najbliższych 60 dni", "de komende 60 dagen", "os próximos 60 dias".
_NEXT = (
    r"next|coming|nachsten|kommenden|prochains|prochaines|proximos|proximas|prossimi|prossime|"
    r"najblizszych|najblizsze|komende|volgende"
)
_UNITS = {
    "day": 1, "days": 1, "tage": 1, "tagen": 1, "jours": 1, "dias": 1, "giorni": 1, "dni": 1,
    "dagen": 1, "week": 7, "weeks": 7, "wochen": 7, "semaines": 7, "semanas": 7, "settimane": 7,
    "tygodni": 7, "weken": 7, "month": 31, "months": 31, "monate": 31, "monaten": 31, "mois": 31,
    "meses": 31, "mesi": 31, "miesiecy": 31, "maanden": 31,
}  # fmt: skip
_OVER = (
    r"over|above|more than|at least|exceeding|uber|mehr als|mindestens|plus de|au moins|"
    r"superieur a|mas de|al menos|superior a|oltre|piu di|almeno|powyzej|ponad|co najmniej|"
    r"meer dan|boven|minstens|mais de|acima de|pelo menos"
)
_UNDER = (
    r"under|below|less than|at most|up to|unter|weniger als|bis zu|hochstens|moins de|"
    r"jusqu'?a|inferieur a|menos de|hasta|como maximo|sotto|meno di|fino a|al massimo|ponizej|"
    r"mniej niz|do|onder|minder dan|hoogstens|tot|abaixo de|ate"
)
_MILLION = r"million|millions|mio|mln|mn|m|millionen|millones|millon|milioni|milione|miliony|milionow|miljoen|milhoes|milhao"
_THOUSAND = r"thousand|k|tausend|mille|mil|tysiecy|tys|duizend"
_AMOUNT = (
    r"(?:euros|euro|eur|€)?\s*(?P<number>\d+(?:[.,]\d+)*)\s*"
    rf"(?P<unit>{_MILLION}|{_THOUSAND})?\b\s*(?:euros|euro|eur|€)?"
)

_WINDOW_BEFORE = re.compile(
    rf"\b(?:(?:closing|closes|close|deadline|deadlines|due|schliessend|closing date)\s+)?"
    rf"(?:{_BEFORE})\s+(?:(?:the\s+)?end\s+of\s+|ende\s+|fin\s+|finales\s+de\s+|fine\s+|koniec\s+|"
    rf"konca\s+|eind\s+|final\s+de\s+)?(?P<month>[a-z]+)(?:\s+(?P<year>20\d\d))?\b"
)
_WINDOW_IN = re.compile(
    rf"\b(?:closing|closes|deadline|deadlines|due)\s+(?:{_IN})\s+(?P<month>[a-z]+)"
    rf"(?:\s+(?P<year>20\d\d))?\b"
)
_WINDOW_NEXT = re.compile(
    rf"\b(?:(?:closing|closes|deadline|deadlines|due)\s+)?(?:(?:in|within|during|over|in den|dans les|en los|en las|nei|nelle|entro i|"
    rf"w ciagu|w ciagu|in de|binnen de|nos|nas|durante os)\s+)?(?:the\s+)?"
    rf"(?:(?:{_NEXT})\s+(?P<n1>\d{{1,3}})|(?P<n2>\d{{1,3}})\s+(?:{_NEXT}))\s+(?P<unit>[a-z]+)\b"
)
_BUDGET = re.compile(
    rf"\b(?:(?:with\s+(?:a\s+)?|mit\s+|avec\s+(?:un\s+)?|con\s+|z\s+|met\s+(?:een\s+)?|com\s+)?"
    rf"(?:budget|budgets|funding|grant|grants|budzet|budzetem|orcamento|presupuesto|bilancio|"
    rf"finanziamento|dotation|financement|forderung|foerderung|subsidie)\s+)?"
    rf"(?P<direction>{_OVER}|{_UNDER})\s+{_AMOUNT}"
)


@dataclass(frozen=True)
class CallWindow:
    """What a request's dates and amounts say, and the request without them.

    Attributes:
        text: The request with the matched expressions removed (as written otherwise).
        deadline_from: Keep calls with a deadline on or after this day.
        deadline_to: Keep calls with a deadline on or before this day.
        budget_min: Keep calls whose per-grant budget can reach this many euro.
        budget_max: Keep calls whose per-grant budget starts at or below this.
    """

    text: str
    deadline_from: date | None = None
    deadline_to: date | None = None
    budget_min: int | None = None
    budget_max: int | None = None

    @property
    def empty(self) -> bool:
        """Whether the request named no window and no budget bound."""
        return (
            self.deadline_from is None
            and self.deadline_to is None
            and self.budget_min is None
            and self.budget_max is None
        )

    def filters(self) -> dict[str, str]:
        """The window as payload filters (ISO dates, euro amounts as digits); empty keys left
        out. :meth:`from_filters` reads them back."""
        found: dict[str, str] = {}
        if self.deadline_from is not None:
            found["deadline_from"] = self.deadline_from.isoformat()
        if self.deadline_to is not None:
            found["deadline_to"] = self.deadline_to.isoformat()
        if self.budget_min is not None:
            found["budget_min"] = str(self.budget_min)
        if self.budget_max is not None:
            found["budget_max"] = str(self.budget_max)
        return found

    @classmethod
    def from_filters(cls, filters: Mapping[str, Any]) -> CallWindow | None:
        """The window a ``last_search``'s filters carried (:meth:`filters`), or None; values
        that are no date or amount are left out (the slot may hold anything)."""
        days: dict[str, date | None] = {}
        for key in ("deadline_from", "deadline_to"):
            try:
                days[key] = date.fromisoformat(str(filters[key])) if key in filters else None
            except ValueError:
                days[key] = None
        amounts: dict[str, int | None] = {}
        for key in ("budget_min", "budget_max"):
            value = str(filters.get(key, ""))
            amounts[key] = int(value) if value.isdigit() else None
        window = cls("", days["deadline_from"], days["deadline_to"], **amounts)
        return None if window.empty else window


def _fold_chars(text: str) -> str:
    """``text`` lower-cased without accents, one character for each of its characters (so
    that the positions of a match are the positions in the text as written)."""
    out = []
    for char in text:
        lower = char.lower()
        base = [c for c in unicodedata.normalize("NFKD", lower) if not unicodedata.combining(c)]
        out.append(base[0] if len(lower) == 1 and len(base) == 1 else char)
    return "".join(out).replace("ł", "l")


def _month_start(month: int, year: int | None, today: date) -> date:
    """The first day of ``month``: of ``year`` if given, else its next start from ``today``
    (this month counts while it runs: "before March" in March is this March)."""
    if year is not None:
        return date(year, month, 1)
    start = date(today.year, month, 1)
    if month < today.month:
        start = date(today.year + 1, month, 1)
    return start


def _month_end(start: date) -> date:
    return start.replace(day=calendar.monthrange(start.year, start.month)[1])


def _amount(number: str, unit: str | None) -> int | None:
    """Euro of "1", "million" -> 1,000,000; "1.5 million", "500,000", "2,5 mln"."""
    digits = number
    if unit:
        digits = digits.replace(",", ".")
        if digits.count(".") > 1:
            return None
    else:
        digits = digits.replace(",", "").replace(".", "")
    try:
        value = float(digits)
    except ValueError:
        return None
    if unit and re.fullmatch(_MILLION, unit):
        value *= 1_000_000
    elif unit and re.fullmatch(_THOUSAND, unit):
        value *= 1_000
    elif value < 1_000:
        return None  # "over 3": no amount of euro a grant is given in
    return int(value)


def read_window(text: str | None, today: date) -> CallWindow:
    """The deadline window and budget bounds of a calls request, and its text without them.

    Args:
        text: The request (any language; read folded: accents and case do not matter).
        today: The current date (the window's months and days count from it).

    Returns:
        The window (empty when nothing was read with certainty); never raises.
    """
    if not isinstance(text, str) or not text.strip():
        return CallWindow(text if isinstance(text, str) else "")
    folded = _fold_chars(text)
    cuts: list[tuple[int, int]] = []
    deadline_from = deadline_to = None
    budget_min = budget_max = None
    for pattern, before in ((_WINDOW_BEFORE, True), (_WINDOW_IN, False)):
        match = pattern.search(folded)
        if match is None or match.group("month") not in MONTHS or deadline_to is not None:
            continue
        year = int(match.group("year")) if match.group("year") else None
        start = _month_start(MONTHS[match.group("month")], year, today)
        if before:
            deadline_to = start - timedelta(days=1)
        else:
            deadline_from, deadline_to = max(start, today), _month_end(start)
        cuts.append(match.span())
    match = _WINDOW_NEXT.search(folded)
    if match is not None and deadline_to is None:
        n = int(match.group("n1") or match.group("n2"))
        unit = _UNITS.get(match.group("unit"))
        if unit is not None and n > 0:
            deadline_from, deadline_to = today, today + timedelta(days=n * unit)
            cuts.append(match.span())
    for match in _BUDGET.finditer(folded):
        value = _amount(match.group("number"), match.group("unit"))
        if value is None:
            continue
        if re.fullmatch(_OVER, match.group("direction")):
            budget_min = value
        else:
            budget_max = value
        cuts.append(match.span())
    rest = text
    for start, end in sorted(cuts, reverse=True):
        rest = rest[:start] + " " + rest[end:]
    return CallWindow(" ".join(rest.split()), deadline_from, deadline_to, budget_min, budget_max)
