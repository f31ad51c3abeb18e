"""Generates ``taxonomy/function_words.csv``: the function words of the reply languages.

The words come from the ``stop-words`` package (maintained per-language lists, pinned in the
action environment's requirements); the file is committed so that :mod:`taxonomy.stopwords`
(standard library only, imported by both environments) reads them without the package.
``tests/knowledge/test_function_words.py`` fails when the file and the pinned package differ.
English is left out: the English lists of :mod:`taxonomy.stopwords` are curated for the search
(the package's English list of 1,300 words holds "research", "system", "value", "zero"...).

Regenerate after a ``stop-words`` upgrade::

    .venv/actions/bin/python -m knowledge.function_words --write
"""

from __future__ import annotations

import argparse
import csv
import io

from stop_words import get_stop_words

from taxonomy.languages import REPLY_LANGUAGES
from taxonomy.stopwords import FUNCTION_WORDS_CSV


def rows() -> list[tuple[str, str]]:
    """``(language, word)`` for every reply language but English, sorted, without repeats."""
    out: set[tuple[str, str]] = set()
    for code in REPLY_LANGUAGES:
        if code == "en":
            continue
        out.update((code, word.strip()) for word in get_stop_words(code) if word.strip())
    return sorted(out)


def render(table: list[tuple[str, str]]) -> str:
    """The CSV text of the table (header ``language,word``; ``\\n`` line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("language", "word"))
    writer.writerows(table)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Prints the file, or writes it with ``--write``."""
    parser = argparse.ArgumentParser(prog="python -m knowledge.function_words", description=__doc__)
    parser.add_argument("--write", action="store_true", help=f"write {FUNCTION_WORDS_CSV.name}")
    args = parser.parse_args(argv)
    content = render(rows())
    if args.write:
        FUNCTION_WORDS_CSV.write_text(content, encoding="utf-8")
    else:
        print(content, end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
