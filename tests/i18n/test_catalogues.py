"""The message catalogues: complete in every reply language, checked, and read as gettext reads them.

Runs in both environments (Makefile): the Rasa side renders channel labels and the widget's
strings, the action side the replies.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import i18n
from i18n.catalogue import CatalogueError, load_all, placeholders, problems
from taxonomy.languages import REPLY_LANGUAGES

HEADER = (
    'msgid ""\nmsgstr ""\n"Language: {lang}\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n'
)


def write(root: Path, lang: str, domain: str, body: str) -> Path:
    """Writes one PO file with a minimal header and ``body``."""
    folder = root / lang / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{domain}.po"
    path.write_text(HEADER.format(lang=lang) + "\n" + body, encoding="utf-8")
    return path


def test_no_key_lacks_a_reply_language() -> None:
    assert i18n.catalogue_problems() == []


def test_every_reply_language_has_a_catalogue() -> None:
    assert set(REPLY_LANGUAGES) <= set(load_all())


def test_missing_translation_fuzzy_empty_and_placeholders_are_reported(tmp_path: Path) -> None:
    write(
        tmp_path,
        "en",
        "demo",
        'msgid "demo.a"\nmsgstr "Hello {name}"\n\nmsgid "demo.b"\nmsgstr "Bye"\n',
    )
    write(
        tmp_path,
        "de",
        "demo",
        'msgid "demo.a"\nmsgstr "Hallo {nom}"\n\n#, fuzzy\nmsgid "demo.b"\nmsgstr "Tschüss"\n',
    )
    write(
        tmp_path,
        "fr",
        "demo",
        'msgid "demo.a"\nmsgstr ""\n\nmsgid "demo.b"\nmsgstr "Salut"\n\nmsgid "demo.c"\nmsgstr "x"\n',
    )
    found = "\n".join(problems(load_all(tmp_path), ("en", "de", "fr", "es")))
    assert "placeholders ['nom'] differ from English ['name']" in found
    assert "'demo.b' is marked fuzzy" in found
    assert "'demo.a' has an empty translation" in found
    assert "'demo.c' is not in the English catalogue" in found
    assert "language 'es' has no catalogue directory" in found


def test_a_key_outside_its_file_is_refused_with_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "en", "demo", 'msgid "other.a"\nmsgstr "x"\n')
    with pytest.raises(
        CatalogueError, match=rf"{path}:\d+: msgid 'other.a' must start with 'demo.'"
    ):
        load_all(tmp_path)


def test_a_malformed_file_names_the_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "en", "demo", 'msgid "demo.a"\nmsgstr "x\n')
    with pytest.raises(CatalogueError, match=rf"{path}:7: the quoted text is not closed"):
        load_all(tmp_path)
    path.write_text(HEADER.format(lang="en") + 'msgid "demo.a"\nmsgstr "x"\nmsgsrt "y"\n')
    with pytest.raises(CatalogueError, match=rf"{path}:7: not a PO line"):
        load_all(tmp_path)
    path.write_bytes(b'msgid "demo.a"\nmsgstr "\xff"\n')
    with pytest.raises(CatalogueError, match=rf"{path}: not UTF-8"):
        load_all(tmp_path)


def test_a_key_in_two_files_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "en", "demo", 'msgid "demo.a"\nmsgstr "x"\n')
    (tmp_path / "en" / "LC_MESSAGES" / "demo2.po").write_text(
        HEADER.format(lang="en") + '\nmsgid "demo.a"\nmsgstr "y"\n', encoding="utf-8"
    )
    with pytest.raises(CatalogueError):
        load_all(tmp_path)


def test_plural_forms_follow_each_language() -> None:
    assert i18n.plural("common.results", 1, "pl") == "1 wynik"
    assert i18n.plural("common.results", 3, "pl") == "3 wyniki"
    assert i18n.plural("common.results", 5, "pl") == "5 wyników"
    assert i18n.plural("common.results", 22, "pl") == "22 wyniki"
    assert i18n.plural("common.results", 0, "fr") == "0 résultat"
    assert i18n.plural("common.results", 0, "en") == "0 results"


def test_texts_are_filled_in_and_fall_back_to_english() -> None:
    assert i18n.text("common.source_as_of", "DE", source="EC", date="1.1.2019").startswith(
        "Quelle: EC"
    )
    assert i18n.text("common.language_name", "cs") == "English"
    assert i18n.text("common.language_name", None) == "English"
    with pytest.raises(KeyError):
        i18n.text("common.no_such_key", "de")


def test_reply_language_and_dates() -> None:
    assert i18n.reply_language("PL") == "pl"
    assert i18n.reply_language("hu") == "en"
    assert i18n.format_date(date(2019, 3, 26), "de") == "26. März 2019"
    assert i18n.format_date(date(2019, 3, 26), "en") == "March 26, 2019"


def test_bundle_gives_a_client_every_key_of_a_prefix() -> None:
    german = i18n.bundle("common.", "de")
    assert german["common.language_name"] == "Deutsch"
    assert set(german) == set(i18n.bundle("common.", "en"))


def test_placeholders_reads_named_fields() -> None:
    assert placeholders("{count} in {place.name} {x[0]}") == {"count", "place", "x"}


def test_amounts_in_euros_are_written_the_way_each_language_writes_them() -> None:
    from i18n import format_euro

    assert format_euro(1_500_000, "en") == "€1,500,000"
    assert format_euro(1_500_000, "de") == "1.500.000\xa0€"
    assert format_euro(1_500_000, "fr") == "1\u202f500\u202f000\xa0€"
    assert format_euro(2_000, "xx") == "€2,000"  # not a reply language: English
