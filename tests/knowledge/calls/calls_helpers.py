"""Helpers shared by the calls tests: a call factory and six hand-made calls."""

from __future__ import annotations

from datetime import date
from typing import Any

from knowledge.calls.records import Call

AS_OF = date(2026, 8, 10)
LATER = date(2026, 11, 21)


def make_call(call_id: str = "TEST-01", **overrides: Any) -> Call:
    """A valid call; keyword arguments replace fields."""
    values: dict[str, Any] = {
        "id": call_id,
        "title": "A test topic",
        "url": f"https://example.org/{call_id.lower()}",
        "programme": "Horizon Europe",
        "programme_code": "HORIZON",
        "action_type": "RIA",
        "deadlines": (date(2027, 1, 15),),
        "deadline_model": "single-stage",
        "source_status": "open",
    }
    values.update(overrides)
    return Call(**values)


SMALL_CALLS = [
    make_call(
        "BATT-IA",
        title="Battery recycling pilot lines",
        description="Pilot lines that recover lithium and cobalt from end-of-life batteries.",
        keywords=("circular economy",),
        action_type="IA",
        budget_min=2_000_000,
        budget_max=5_000_000,
        deadlines=(date(2026, 12, 1),),
        source_status="open",
    ),
    make_call(
        "BATT-RIA",
        title="Battery materials research",
        description="New chemistries and the recycling of battery materials.",
        budget_min=1_000_000,
        budget_max=3_000_000,
        deadlines=(date(2027, 3, 1),),
        source_status="forthcoming",
    ),
    make_call(
        "H2-PAST",
        title="Hydrogen storage in salt caverns",
        description="Large-scale underground hydrogen storage.",
        budget_min=4_000_000,
        budget_max=6_000_000,
        deadlines=(date(2026, 9, 1),),
        source_status="open",
    ),
    make_call(
        "SMP-TEXTILE",
        title="Textile recycling for SMEs",
        description="Support to small firms that sort and recycle used textiles.",
        programme="Single Market Programme",
        programme_code="SMP",
        action_type="GRANT",
        deadlines=(date(2027, 1, 15),),
        source_status="forthcoming",
    ),
    make_call(
        "DIGITAL-SKILLS",
        title="Advanced digital skills",
        description="Courses on artificial intelligence and cybersecurity.",
        programme="Digital Europe Programme",
        programme_code="DIGITAL",
        action_type="CSA",
        budget_min=500_000,
        budget_max=1_000_000,
        deadlines=(date(2026, 10, 1), date(2027, 2, 1)),
        deadline_model="multiple cut-off",
        source_status="open",
    ),
    make_call(
        "LIFE-EBIKE",
        title="Recycling of batteries from e-bikes",
        description="Collection schemes and second life for small batteries.",
        programme="LIFE Programme",
        programme_code="LIFE",
        action_type="GRANT",
        budget_min=0,
        budget_max=1_500_000,
        deadlines=(date(2027, 6, 1),),
        source_status="forthcoming",
    ),
]
