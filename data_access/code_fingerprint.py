"""Which code computed a stored result: a digest of the code that computes indicators and page frames.

Stored results are keyed on the data version, which only imports and edits bump. An upgrade of
the dashboard that corrects a method leaves the data as they were, so without this the corrected
code would keep showing the figures the old code stored until the next import. The digest covers
every file under `indicators/` and `data_access/` (queries, loaders, reference tables); a stored
row whose key carries another digest is never read, and is purged on the next write.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCE_FOLDERS = ("indicators", "data_access")
SOURCE_SUFFIXES = frozenset({".py", ".yml", ".yaml", ".csv", ".json", ".sql"})


def source_files(root: Path = REPO) -> list[Path]:
    """The files the digest covers, in a fixed order."""
    return sorted(
        path for folder in SOURCE_FOLDERS for path in (root / folder).rglob("*")
        if path.is_file() and path.suffix in SOURCE_SUFFIXES and "__pycache__" not in path.parts
    )


def fingerprint(root: Path = REPO) -> str:
    """12 hex digits of the SHA-256 over the covered files' paths and contents."""
    digest = hashlib.sha256()
    for path in source_files(root):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:12]


@cache
def code_fingerprint() -> str:
    """This installation's digest, worked out once per process."""
    return fingerprint()
