"""A clamd of the tests' own: started with the project's test signature, never the system's.

`clamd_socket` (session) starts one through scripts/clamd-local on a socket in a temporary
folder; `clamd` points the settings at it. `start_clamd` starts another, for a test that stops
it. Tests using them are marked `clamd`: without clamd they skip, or fail when
REGISTRY_REQUIRE_SERVICES is set (as in CI).
"""

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from clamav_client.clamd import ClamdError, ClamdUnixSocket

from tests.services import missing as _missing

ROOT = Path(__file__).resolve().parents[1]
CLAMD = os.environ.get("REGISTRY_CLAMD_BINARY") or shutil.which("clamd") or "/usr/sbin/clamd"
# The EICAR test file: harmless, and detected as a virus by every antivirus (and ours).
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
SIGNATURE = "Registry.Test.EICAR.UNOFFICIAL"
START_SECONDS = 60


def clamd_available():
    return os.access(CLAMD, os.X_OK)


class ClamdProcess:
    def __init__(self, directory):
        self.directory = Path(directory)
        self.socket = str(self.directory / "clamd.sock")
        self.log = open(self.directory / "clamd.log", "wb")  # noqa: SIM115 - closed in stop()
        env = {**os.environ, "PATH": f"{Path(CLAMD).parent}:{os.environ.get('PATH', '')}"}
        self.process = subprocess.Popen(
            [
                str(ROOT / "scripts" / "clamd-local"),
                str(self.directory),
                str(self.directory / "test-db"),
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env=env,
        )

    def wait_until_ready(self):
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if ClamdUnixSocket(self.socket, timeout=2).ping() == "PONG":
                    return self
            except ClamdError:
                time.sleep(0.2)
        self.stop()
        log = (self.directory / "clamd.log").read_text(errors="replace")[-2000:]
        _missing(f"clamd did not start: {log}")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.close()


def start_clamd(directory):
    if not clamd_available():
        _missing(f"needs ClamAV's clamd at {CLAMD} (apt-get install -y clamav-daemon)")
    return ClamdProcess(directory).wait_until_ready()


@pytest.fixture(scope="session")
def clamd_socket(tmp_path_factory):
    server = start_clamd(tmp_path_factory.mktemp("clamd"))
    yield server.socket
    server.stop()


@pytest.fixture
def clamd(clamd_socket, settings):
    """Scan uploads with the tests' clamd, refusing them when it cannot be reached."""
    settings.REGISTRY_CLAMD_ADDRESS = clamd_socket
    settings.REGISTRY_VIRUS_SCAN_DISABLED = False
    settings.REGISTRY_CLAMD_UNAVAILABLE = "refuse"
    return clamd_socket
