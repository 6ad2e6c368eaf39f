"""Two app nodes behind nginx on loopback, as a deployment past one machine runs them.

    sh scripts/with-postgres.sh .venv/bin/python scripts/two_nodes.py [--minutes 30]

starts, all on 127.0.0.1 and all in one temporary folder removed afterwards:
- Redis (Debian's redis-server): the shared cache;
- an S3-compatible object store (moto's server mode): the shared files, public and private;
- two gunicorn instances ("node A" and "node B", 2 workers each), each with a data folder of its
  own, so that nothing can quietly rely on one machine's disk;
- nginx (Debian's package) terminating TLS with a throwaway self-signed certificate: one port
  balancing over both nodes, and one port per node to reach a given node;
- optionally a task-queue worker (`gongkai db_worker`) on a chosen node.
The database is DATABASE_URL's (PostgreSQL; the throwaway cluster of scripts/with-postgres.sh).
tests/test_two_nodes.py and bench/bench_nodes.py drive it through the `Cluster` class.
"""

import argparse
import os
import secrets
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
NODES = ("A", "B")
START_TIMEOUT = 120  # seconds for every service to answer (a loaded CI machine starts Django slowly)


class ClusterError(Exception):
    """A service of the cluster that did not start; the message says which and why."""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _need(program, package):
    path = shutil.which(program) or (f"/usr/sbin/{program}" if os.path.exists(f"/usr/sbin/{program}") else None)
    if not path:
        raise ClusterError(f"{program} not found: install Debian's {package} (scripts/system-deps.sh does)")
    return path


def _venv_bin(name):
    return str(Path(sys.executable).parent / name)


NGINX_CONF = """
{user}
worker_processes 1;
daemon off;
pid {dir}/nginx.pid;
error_log {dir}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {dir}/nginx-body;
    proxy_temp_path {dir}/nginx-proxy;
    fastcgi_temp_path {dir}/nginx-fastcgi;
    uwsgi_temp_path {dir}/nginx-uwsgi;
    scgi_temp_path {dir}/nginx-scgi;
    client_max_body_size 25m;
    ssl_certificate {dir}/tls.crt;
    ssl_certificate_key {dir}/tls.key;
    upstream both {{ {both} keepalive 32; }}
{single}
{servers}
}}
"""

NGINX_SERVER = """
    server {{
        listen 127.0.0.1:{port} ssl;
        location /media/ {{ return 404; }}  # every file goes through the application's permission checks
        location / {{
            proxy_pass http://{upstream};
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto https;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
"""


