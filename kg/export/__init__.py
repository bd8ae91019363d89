"""Export: write a graph to files, each written whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path

from kg.errors import ExportError

__all__ = ["atomic_write"]


def atomic_write(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename it.

    A crash or a full disk leaves the old file (or none), never half of a new one.

    Raises:
        ExportError: if the folder cannot be created or the file cannot be written.
    """
    # Opened like any new file (so the umask decides who may read it), under a name no other writer uses.
    temporary = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with temporary.open("wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    except OSError as err:
        raise ExportError(f"cannot write {path}: {err.strerror or err}") from err
    return path
