"""An earlier revision's engine, imported beside this one, so a benchmark or a check can run both in
one process: `git archive REVISION engine` into a folder, imported as the package earlier_engine."""
from __future__ import annotations

import importlib
import io
import subprocess
import sys
import tarfile
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def earlier_engine(revision: str, into: Path) -> ModuleType:
    """Revision `revision`'s engine package, unpacked into the folder `into` (which must outlive it)."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision, "engine"], capture_output=True, check=True)
    tarfile.open(fileobj=io.BytesIO(archive.stdout)).extractall(into, filter="data")
    (into / "engine").rename(into / "earlier_engine")
    sys.path.insert(0, str(into))
    return importlib.import_module("earlier_engine")
