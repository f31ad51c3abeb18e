"""The typed call record and the rule that says whether a call is open today.

Status rule (one place, used by the store, the CLI and the actions):

1. The *applicant deadlines* are all deadlines of the topic, except for a two-stage topic with
   several dates: new proposals can only be sent until the first-stage deadline (later dates are
   for invited second-stage proposals), so only the first date counts.
2. When every applicant deadline is before ``today``: ``closed``, whatever the source said. A
   deadline day itself still counts as open (portal deadlines fall at 17:00 Brussels time).
3. When the source said ``closed`` (at its as-of date): ``closed``. A closed topic does not reopen.
4. When an opening date is known: ``forthcoming`` before it, ``open`` from it on.
5. No opening date (the shipped snapshot has none): the source's status at its as-of date decides
   between ``forthcoming`` and ``open``. A topic announced as forthcoming stays ``forthcoming``
   ("announced, opening date unknown") until it is seen open by a refresh or its deadline passes:
   the store never claims a call is open without evidence. No status and a deadline ahead: ``open``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import Any, Literal, get_args

from knowledge.calls.errors import RecordError

Status = Literal["open", "forthcoming", "closed"]
STATUSES: tuple[Status, ...] = get_args(Status)
DeadlineModel = Literal["single-stage", "two-stage", "multiple cut-off"]
DEADLINE_MODELS: tuple[DeadlineModel, ...] = get_args(DeadlineModel)


def normalise_deadline_model(value: str | None) -> DeadlineModel | None:
    """Map the portal's ``deadlineModel`` spellings to one of :data:`DEADLINE_MODELS`.

    Args:
        value: e.g. ``"single-stage"``, ``"two-stage"``, ``"multiple cut-off"``, ``""``.

    Returns:
        The normalised model, or ``None`` when empty or unknown.
    """
    if not value:
        return None
    key = " ".join(value.casefold().replace("-", " ").replace("_", " ").split())
    return {
        "single stage": "single-stage",
        "two stage": "two-stage",
        "multiple cut off": "multiple cut-off",
        "multiple cutoff": "multiple cut-off",
    }.get(key)


@dataclass(frozen=True)
class Call:
    """One funding topic of the EU Funding & Tenders portal.

    Attributes:
        id: The portal's topic id (``topicId``), e.g. ``HORIZON-CL5-2027-04-D2-07``.
        title: Clean title.
        url: The topic page on the portal.
        programme: Display name of the programme, e.g. ``Horizon Europe``.
        programme_code: Short code, e.g. ``HORIZON``; ``None`` when the programme is unknown.
        action_type: Canonical type-of-action code (``RIA``, ``IA``, ``CSA``, ``GRANT``...).
        types_of_action: The portal's longer text, cleaned.
        call_id: Identifier of the call the topic belongs to.
        call_title: Title of that call.
        deadlines: All deadline dates, ascending (several for two-stage / multiple cut-off).
        deadline_model: ``single-stage``, ``two-stage``, ``multiple cut-off`` or ``None``.
        opening_date: When submission opens, if the source says (the snapshot does not).
        budget_min: Smallest EU contribution per grant in euro, if given.
        budget_max: Largest EU contribution per grant in euro, if given.
        expected_grants: Number of grants expected, if given.
        keywords: Keywords and tags.
        description: Clean description text.
        conditions: Clean text of the topic conditions.
        source_status: What the source said at its as-of date (used only as rule 3/5 above).
    """

    id: str
    title: str
    url: str
    programme: str = ""
    programme_code: str | None = None
    action_type: str | None = None
    types_of_action: str = ""
    call_id: str = ""
    call_title: str = ""
    deadlines: tuple[date, ...] = ()
    deadline_model: DeadlineModel | None = None
    opening_date: date | None = None
    budget_min: int | None = None
    budget_max: int | None = None
    expected_grants: int | None = None
    keywords: tuple[str, ...] = ()
    description: str = ""
    conditions: str = ""
    source_status: Status | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id.strip():
            raise RecordError("id", f"must be a non-empty string, got {self.id!r}")
        for name in ("title", "url", "programme", "types_of_action", "call_id", "call_title"):
            if not isinstance(getattr(self, name), str):
                raise RecordError(name, f"must be a string, got {getattr(self, name)!r}")
        deadlines = tuple(self.deadlines)
        if not all(type(d) is date for d in deadlines):
            raise RecordError("deadlines", f"must hold dates, got {deadlines!r}")
        object.__setattr__(self, "deadlines", tuple(sorted(set(deadlines))))
        object.__setattr__(self, "keywords", tuple(self.keywords))
        if self.opening_date is not None and type(self.opening_date) is not date:
            raise RecordError("opening_date", f"must be a date, got {self.opening_date!r}")
        for name in ("budget_min", "budget_max", "expected_grants"):
            value = getattr(self, name)
            if value is not None and (type(value) is not int or value < 0):
                raise RecordError(name, f"must be a non-negative integer, got {value!r}")
        if (
            self.budget_min is not None
            and self.budget_max is not None
            and self.budget_min > self.budget_max
        ):
            raise RecordError(
                "budget_min", f"{self.budget_min} is above budget_max {self.budget_max}"
            )
        if self.source_status is not None and self.source_status not in STATUSES:
            raise RecordError(
                "source_status", f"must be one of {STATUSES}, got {self.source_status!r}"
            )
        if self.deadline_model is not None and self.deadline_model not in DEADLINE_MODELS:
            raise RecordError(
                "deadline_model", f"must be one of {DEADLINE_MODELS}, got {self.deadline_model!r}"
            )

    # --- dates ------------------------------------------------------------------------------

    @property
    def applicant_deadlines(self) -> tuple[date, ...]:
        """Deadlines a new applicant can still aim at: only stage 1 for a two-stage topic."""
        if self.deadline_model == "two-stage" and len(self.deadlines) > 1:
            return self.deadlines[:1]
        return self.deadlines

    @property
    def final_deadline(self) -> date | None:
        """The last applicant deadline, or ``None`` when the topic has no deadline."""
        return self.applicant_deadlines[-1] if self.applicant_deadlines else None

    def next_deadline(self, today: date) -> date | None:
        """Return the next applicant deadline on or after ``today``.

        Args:
            today: The current date (from the caller's clock).

        Returns:
            The nearest deadline still ahead (today included), or ``None`` when all have passed
            or there is none.
        """
        return next((d for d in self.applicant_deadlines if d >= today), None)

    def status(self, today: date) -> Status:
        """Return ``open``, ``forthcoming`` or ``closed`` on ``today`` (see the module docstring).

        Args:
            today: The current date (from the caller's clock).

        Returns:
            The status; ``closed`` whenever every applicant deadline is before ``today``.
        """
        deadlines = self.applicant_deadlines
        if deadlines and deadlines[-1] < today:
            return "closed"
        if self.source_status == "closed":
            return "closed"
        if self.opening_date is not None:
            return "forthcoming" if today < self.opening_date else "open"
        if self.source_status == "forthcoming":
            return "forthcoming"
        return "open"

    # --- serialisation ----------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (dates as ``YYYY-MM-DD``, tuples as lists)."""
        data = asdict(self)
        data["deadlines"] = [d.isoformat() for d in self.deadlines]
        data["opening_date"] = self.opening_date.isoformat() if self.opening_date else None
        data["keywords"] = list(self.keywords)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Call:
        """Build a call from :meth:`to_dict` output.

        Args:
            data: The dict; unknown keys are refused so schema drift is noticed.

        Returns:
            The call.

        Raises:
            RecordError: A field is missing, unknown or has the wrong type; names the field.
        """
        if not isinstance(data, dict):
            raise RecordError("<record>", f"must be a dict, got {type(data).__name__}")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise RecordError(unknown[0], "is not a field of Call")
        for required in ("id", "title", "url"):
            if required not in data:
                raise RecordError(required, "is missing")
        values = dict(data)
        try:
            values["deadlines"] = tuple(date.fromisoformat(d) for d in data.get("deadlines") or ())
        except (TypeError, ValueError) as exc:
            raise RecordError(
                "deadlines", f"bad date in {data.get('deadlines')!r} ({exc})"
            ) from None
        opening = data.get("opening_date")
        try:
            values["opening_date"] = date.fromisoformat(opening) if opening else None
        except (TypeError, ValueError) as exc:
            raise RecordError("opening_date", f"bad date {opening!r} ({exc})") from None
        keywords = data.get("keywords") or ()
        if isinstance(keywords, str) or not all(isinstance(k, str) for k in keywords):
            raise RecordError("keywords", f"must be a list of strings, got {keywords!r}")
        values["keywords"] = tuple(keywords)
        return cls(**values)

    @property
    def content_hash(self) -> str:
        """SHA-256 of the canonical JSON of the record: equal content, equal hash, any process."""
        canonical = json.dumps(
            self.to_dict(), sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
