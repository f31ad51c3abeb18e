"""What a message asks once its correction is read: "not the budget, the projects" (session 18)."""

from __future__ import annotations

import pytest

from taxonomy.negation import corrected_request


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        (
            "not the budget of INNOSUP-1, I mean how many projects it funded",
            "how many projects it funded",
        ),
        ("not the budget, the number of partnerships", "the number of partnerships"),
        ("No quiero el presupuesto de COSME, sino cuándo terminó", "cuándo terminó"),
        ("Nie chodzi mi o budżet ESCP-4i, tylko kto mógł się zgłosić", "kto mógł się zgłosić"),
        ("Nicht das Budget, sondern wie viele Projekte es gab", "wie viele Projekte es gab"),
        ("pas le budget mais la durée d'ESCP-4i", "la durée d'ESCP-4i"),
        ("non il budget, ma chi può partecipare", "chi può partecipare"),
        ("niet het budget maar wie mag meedoen", "wie mag meedoen"),
    ],
)
def test_the_negated_part_is_left_out(text, asked):
    assert corrected_request(text) == asked


@pytest.mark.parametrize(
    "text",
    [
        "What is the budget of COSME?",
        "nicht nur das Budget, sondern auch die Projekte",  # not only ... but also
        "is COSME not running anymore?",
        "why did COSME not fund clusters",
        "",
    ],
)
def test_no_correction(text):
    assert corrected_request(text) is None
