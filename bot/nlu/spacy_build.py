"""Build and save the project's spaCy pipeline: ``spacy.blank("en")`` plus the gazetteer ruler.

No pretrained spaCy pipeline can be downloaded on the project's machines, so Rasa's ``SpacyNLP``
loads this one from disk. It has no vectors and no statistical components: a tokenizer and an
``entity_ruler`` fed by the pattern table of :mod:`bot.nlu.gazetteer`. The same table is written
as Rasa synonyms (``--synonyms data/nlu/generated/synonyms.yml``).

Usage::

    python -m bot.nlu.spacy_build --out var/spacy/cluster_en [--synonyms data/nlu/generated/synonyms.yml]
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from bot.settings import quiet_tensorflow

# spaCy's thinc imports TensorFlow when it is installed (it is, beside Rasa): keep it quiet.
quiet_tensorflow()

from spacy.language import Language  # noqa: E402

from bot.nlu.gazetteer import (  # noqa: E402
    GAZETTEER_DIR,
    KNOWLEDGE_DATA_DIR,
    LABELS,
    PatternTable,
    blank_pipeline,
    collect_patterns,
)
from bot.nlu.gazetteer_files import GazetteerError  # noqa: E402

logger = logging.getLogger(__name__)

DEFAULT_OUT = Path("var/spacy/cluster_en")
PIPELINE_NAME = "cluster_en"
PIPELINE_VERSION = "1.0.0"


def build_pipeline(
    gazetteer_dir: Path = GAZETTEER_DIR,
    knowledge_dir: Path = KNOWLEDGE_DATA_DIR,
    table: PatternTable | None = None,
) -> Language:
    """Build the blank English pipeline with the gazetteer EntityRuler.

    Args:
        gazetteer_dir: Folder holding the ``*.yml`` gazetteers.
        knowledge_dir: The project's ``knowledge/data`` folder.
        table: Patterns already collected from those sources (collected here if omitted).

    Returns:
        The pipeline, not yet saved.
    """
    nlp = blank_pipeline()
    if table is None:
        table = collect_patterns(gazetteer_dir, knowledge_dir, nlp)
    ruler = nlp.add_pipe(
        "entity_ruler",
        config={"phrase_matcher_attr": "LOWER", "validate": True, "overwrite_ents": True},
    )
    ruler.add_patterns(table.ruler_patterns())
    counts: dict[str, int] = {}
    for p in table.ruler_patterns():
        counts[p["label"]] = counts.get(p["label"], 0) + 1
    nlp.meta.update(
        {
            "name": PIPELINE_NAME,
            "version": PIPELINE_VERSION,
            "description": "Blank English tokenizer + gazetteer EntityRuler for the cluster "
            "support assistant (built by bot/nlu/spacy_build.py).",
            "labels": {"entity_ruler": list(LABELS)},
            "gazetteer_fingerprint": table.fingerprint(),
            "pattern_counts": dict(sorted(counts.items())),
        }
    )
    return nlp


def build_and_save(
    out_dir: Path | str,
    gazetteer_dir: Path = GAZETTEER_DIR,
    knowledge_dir: Path = KNOWLEDGE_DATA_DIR,
    table: PatternTable | None = None,
) -> Path:
    """Build the pipeline and save it to ``out_dir``, replacing any previous build.

    The pipeline is written to a temporary sibling folder first and then renamed into place,
    so a reader never sees a half-written pipeline (the old one is renamed aside, the new one
    renamed in, the old one deleted).

    Args:
        out_dir: Target folder, e.g. ``var/spacy/cluster_en``.
        gazetteer_dir: Folder holding the ``*.yml`` gazetteers.
        knowledge_dir: The project's ``knowledge/data`` folder.
        table: Patterns already collected from those sources (collected here if omitted).

    Returns:
        The target folder.
    """
    out = Path(out_dir)
    nlp = build_pipeline(gazetteer_dir, knowledge_dir, table)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    tmp.chmod(0o755)  # mkdtemp makes it private; the pipeline is not secret
    old = out.parent / f".{out.name}.old"
    try:
        nlp.to_disk(tmp)
        shutil.rmtree(old, ignore_errors=True)
        if out.exists():
            out.rename(old)
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old.exists() and not out.exists():
            old.rename(out)
        raise
    shutil.rmtree(old, ignore_errors=True)
    logger.info(
        "saved spaCy pipeline to %s (%s patterns: %s)",
        out,
        sum(nlp.meta["pattern_counts"].values()),
        nlp.meta["pattern_counts"],
    )
    return out


# --------------------------------------------------------------------------- Rasa synonyms

_SYNONYMS_HEADER = """\
# GENERATED FILE, do not edit by hand: edit bot/gazetteers/ (regions: knowledge/data/taxonomies/
# regions.yml) and run
#   python -m bot.nlu.spacy_build --out var/spacy/cluster_en --synonyms data/nlu/generated/synonyms.yml
# Maps what the spaCy EntityRuler matches to one canonical value per thing (countries to ISO
# alpha-2 codes, regions to one English name, labels to "gold label" ... "any label", sectors
# to the 23 fixed labels, aliases and misspellings of technologies, instruments and
# organisation types to their main name).
"""


def synonyms_yaml(table: PatternTable) -> str:
    """Render the table's synonyms as a Rasa 3.x NLU YAML document."""
    lines = [_SYNONYMS_HEADER.rstrip("\n"), 'version: "3.1"', "nlu:"]
    for label, values in table.synonyms().items():
        lines.append(f"# {label}")
        for value, texts in values.items():
            lines.append(f"- synonym: {json.dumps(value, ensure_ascii=False)}")
            lines.append("  examples: |")
            lines.extend(f"    - {text}" for text in texts)
    return "\n".join(lines) + "\n"


def write_synonyms(path: Path | str, table: PatternTable) -> Path:
    """Write the Rasa synonyms file (atomically)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(synonyms_yaml(table), encoding="utf-8")
    tmp.replace(path)
    return path


# --------------------------------------------------------------------------- CLI


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(
        prog="python -m bot.nlu.spacy_build",
        description="Build the assistant's spaCy pipeline (blank English + gazetteer "
        "EntityRuler) for Rasa's SpacyNLP.",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help=f"folder to save the pipeline to (default: {DEFAULT_OUT})",
    )
    parser.add_argument(
        "--gazetteers",
        type=Path,
        default=GAZETTEER_DIR,
        help="folder with the gazetteer YAML files (default: bot/gazetteers)",
    )
    parser.add_argument(
        "--knowledge-data",
        type=Path,
        default=KNOWLEDGE_DATA_DIR,
        help="the knowledge/data folder with taxonomies and cluster profiles",
    )
    parser.add_argument(
        "--synonyms",
        type=Path,
        default=None,
        help="also write the Rasa synonyms file here (e.g. data/nlu/generated/synonyms.yml)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        table = collect_patterns(args.gazetteers, args.knowledge_data)
        build_and_save(args.out, args.gazetteers, args.knowledge_data, table)
        if args.synonyms:
            write_synonyms(args.synonyms, table)
            logger.info("wrote Rasa synonyms to %s", args.synonyms)
    except (GazetteerError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def iter_entities(nlp: Language, texts: Iterable[str]) -> Iterator[list[tuple[str, str, str]]]:
    """Yield ``[(text, label, canonical value), ...]`` per text; handy for checks and tests."""
    for doc in nlp.pipe(texts):
        yield [(ent.text, ent.label_, ent.ent_id_) for ent in doc.ents]


if __name__ == "__main__":
    raise SystemExit(main())
