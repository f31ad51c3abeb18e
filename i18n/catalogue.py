"""Loading and checking the message catalogues: gettext PO files read with Babel.

Layout (the gettext convention, so translators' tools such as Poedit or Weblate open the files as
they are): ``i18n/locales/<language>/LC_MESSAGES/<domain>.po``. One domain per feature or surface
(``common``, ``dialogue``, ``partners``, ``funding``, ``handoff``, ``widget``, ``channels``...), so
that people working on different features edit different files.

Message ids are keys, not English sentences: ``<domain>.<name>`` (``partners.none_found``). The
part before the first dot names the file the key lives in; the English text is the ``en``
catalogue, a catalogue like the others. A key with plural forms has ``msgid_plural
"<key>.plural"`` and one ``msgstr[n]`` per plural form of the language (the ``Plural-Forms``
header, which Babel fills in for each language).

Placeholders are named, in ``str.format`` style: ``"{count} clusters in {country}"``.

Why PO files and Babel rather than YAML and our own loader: PO is the format translation tools
and translators know (context, fuzzy flags, plural forms per language), Babel reads and checks it
and knows every language's plural rule and date format, and the standard library's ``gettext``
picks the plural form from the header's expression.
"""

from __future__ import annotations

import gettext
import re
import string
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.pofile import PoFileError, read_po

#: Where the catalogues live: ``<ROOT>/<language>/LC_MESSAGES/<domain>.po``.
ROOT = Path(__file__).resolve().parent / "locales"
#: Suffix of the nominal ``msgid_plural`` of a key with plural forms.
PLURAL_SUFFIX = ".plural"


class CatalogueError(ValueError):
    """A catalogue file that cannot be read: the message names the file and the line."""


@dataclass(frozen=True)
class Entry:
    """One message of one language.

    Attributes:
        key: The message id (``partners.none_found``).
        forms: The translation; one string, or one per plural form for a plural key.
        plural: Whether the key has plural forms.
        fuzzy: Whether a translator marked the translation as needing review.
        where: ``file:line`` of the entry, for error messages.
    """

    key: str
    forms: tuple[str, ...]
    plural: bool
    fuzzy: bool
    where: str


@dataclass
class Language:
    """Every message of one language, with its plural rule."""

    code: str
    entries: dict[str, Entry] = field(default_factory=dict)
    plural_rule: object = None

    def plural_index(self, count: int) -> int:
        """The index of the plural form for ``count`` (from the PO header's expression)."""
        if self.plural_rule is None:
            return 0 if count == 1 else 1
        return int(self.plural_rule(count))  # type: ignore[operator]


_KEYWORDS = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])\s+"')


def _check_lines(path: Path, raw: bytes) -> None:
    """Refuses what Babel would read silently wrong: a stray line, an unclosed quote."""
    try:
        lines = raw.decode("utf-8").splitlines()
    except UnicodeDecodeError as error:
        raise CatalogueError(f"{path}: not UTF-8 ({error})") from error
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not (_KEYWORDS.match(stripped) or stripped.startswith('"')):
            raise CatalogueError(f"{path}:{number}: not a PO line: {stripped[:60]!r}")
        if not stripped.endswith('"') or (
            stripped.endswith('\\"') and not stripped.endswith('\\\\"')
        ):
            raise CatalogueError(f"{path}:{number}: the quoted text is not closed")


def _read_file(path: Path, code: str) -> tuple[list[Entry], object]:
    domain = path.stem
    _check_lines(path, path.read_bytes())
    try:
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=code, domain=domain, abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError) as error:
        raise CatalogueError(f"{path}: cannot be read: {error}") from error
    rule = gettext.c2py(catalog.plural_expr) if catalog.plural_expr else None
    entries = []
    for message in catalog:
        if not message.id:
            continue  # the header
        where = f"{path}:{message.lineno}"
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        key = ids[0]
        if not key.startswith(f"{domain}."):
            raise CatalogueError(f"{where}: msgid {key!r} must start with '{domain}.' (its file)")
        plural = len(ids) > 1
        if plural and ids[1] != key + PLURAL_SUFFIX:
            raise CatalogueError(f"{where}: msgid_plural must be {key + PLURAL_SUFFIX!r}")
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        entries.append(Entry(key, tuple(strings), plural, message.fuzzy, where))
    return entries, rule


def load_language(directory: Path, code: str) -> Language:
    """Reads every ``<domain>.po`` of one language directory.

    Raises:
        CatalogueError: A file cannot be parsed, a key is outside its file's domain or appears
            twice.
    """
    language = Language(code)
    for path in sorted((directory / "LC_MESSAGES").glob("*.po")):
        entries, rule = _read_file(path, code)
        if rule is not None:
            language.plural_rule = rule
        for entry in entries:
            if entry.key in language.entries:
                first = language.entries[entry.key].where
                raise CatalogueError(f"{entry.where}: key {entry.key!r} already in {first}")
            language.entries[entry.key] = entry
    return language


def load_all(root: Path = ROOT) -> dict[str, Language]:
    """Every language directory under ``root``, by language code."""
    if not root.is_dir():
        raise CatalogueError(f"{root}: no catalogue directory")
    return {
        path.name: load_language(path, path.name)
        for path in sorted(root.iterdir())
        if (path / "LC_MESSAGES").is_dir()
    }


def placeholders(template: str) -> frozenset[str]:
    """The named fields of a ``str.format`` template (``{count}`` -> ``count``)."""
    names = set()
    for _, name, _, _ in string.Formatter().parse(template):
        if name is not None:
            names.add(name.split(".")[0].split("[")[0])
    return frozenset(names)


def problems(languages: dict[str, Language], required: tuple[str, ...]) -> list[str]:
    """What is wrong with a set of catalogues, one line each (empty when all is well).

    Checked: every key of the English catalogue is in every required language, translated
    (not empty, not fuzzy), with the same placeholders as in English and the same kind
    (plural or not); no language has a key English lacks; every template formats.

    Args:
        languages: :func:`load_all`'s result.
        required: The languages that must have every key (the reply languages).
    """
    found: list[str] = []
    english = languages.get("en")
    if english is None:
        return ["no English catalogue (i18n/locales/en)"]
    for code in required:
        if code not in languages:
            found.append(f"language {code!r} has no catalogue directory")
    for language in languages.values():
        for key, entry in language.entries.items():
            if key not in english.entries:
                found.append(f"{entry.where}: {key!r} is not in the English catalogue")
    for key, source in english.entries.items():
        if not all(form.strip() for form in source.forms):
            found.append(f"{source.where}: {key!r} has an empty English text")
        wanted = placeholders(source.forms[0])
        for code in required:
            language = languages.get(code)
            if language is None:
                continue
            entry = language.entries.get(key)
            if entry is None:
                found.append(f"{key!r} has no {code} text (source {source.where})")
                continue
            if entry.plural != source.plural:
                found.append(f"{entry.where}: {key!r} plural in one language, not in another")
            if entry.fuzzy:
                found.append(f"{entry.where}: {key!r} is marked fuzzy")
            for form in entry.forms:
                if not form.strip():
                    found.append(f"{entry.where}: {key!r} has an empty translation")
                elif placeholders(form) != wanted:
                    found.append(
                        f"{entry.where}: {key!r} placeholders {sorted(placeholders(form))} "
                        f"differ from English {sorted(wanted)}"
                    )
    return found
