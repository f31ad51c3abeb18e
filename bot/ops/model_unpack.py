"""Rasa's model archive unpacked once, then hard-linked at every server start.

Rasa 3.6 unpacks the whole ``.tar.gz`` (200 MB packed, 414 MB unpacked, most of it the
ResponseSelector's weights) into a fresh temporary directory at every start, loads the graph from
it and deletes it: 3-4 s of CPU and 414 MB written each time, 10-16 s of a start on the shared
2-core machine (docs/benchmarks.md "Session 13: end-to-end stage time"). This module keeps one
unpacked copy per archive (its path, size, modification time and inode: a retrained model is
another archive) in a private folder of the temporary directory, and fills Rasa's temporary
directory with hard links to it: the same files, byte for byte, read from the page cache.

Anything unusual (another filesystem, a folder that is not this user's alone, a failed link)
falls back to Rasa's own unpacking, so a start never fails because of the cache. Loading a model
only reads its files; Rasa deletes its temporary directory (the links), never the cache. Copies of
archives not used for :data:`STALE_AFTER_S` are removed when another is unpacked.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

#: Unpacked copies not used for this long are removed (another engineer's or an old model).
STALE_AFTER_S = 2 * 86400

Extract = Callable[[Any, Path], None]


def cache_root() -> Path:
    """This user's folder of unpacked models, beside Rasa's temporary directories (hard links
    need the same filesystem)."""
    return Path(tempfile.gettempdir()) / f"cluster-rasa-models-{os.getuid()}"


def archive_key(archive: Path) -> str:
    """The identity of one archive file: another path, size, time or inode is another model."""
    info = archive.stat()
    text = f"{archive.resolve()}\n{info.st_size}\n{info.st_mtime_ns}\n{info.st_ino}"
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def _private(root: Path) -> bool:
    """True when ``root`` is a real folder of this user that nobody else can write."""
    info = root.lstat()
    return (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.getuid()
        and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )


def unpacked(archive: Path, extract: Extract, root: Path | None = None) -> Path | None:
    """The folder holding ``archive`` unpacked (unpacked now with ``extract`` if needed).

    Returns:
        The folder, or None when the cache cannot be used (the caller unpacks as Rasa does).
    """
    root = root or cache_root()
    try:
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(root):
            logger.warning("model cache %s is not private to this user; not used", root)
            return None
        directory = root / archive_key(archive)
        if directory.is_dir():
            os.utime(directory)
            return directory
        _remove_stale(root)
        partial = Path(tempfile.mkdtemp(prefix=".unpacking-", dir=root))
        try:
            extract(archive, partial)
            os.rename(partial, directory)  # complete or absent: another start may race us
        except OSError:
            shutil.rmtree(partial, ignore_errors=True)
            if not directory.is_dir():
                raise
        logger.info("model %s unpacked once into %s", archive, directory)
        return directory
    except OSError as err:
        logger.warning("model cache not used (%s); unpacking as Rasa does", err)
        return None


def link_tree(source: Path, target: Path) -> None:
    """Recreates ``source``'s folders under ``target`` and hard-links every file."""
    for folder, subfolders, files in os.walk(source):
        relative = Path(folder).relative_to(source)
        for name in subfolders:
            (target / relative / name).mkdir(exist_ok=True)
        for name in files:
            os.link(Path(folder) / name, target / relative / name)


def _remove_stale(root: Path) -> None:
    cutoff = time.time() - STALE_AFTER_S
    for entry in root.iterdir():
        with contextlib.suppress(OSError):
            if entry.stat().st_mtime < cutoff:
                shutil.rmtree(entry)


def cached_extract(original: Extract) -> Extract:
    """Wraps ``LocalModelStorage._extract_archive_to_directory``: links the cached copy into
    Rasa's (empty) temporary directory, or unpacks as ``original`` does."""

    def extract(model_archive_path: Any, temporary_directory: Path) -> None:
        directory = unpacked(Path(model_archive_path), original)
        if directory is not None:
            try:
                link_tree(directory, Path(temporary_directory))
                return
            except OSError as err:
                logger.warning("model cache not linked (%s); unpacking as Rasa does", err)
                for entry in Path(temporary_directory).iterdir():
                    if entry.is_dir() and not entry.is_symlink():
                        shutil.rmtree(entry)
                    else:
                        entry.unlink()
        original(model_archive_path, temporary_directory)

    return extract
