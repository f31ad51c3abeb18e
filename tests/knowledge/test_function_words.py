"""The committed function-word file is the pinned ``stop-words`` package's lists."""

from __future__ import annotations

from knowledge import function_words
from taxonomy.stopwords import FUNCTION_WORDS_CSV
from taxonomy.stopwords import function_words as words_of


def test_committed_file_equals_the_pinned_package() -> None:
    committed = FUNCTION_WORDS_CSV.read_text(encoding="utf-8")
    assert committed == function_words.render(function_words.rows()), (
        "regenerate: python -m knowledge.function_words --write"
    )


def test_every_reply_language_but_english_has_its_function_words() -> None:
    for code, word in {"de": "fur", "fr": "pour", "es": "para", "it": "della", "pl": "dla",
                       "nl": "voor", "pt": "para"}.items():  # fmt: skip
        assert word in words_of(code), code
    assert words_of("en") == frozenset() and words_of("xx") == frozenset()
    assert "avions" not in words_of("fr")  # aircraft, a topic here
