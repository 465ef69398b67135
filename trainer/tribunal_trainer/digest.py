"""Content digest of an exported weights directory (WeightsRef.digest).

Definition (the TypeScript side reimplements it byte for byte):

    digest = "sha256:" + hex(SHA256(concat over files F))

where F ranges over every regular file under the directory (recursively;
symlinks, directories and other entries are skipped), sorted by the file's
path relative to the directory, written with "/" separators and compared as
UTF-8 bytes; each file contributes

    relpath_utf8 + b"\\0" + SHA256(file bytes).digest()     (32 raw bytes)

The empty directory has digest "sha256:" + hex(SHA256(b"")).
This module only hashes; what the files are is export.py's business.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

PREFIX = "sha256:"
_CHUNK = 1 << 20


def _files(root: Path) -> list[tuple[bytes, Path]]:
    out = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        for name in filenames:
            path = Path(dirpath) / name
            if path.is_symlink() or not path.is_file():
                continue
            rel = path.relative_to(root).as_posix().encode("utf-8")
            out.append((rel, path))
    out.sort(key=lambda item: item[0])
    return out


def file_sha256(path: Path) -> bytes:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while True:
            block = f.read(_CHUNK)
            if not block:
                break
            h.update(block)
    return h.digest()


def dir_digest(root: str | os.PathLike) -> str:
    """The digest of the directory `root` as defined in the module docstring."""
    root = Path(root)
    h = hashlib.sha256()
    for rel, path in _files(root):
        h.update(rel)
        h.update(b"\0")
        h.update(file_sha256(path))
    return PREFIX + h.hexdigest()


def dir_bytes(root: str | os.PathLike) -> int:
    """Total size of the regular files the digest covers."""
    return sum(path.stat().st_size for _, path in _files(Path(root)))
