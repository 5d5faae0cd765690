"""A virtual environment under target/ for the Python scripts of tests/."""

import os
import subprocess
import sys
from pathlib import Path


def run_in_venv(venv, packages, probe):
    """Re-run the calling script inside the virtual environment `venv`,
    creating it and installing `packages` first unless `probe` (Python code,
    such as an import) already runs there. Returns when already inside."""
    py = Path(venv) / "bin" / "python"
    if Path(sys.prefix).resolve() == Path(venv).resolve():
        return
    if not py.exists() or subprocess.run([str(py), "-c", probe], capture_output=True).returncode:
        print(f"installing {' '.join(packages)} into {venv}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", *packages], check=True)
    os.execv(str(py), [str(py), *sys.argv])
