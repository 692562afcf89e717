"""The process of a server that a test starts of its own, on a free port, and may stop again."""

import subprocess
import time
from abc import ABC, abstractmethod

from tests.ports import free_port


class ServerProcess(ABC):
    """Start with `start()`, stop with `stop()`. A subclass gives the `command()` that runs the
    server on `self.port`, and `ready()`, true once it answers."""

    name = "server"
    start_seconds = 10
    poll_seconds = 0.05

    def __init__(self):
        self.port = free_port()
        self.process = None

    @abstractmethod
    def command(self):
        """The server's command line (a list), listening on `self.port`."""

    @abstractmethod
    def ready(self):
        """True once the server answers."""

    def start(self):
        self.process = subprocess.Popen(
            self.command(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + self.start_seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited at start")
            if self.ready():
                return
            time.sleep(self.poll_seconds)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer within {self.start_seconds} s")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None
