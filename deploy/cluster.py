"""A multi-host deployment of the registry on this machine's loopback, for deploy/rehearse and
deploy/loadtest: nginx in front of two gunicorn web hosts (each in its own working folder, no
shared disk), two Celery workers, one beat, a scratch PostgreSQL database, a redis-server and
moto's S3-compatible server of its own, and an SMTP sink that records every delivery.

Nothing here touches the machine's own services: nginx runs as a foreground process with its
own prefix and configuration, Redis and moto on their own ports, PostgreSQL in a database of
the cluster's own (dropped and made anew at each start).
"""

import asyncio
import email
import hashlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
BIN = Path(PY).parent

NGINX_CONF = """
worker_processes 2;
daemon off;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log {dir}/access.log;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    client_max_body_size 260m;
    upstream web {{
        server 127.0.0.1:{web_a} max_fails=1 fail_timeout=30s;
        server 127.0.0.1:{web_b} max_fails=1 fail_timeout=30s;
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://web;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Request-ID $request_id;
            # A host that dies or refuses: the request goes to the other one, when that is safe
            # (nginx never replays a POST that reached a host).
            proxy_next_upstream error timeout http_502 http_503;
            proxy_next_upstream_tries 2;
            proxy_connect_timeout 2s;
            proxy_read_timeout 120s;
        }}
    }}
}}
"""


def wait_until(condition, timeout, what, step=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except Exception:  # not up yet
            pass
        time.sleep(step)
    raise RuntimeError(f"{what} did not start within {timeout} s")


def listening(port):
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class SmtpSink:
    """An SMTP server that records each delivered message's registry email id (X-Registry-Email).

    With `hold_next` set, the next RCPT waits for `release` (a sender killed meanwhile delivers
    nothing); `held_peer` is then the sender's (host, port).
    """

    def __init__(self, port):
        from aiosmtpd.controller import Controller

        self.delivered = []
        self.hold_next = False
        self.held = threading.Event()
        self.release = threading.Event()
        self.held_peer = None
        self.controller = Controller(self, hostname="127.0.0.1", port=port)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.hold_next and not self.held.is_set():
            self.held_peer = session.peer
            self.held.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 60)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        self.delivered.append(int(message["X-Registry-Email"]))
        return "250 OK"