class Cluster:
    """Start with `with Cluster(database_url) as c:`; c.url is the balanced address, c.node_url["A"]
    and c.node_url["B"] reach one node. Everything stops and is removed on leaving."""

    def __init__(self, database_url, *, workers=2, worker_node=None, env=None, python=None, log=sys.stderr):
        self.database_url = database_url
        self.workers = workers
        self.worker_node = worker_node  # "A" or "B": runs `gongkai db_worker` there
        self.extra_env = env or {}
        self.python = python or [sys.executable]  # tests start nodes on the test's clock
        self.log = log
        self.processes = []
        self.dir = None

    # ---- life cycle ----

    def __enter__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="gongkai-nodes."))
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def _start(self):
        from cryptography.fernet import Fernet

        self.secret_key = secrets.token_urlsafe(40)
        self.field_key, self.hash_key = Fernet.generate_key().decode(), secrets.token_urlsafe(40)
        self.redis_port, self.s3_port, self.port = free_port(), free_port(), free_port()
        self.node_port = {name: free_port() for name in NODES}
        self.node_url = {name: f"https://127.0.0.1:{free_port()}" for name in NODES}
        self.url = f"https://127.0.0.1:{self.port}"
        self.bucket = "gongkai"
        self._spawn(
            "redis",
            [
                _need("redis-server", "redis-server"),
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.redis_port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
        )
        self._spawn("s3", [_venv_bin("moto_server"), "-H", "127.0.0.1", "-p", str(self.s3_port)])
        self._wait_http(f"http://127.0.0.1:{self.s3_port}/", "the S3-compatible server (moto)")
        self._make_bucket()
        for name in NODES:
            self._spawn(
                f"node-{name}",
                [
                    *self.python,
                    "-m",
                    "gunicorn",
                    "gongkai.wsgi",
                    "--bind",
                    f"127.0.0.1:{self.node_port[name]}",
                    "--workers",
                    str(self.workers),
                    "--timeout",
                    "60",
                    "--graceful-timeout",
                    "5",
                ],
                env=self.env(name),
            )
        self._start_nginx()
        for name in NODES:
            self._wait_http(self.node_url[name] + "/", f"node {name} through nginx")
        if self.worker_node:
            self._spawn(f"worker-{self.worker_node}", self.manage_argv("db_worker"), env=self.env(self.worker_node))

    def stop(self):
        for _name, process, _out in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        for _name, process, out in reversed(self.processes):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            out.close()
        self.processes = []
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    # ---- the nodes' settings ----

    def env(self, node):
        """The environment of a process on `node`: what a node's systemd unit would set."""
        data = self.dir / f"node-{node}"
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "SECRET_KEY": self.secret_key,
            "FIELD_ENCRYPTION_KEYS": self.field_key,
            "FIELD_HASH_KEY": self.hash_key,
            "DEBUG": "False",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_ROOT": self.url,
            "DATA_DIR": str(data),
            "MEDIA_ROOT": str(data / "media"),
            "PRIVATE_MEDIA_ROOT": str(data / "private"),
            "GONGKAI_OCR_CACHE": str(data / "ocr-cache"),
            "CACHE_BACKEND": "django.core.cache.backends.redis.RedisCache",
            "CACHE_LOCATION": f"redis://127.0.0.1:{self.redis_port}/0",
            "S3_BUCKET": self.bucket,
            "S3_ENDPOINT_URL": f"http://127.0.0.1:{self.s3_port}",
            "S3_ACCESS_KEY_ID": "gongkai",
            "S3_SECRET_ACCESS_KEY": "gongkai-secret",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(data / "mail"),
            "PYTHONPATH": str(BASE_DIR),
            **self.extra_env,
        }
        return env

    def manage_argv(self, *args):
        return [*self.python, str(BASE_DIR / "manage.py"), *args]

    def manage(self, node, *args, timeout=120):
        """Run `gongkai ARGS…` as a process on `node` (a cron job there); its CompletedProcess."""
        return subprocess.run(
            self.manage_argv(*args), env=self.env(node), cwd=BASE_DIR, capture_output=True, text=True, timeout=timeout
        )

    def manage_at_once(self, args, timeout=120):
        """Run the same command on every node at the same moment; their CompletedProcesses."""
        running = [
            subprocess.Popen(
                self.manage_argv(*args),
                env=self.env(name),
                cwd=BASE_DIR,
                text=True,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for name in NODES
        ]
        results = []
        for process in running:
            out, err = process.communicate(timeout=timeout)
            results.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
        return results

    def mail_dir(self, node):
        return self.dir / f"node-{node}" / "mail"

    def s3_client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=f"http://127.0.0.1:{self.s3_port}",
            region_name="us-east-1",
            aws_access_key_id="gongkai",
            aws_secret_access_key="gongkai-secret",
        )

    # ---- helpers ----

    def _spawn(self, name, argv, env=None):
        out = open(self.dir / f"{name}.log", "wb")
        process = subprocess.Popen(argv, env=env, cwd=BASE_DIR, stdout=out, stderr=subprocess.STDOUT)
        self.processes.append((name, process, out))
        return process

    def log_of(self, name):
        path = self.dir / f"{name}.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def _make_bucket(self):
        self.s3_client().create_bucket(Bucket=self.bucket)

    def _start_nginx(self):
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=127.0.0.1",
                "-keyout",
                str(self.dir / "tls.key"),
                "-out",
                str(self.dir / "tls.crt"),
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )
        both = " ".join(f"server 127.0.0.1:{self.node_port[n]};" for n in NODES)
        single = "\n".join(
            f"    upstream node{n} {{ server 127.0.0.1:{self.node_port[n]}; keepalive 16; }}" for n in NODES
        )
        servers = NGINX_SERVER.format(port=self.port, upstream="both") + "".join(
            NGINX_SERVER.format(port=self.node_url[n].rsplit(":", 1)[1], upstream=f"node{n}") for n in NODES
        )
        conf = self.dir / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(
                user="user root;" if os.geteuid() == 0 else "", dir=self.dir, both=both, single=single, servers=servers
            )
        )
        self._spawn("nginx", [_need("nginx", "nginx"), "-c", str(conf), "-p", str(self.dir)])

    def _wait_http(self, url, what):
        context = ssl._create_unverified_context()  # our own throwaway certificate
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            for name, process, _out in self.processes:
                if process.poll() is not None:
                    raise ClusterError(f"{name} exited ({process.returncode}):\n{self.log_of(name)}")
            try:
                urllib.request.urlopen(url, timeout=5, context=context).close()
                return
            except urllib.error.HTTPError:
                return  # it answered
            except OSError:
                time.sleep(0.2)
        raise ClusterError(f"{what} did not answer {url} within {START_TIMEOUT} s")


def ensure_database(database_url):
    """Create DATABASE_URL's database if it is missing (a fresh throwaway cluster has none)."""
    import dj_database_url
    import psycopg

    db = dj_database_url.parse(database_url)
    params = {
        "dbname": "postgres",
        "user": db["USER"],
        "host": db["HOST"],
        "port": db["PORT"] or None,
        "password": db["PASSWORD"] or None,
    }
    with psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone():
            conn.execute(f'CREATE DATABASE "{db["NAME"]}"')


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=30, help="stop after this long (default 30)")
    parser.add_argument("--worker", choices=NODES, default="B", help="the node that runs the task-queue worker")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("two nodes share one PostgreSQL: run under scripts/with-postgres.sh or set DATABASE_URL")
    ensure_database(database_url)
    subprocess.run([sys.executable, str(BASE_DIR / "manage.py"), "migrate", "--noinput"], check=True, cwd=BASE_DIR)
    with Cluster(database_url, worker_node=args.worker) as cluster:
        print(f"balanced: {cluster.url}  node A: {cluster.node_url['A']}  node B: {cluster.node_url['B']}", flush=True)
        print(f"(self-signed certificate; files in {cluster.dir}; Ctrl-C stops)", flush=True)
        try:
            time.sleep(args.minutes * 60)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
