"""A redis-server of the test's own on a free port, that the test may stop and start again.

The shared Redis is never stopped; a test about Redis going down stops this one instead.
"""

import redis

from tests.server_process import ServerProcess


class RedisServer(ServerProcess):
    """Start with `start()`, stop with `stop()`; `url` reaches it, `keys()` lists what it holds."""

    name = "redis-server"

    def __init__(self, directory):
        super().__init__()
        self.dir = directory

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self):
        return redis.Redis.from_url(self.url, socket_connect_timeout=1)

    def command(self):
        # Nothing is saved to disk, so a restarted server comes back empty.
        return [
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
        ]

    def ready(self):
        try:
            return self.client().ping()
        except redis.exceptions.ConnectionError:
            return False

    def keys(self):
        return self.client().keys("*")