def pid_of_socket(local_port, candidates):
    """Return the pid among `candidates` that owns the TCP socket bound to `local_port`."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == local_port:
                inodes.add(fields[9])
    for pid in candidates:
        try:
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                link = os.readlink(fd)
                if link.startswith("socket:[") and link[8:-1] in inodes:
                    return pid
        except OSError:
            continue
    return None


def children(pid):
    """The pid and its descendants (from /proc)."""
    found = [pid]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.extend(children(int(entry.name)))
    return found


def add_cluster_arguments(parser, *, env_prefix, base_port, database):
    """Add the options of a `Cluster` to `parser`: --base-port, --database-url (their defaults
    may be set in <env_prefix>_PORT and <env_prefix>_DATABASE_URL) and --keep."""
    parser.add_argument(
        "--base-port", type=int, default=int(os.environ.get(f"{env_prefix}_PORT", base_port))
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            f"{env_prefix}_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{database}"
        ),
    )
    parser.add_argument("--keep", action="store_true", help="keep the working folder and logs")


class Cluster:
    """Start with `start()`, stop everything with `stop()`. Ports: base (nginx) .. base+6."""

    @classmethod
    def from_options(cls, options, **kwargs):
        """The cluster of the options that `add_cluster_arguments` added."""
        return cls(
            base_port=options.base_port,
            database_url=options.database_url,
            keep=options.keep,
            **kwargs,
        )

    def __init__(
        self, *, base_port, database_url, keep=False, settings_module="registry.settings.production"
    ):
        self.dir = Path(tempfile.mkdtemp(prefix="registry-rehearsal-"))
        os.chmod(self.dir, 0o755)  # nginx's workers (user nobody) read their temp folders
        self.keep = keep
        self.settings_module = settings_module
        self.port = base_port
        self.web = {"A": base_port + 1, "B": base_port + 2}
        self.s3_port = base_port + 3
        self.redis_port = base_port + 4
        self.smtp_port = base_port + 5
        self.database_url = database_url
        self.bucket = "registry-rehearsal"
        self.processes = {}
        self.smtp = None

    # --- environment ---------------------------------------------------------------------
    def env(self, **extra):
        return {
            "PATH": f"{BIN}:{os.environ.get('PATH', '')}",
            "PYTHONPATH": str(ROOT),
            "LANG": "C.UTF-8",
            "DJANGO_SETTINGS_MODULE": self.settings_module,
            "DJANGO_SECRET_KEY": "rehearsal-" + "k" * 60,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "REDIS_CACHE_URL": f"redis://127.0.0.1:{self.redis_port}/1",
            "EMAIL_URL": f"smtp://127.0.0.1:{self.smtp_port}",
            "EMAIL_TIMEOUT": "60",
            "REGISTRY_VIRUS_SCAN_DISABLED": "true",
            "REGISTRY_S3_BUCKET": self.bucket,
            "REGISTRY_S3_ENDPOINT_URL": f"http://127.0.0.1:{self.s3_port}",
            "REGISTRY_S3_REGION": "us-east-1",
            "REGISTRY_S3_ACCESS_KEY_ID": "rehearsal",
            "REGISTRY_S3_SECRET_ACCESS_KEY": "rehearsal-secret",
            "REGISTRY_LOG_FORMAT": "json",
            "ALLAUTH_TRUSTED_PROXY_COUNT": "1",
            "REGISTRY_DEADLINE_SCAN_MINUTES": "1",
            "REGISTRY_EMAIL_LEASE_SECONDS": "5",
            "REGISTRY_EMAIL_RESUME_AFTER_SECONDS": "5",
            "REGISTRY_HEALTHZ_TOKEN": "rehearsal",
            **extra,
        }

    def manage(self, *args, cwd=None, **extra):
        return subprocess.run(
            [PY, str(ROOT / "manage.py"), *args],
            cwd=cwd or self.dir,
            env=self.env(**extra),
            check=True,
            capture_output=True,
            text=True,
        )

    def spawn(self, name, command, cwd, env=None):
        cwd.mkdir(parents=True, exist_ok=True)
        log = open(self.dir / f"{name}.log", "ab")
        self.processes[name] = subprocess.Popen(
            command,
            cwd=cwd,
            env=env or self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self.processes[name]

    def kill(self, name, sig=signal.SIGKILL):
        process = self.processes.get(name)
        if process is not None and process.poll() is None:
            os.killpg(process.pid, sig)
            process.wait(30)

    # --- the pieces ----------------------------------------------------------------------
    def _database(self):
        import psycopg

        parts = urlsplit(self.database_url)
        name = parts.path.lstrip("/")
        if not re.fullmatch(r"[a-z0-9_]+", name) or "rehears" not in name:
            raise RuntimeError(f"refusing to recreate {name!r}: not a rehearsal database")
        admin = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')

    def start(self, *, seed=("seed_demo",), log=print):
        for port in [self.port, *self.web.values(), self.s3_port, self.redis_port, self.smtp_port]:
            if listening(port):
                raise RuntimeError(f"port {port} is taken: is another rehearsal running?")
        log(f"working folder {self.dir}")
        self.spawn(
            "redis",
            [
                "redis-server",
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            self.dir / "redis",
        )
        self.spawn(
            "s3",
            [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(self.s3_port)],
            self.dir / "s3",
        )
        self.smtp = SmtpSink(self.smtp_port)
        self.smtp.controller.start()
        wait_until(lambda: listening(self.redis_port), 20, "redis-server")
        wait_until(lambda: listening(self.s3_port), 30, "moto_server")
        import boto3

        boto3.client(
            "s3",
            endpoint_url=f"http://127.0.0.1:{self.s3_port}",
            region_name="us-east-1",
            aws_access_key_id="rehearsal",
            aws_secret_access_key="rehearsal-secret",
        ).create_bucket(Bucket=self.bucket)
        self._database()
        log("migrating a scratch database and loading the data")
        self.manage("migrate", "--noinput")
        for command in seed:
            if command.startswith("python:"):
                subprocess.run(
                    [PY, "-c", command.removeprefix("python:")],
                    cwd=self.dir,
                    env=self.env(),
                    check=True,
                    capture_output=True,
                    text=True,
                )
            else:
                self.manage(*command.split())
        self._collect_static()
        for host in self.web:
            self.start_web(host)
        for n in (1, 2):
            folder = self.dir / f"worker{n}"
            self.spawn(
                f"worker{n}",
                [
                    PY,
                    "-m",
                    "celery",
                    "-A",
                    "registry",
                    "worker",
                    "-n",
                    f"worker{n}@rehearsal",
                    "-c",
                    "2",
                    "-l",
                    "INFO",
                    "--without-gossip",
                    "--without-mingle",
                ],
                folder,
                env=self.env(REGISTRY_MEDIA_ROOT=str(folder / "media")),
            )
        self.start_beat("beat")
        nginx = self.dir / "nginx"
        nginx.mkdir()
        conf = nginx / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(dir=nginx, port=self.port, web_a=self.web["A"], web_b=self.web["B"])
        )
        self.spawn(
            "nginx",
            [
                shutil.which("nginx") or "/usr/sbin/nginx",
                "-p",
                str(nginx),
                "-c",
                str(conf),
                "-e",
                str(nginx / "error.log"),
            ],
            nginx,
        )
        for port in [*self.web.values(), self.port]:
            wait_until(lambda p=port: listening(p), 60, f"the server on port {port}")

    def _collect_static(self):
        """Collect the static files once per version of them (compressing them takes a minute),
        kept in var/rehearsal-static/<digest>; each web host gets its own copy."""
        digest = hashlib.sha256()
        for path in sorted((ROOT / "static").rglob("*")):
            if path.is_file():
                digest.update(f"{path.relative_to(ROOT)}:{path.stat().st_size}".encode())
                digest.update(path.read_bytes())
        digest.update((ROOT / "requirements.txt").read_bytes())
        cached = ROOT / "var" / "rehearsal-static" / digest.hexdigest()[:16]
        if not (cached / "staticfiles.json").exists():
            shutil.rmtree(cached, ignore_errors=True)
            self.manage("collectstatic", "--noinput", DJANGO_STATIC_ROOT=str(cached))
        shutil.copytree(cached, self.dir / "static")

    def start_web(self, host):
        """A web host: gunicorn in a working folder of its own with its own static copy."""
        folder = self.dir / f"web{host}"
        static = folder / "static"
        if not static.exists():
            shutil.copytree(self.dir / "static", static)
        self.spawn(
            f"web{host}",
            [
                str(BIN / "gunicorn"),
                "registry.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.web[host]}",
                "--workers",
                "2",
                "--threads",
                "2",
                "--preload",
                "--graceful-timeout",
                "5",
                "--max-requests",
                "2000",
                "--max-requests-jitter",
                "200",
                # gunicorn's control socket defaults to one path in $HOME: one per host instead.
                "--control-socket",
                str(folder / "gunicorn.ctl"),
            ],
            folder,
            env=self.env(DJANGO_STATIC_ROOT=str(static), REGISTRY_MEDIA_ROOT=str(folder / "media")),
        )

    def start_beat(self, name):
        folder = self.dir / name
        return self.spawn(
            name,
            [
                PY,
                "-m",
                "celery",
                "-A",
                "registry",
                "beat",
                "-l",
                "INFO",
                "-s",
                str(folder / "schedule"),
            ],
            folder,
        )

    def worker_pids(self):
        pids = {}
        for name in ("worker1", "worker2"):
            process = self.processes.get(name)
            if process is not None and process.poll() is None:
                pids[name] = children(process.pid)
        return pids

    def url(self, host=None):
        port = self.port if host is None else self.web[host]
        return f"http://127.0.0.1:{port}"

    def stop(self):
        for name in reversed(list(self.processes)):
            try:
                self.kill(name, signal.SIGTERM)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                self.kill(name)
        if self.smtp is not None:
            self.smtp.release.set()
            self.smtp.controller.stop()
        if not self.keep:
            shutil.rmtree(self.dir, ignore_errors=True)


def new_id():
    return uuid.uuid4().hex
