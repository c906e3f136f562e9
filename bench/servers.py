"""The processes `make bench` and the two-server tests start: gunicorn with
the site's own configuration (gunicorn.conf.py, 2 sync workers, as in
production), the bare baseline view under the same configuration, and nginx
from bench/nginx.conf. Each runs as a child process, logs into a folder of its
own, and is stopped by its process id."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WORKERS = 2  # the README's production section, on this 2-core machine


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Ports:
    """Free ports, or consecutive ones from `base` (BENCH_PORT_BASE) where a
    machine's ports are shared out between people."""

    def __init__(self, base: int | None = None):
        self.next = base

    def take(self) -> int:
        if self.next is None:
            return free_port()
        port, self.next = self.next, self.next + 1
        return port


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def gunicorn(
    name: str, app: str, *, port: int, env: dict, logs: Path, probe: str = "/"
) -> Server:
    """`app` under gunicorn, started from the project folder so it reads
    gunicorn.conf.py (the log redaction), with the access log on as in
    production; returns once `probe` answers."""
    log = logs / f"{name}.log"
    command = [
        str(BIN / "gunicorn"),
        app,
        "--config=gunicorn.conf.py",
        f"--workers={WORKERS}",
        f"--bind=127.0.0.1:{port}",
        "--access-logfile=-",
    ]
    with open(log, "ab") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    server = Server(name, port, process, log)
    wait_until_up(server, probe)
    return server


def nginx(*, prefix: Path, site_port: int, static_port: int, proxy_port: int):
    """nginx in the foreground, configured from bench/nginx.conf."""
    for folder in ["static", "cache", "client_body", "proxy_temp"]:
        (prefix / folder).mkdir(parents=True, exist_ok=True)
    _let_workers_in(prefix)
    conf = (ROOT / "bench" / "nginx.conf").read_text()
    for name, value in {
        "PREFIX": prefix,
        "SITE_PORT": site_port,
        "STATIC_PORT": static_port,
        "PROXY_PORT": proxy_port,
    }.items():
        conf = conf.replace(f"@@{name}@@", str(value))
    (prefix / "nginx.conf").write_text(conf)
    log = prefix / "nginx.out"
    with open(log, "ab") as out:
        process = subprocess.Popen(
            ["nginx", "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server("nginx", static_port, process, log)
    wait_until_up(server, "/", any_answer=True)
    return server


def _let_workers_in(prefix: Path) -> None:
    """nginx started by root runs its workers as `nobody`: they must read the
    static copy and write the cache and temp folders."""
    if os.geteuid() != 0:
        return
    for path in [prefix.parent, prefix, *prefix.iterdir()]:
        path.chmod(0o777 if path.is_dir() and path != prefix.parent else 0o755)


def wait_until_up(server: Server, probe: str, *, any_answer=False, timeout=90.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited: see {server.log}")
        try:
            request = urllib.request.Request(
                server.url + probe, headers={"X-Forwarded-Proto": "https"}
            )
            with urllib.request.urlopen(request, timeout=5):
                return
        except urllib.error.HTTPError:
            if any_answer:  # nginx: an empty root answers 403
                return
        except OSError:
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"{server.name} did not answer {probe}: see {server.log}")
