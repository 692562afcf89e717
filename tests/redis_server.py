"""A redis-server of the test's own on a free port, that the test may stop and start again.

The shared Redis is never stopped; a test about Redis going down stops this one instead.
"""

import subprocess
import time

import redis

from tests.ports import free_port


class RedisServer:
    """Start with `start()`, stop with `stop()`; `url` reaches it, `keys()` lists what it holds."""

    def __init__(self, directory):
        self.port = free_port()
        self.dir = directory
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self):
        return redis.Redis.from_url(self.url, socket_connect_timeout=1)

    def start(self):
        # Nothing is saved to disk, so a restarted server comes back empty.
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if self.client().ping():
                    return
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def keys(self):
        return self.client().keys("*")
