"""The profile catalog: the cluster profile of each vector row, by row and by id.

Row ``i`` of a build holds profile ``i``; appended profiles take new rows; a removed profile's
row becomes a tombstone (``None``) until compaction renumbers the rows. On disk it is
``profiles.jsonl``: one JSON profile per row, ``null`` for a tombstone.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from knowledge.errors import BUILD_HINT, IndexCorruptError
from knowledge.records import ClusterProfile


class ProfileCatalog:
    """Profiles by vector row (``None`` for a tombstone) and rows by profile id."""

    def __init__(self, slots: Iterable[ClusterProfile | None]):
        """Index the slots.

        Raises:
            IndexCorruptError: A profile id appears twice.
        """
        self._slots: list[ClusterProfile | None] = list(slots)
        self._row_of: dict[str, int] = {}
        for row, profile in enumerate(self._slots):
            if profile is not None:
                if profile.id in self._row_of:
                    raise IndexCorruptError(
                        f"profile id {profile.id!r} appears twice in the index; "
                        f"{BUILD_HINT} --force"
                    )
                self._row_of[profile.id] = row

    def __len__(self) -> int:
        return len(self._row_of)

    def __contains__(self, profile_id: object) -> bool:
        return profile_id in self._row_of

    @property
    def row_count(self) -> int:
        """Number of rows, tombstones included."""
        return len(self._slots)

    @property
    def profiles(self) -> list[ClusterProfile]:
        """The live profiles, in row order."""
        return [p for p in self._slots if p is not None]

    def slots(self) -> list[ClusterProfile | None]:
        """Every row's profile (``None`` for tombstones), in row order (a copy)."""
        return list(self._slots)

    def profile_at(self, row: int) -> ClusterProfile | None:
        """Return the profile of a row (``None`` for a tombstone)."""
        return self._slots[row]

    def row_of(self, profile_id: str) -> int | None:
        """Return the row of a profile id, or ``None``."""
        return self._row_of.get(profile_id)

    def profile(self, profile_id: str) -> ClusterProfile | None:
        """Return the live profile with this id, or ``None``."""
        row = self._row_of.get(profile_id)
        return None if row is None else self._slots[row]

    def live_rows(self) -> np.ndarray:
        """Return the rows that hold a profile, ascending, as an int64 array."""
        return np.fromiter(sorted(self._row_of.values()), dtype=np.int64, count=len(self))

    def append(self, profiles: Sequence[ClusterProfile]) -> list[int]:
        """Append profiles (ids not present) to new rows; return the rows."""
        first = len(self._slots)
        for offset, profile in enumerate(profiles):
            self._slots.append(profile)
            self._row_of[profile.id] = first + offset
        return list(range(first, first + len(profiles)))

    def tombstone(self, ids: Iterable[str]) -> list[int]:
        """Turn the rows of present ids into tombstones; return those rows."""
        rows = []
        for profile_id in ids:
            row = self._row_of.pop(profile_id)
            self._slots[row] = None
            rows.append(row)
        return rows

    def compact(self, rows: np.ndarray) -> None:
        """Keep only ``rows`` (ascending), renumbered from 0."""
        self._slots = [self._slots[r] for r in rows.tolist()]
        self._row_of = {p.id: i for i, p in enumerate(self._slots) if p is not None}

    def write_jsonl(self, path: Path) -> None:
        """Write ``profiles.jsonl``: one profile per row, ``null`` for a tombstone."""
        with path.open("w", encoding="utf-8") as fh:
            for profile in self._slots:
                line = (
                    "null" if profile is None else json.dumps(profile.to_dict(), ensure_ascii=False)
                )
                fh.write(line + "\n")

    @classmethod
    def read_jsonl(cls, path: Path) -> ProfileCatalog:
        """Read a catalog written by :meth:`write_jsonl`."""
        slots: list[ClusterProfile | None] = []
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                data = json.loads(line)
                slots.append(None if data is None else ClusterProfile.from_dict(data))
        return cls(slots)
