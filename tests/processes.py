"""This project's Python run as a separate process, as a container or a shell would run it."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_python(*args, env, cwd=ROOT, timeout=120):
    """Run Python with `args` in `cwd` with exactly `env` (plus PATH); return the finished
    process, its output read as text. The caller asserts on its return code."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env={"PATH": os.environ.get("PATH", ""), **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
