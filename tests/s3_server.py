"""moto's standalone S3-compatible server of the tests' own, over HTTP on a free port.

A real server speaking the S3 API (requests go through boto3 and the network, as in production),
not a mock of the client. Started once per test process; each test gets a bucket of its own.
"""

import os
import shutil
import sys
import uuid
from pathlib import Path

import boto3
from botocore.config import Config

from tests.server_process import ServerProcess

ACCESS_KEY = "registry-test"
SECRET_KEY = "registry-test-secret"
REGION = "us-east-1"


def moto_server_command():
    """Return the moto_server executable beside this Python, else on PATH, else None."""
    beside = Path(sys.executable).with_name("moto_server")
    if beside.exists():
        return str(beside)
    return shutil.which("moto_server")


class S3Server(ServerProcess):
    name = "moto_server"
    start_seconds = 30
    poll_seconds = 0.1

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
            config=Config(connect_timeout=1, retries={"max_attempts": 1}),
        )

    def command(self):
        command = moto_server_command()
        if command is None:
            raise RuntimeError("moto_server is not installed (pip install 'moto[server]')")
        return [command, "-H", "127.0.0.1", "-p", str(self.port)]

    def ready(self):
        try:
            self.client().list_buckets()
        except Exception:  # not listening yet
            return False
        return True

    def new_bucket(self):
        name = f"registry-{uuid.uuid4().hex[:16]}"
        self.client().create_bucket(Bucket=name)
        return name

    def keys(self, bucket):
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))

    def environment(self, bucket):
        """The REGISTRY_S3_* variables that point the registry at `bucket` on this server."""
        return {
            "REGISTRY_S3_BUCKET": bucket,
            "REGISTRY_S3_ENDPOINT_URL": self.endpoint,
            "REGISTRY_S3_REGION": REGION,
            "REGISTRY_S3_ACCESS_KEY_ID": ACCESS_KEY,
            "REGISTRY_S3_SECRET_ACCESS_KEY": SECRET_KEY,
        }

    def storages_setting(self, bucket, base):
        """STORAGES with the uploads in `bucket`, as base.py builds it from environment()."""
        from botocore.config import Config as S3Config

        return {
            **base,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": bucket,
                    "endpoint_url": self.endpoint,
                    "region_name": REGION,
                    "access_key": ACCESS_KEY,
                    "secret_key": SECRET_KEY,
                    "default_acl": None,
                    "file_overwrite": False,
                    "client_config": S3Config(
                        connect_timeout=1,
                        read_timeout=5,
                        retries={"max_attempts": 1},
                        s3={"addressing_style": "path"},
                    ),
                },
            },
        }


def started_or_reason():
    """Return (server, None) once started, or (None, why it could not start)."""
    if os.environ.get("REGISTRY_NO_S3_SERVER"):
        return None, "REGISTRY_NO_S3_SERVER is set"
    server = S3Server()
    try:
        server.start()
    except RuntimeError as exc:
        return None, str(exc)
    return server, None
