"""The project's own Neo4j 5.26 Community server: fetch its jars, start, report and stop it.

The server runs from jars copied out of Maven Central (no Neo4j install needed) with its
configuration, data and logs under ``$KG_HOME/neo4j/``. It listens on 127.0.0.1 only and is
hardened the way Neo4j's security guide says, because any web page open in a browser on this
machine can send requests to 127.0.0.1: authentication is on (the ``neo4j`` user's password is
generated once and kept 0600 in ``$KG_HOME/neo4j/password``, see :mod:`kg.store.credentials`),
``LOAD CSV`` cannot read local files, the import folder is empty and the HTTP API answers
cross-origin requests only from the server's own Browser page.

A pid file (JSON: pid and ports) marks a running server. Before signalling a process, the
manager checks ``/proc/PID/cmdline``: it must be java started with this working folder's
``--config-dir``, so a reused pid or someone else's Neo4j is never touched.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from importlib.resources import files
from pathlib import Path

from kg.store import credentials

NEO4J_VERSION = "5.26.30"
MAIN_CLASS = "org.neo4j.server.CommunityEntryPoint"
MIN_JAVA = 17
DEFAULT_BOLT_PORT = 7687
DEFAULT_HTTP_PORT = 7474
BOLT_PORT_ENV = "KG_NEO4J_BOLT_PORT"
HTTP_PORT_ENV = "KG_NEO4J_HTTP_PORT"
HEAP_INITIAL = "256m"
HEAP_MAX = "2g"
PAGE_CACHE = "128m"
LOG_TAIL_LINES = 30
_FETCH_MARKER = ".complete"
Progress = Callable[[str], None]
_JVM_OPTIONS = (
    # Neo4j's launcher picks G1 (short pauses on big heaps); on this small heap and two cores
    # the parallel collector's cheaper write barriers load ~8% faster for ~10% less server CPU
    # (A/B, three servers each, bench/load_speed.py's data).
    "-XX:+UseParallelGC",
    "-XX:-OmitStackTraceInFastThrow",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
)


class Neo4jServerError(RuntimeError):
    """Base class: the project's Neo4j server could not be fetched, started or stopped."""


class JavaError(Neo4jServerError):
    """Java or Maven is missing, or Java is older than 17."""


class FetchError(Neo4jServerError):
    """Maven could not copy the Neo4j jars."""


class PortInUse(Neo4jServerError):
    """A port the server needs is already taken."""

    def __init__(self, port: int, role: str) -> None:
        super().__init__(
            f"port {port} ({role}) on 127.0.0.1 is already in use. Stop what uses it or pick "
            f"another port (--{role.lower()}-port or {_port_env(role)})."
        )
        self.port = port


class StartFailed(Neo4jServerError):
    """The server process died or did not answer on Bolt in time."""

    def __init__(self, message: str, log_file: Path) -> None:
        tail = log_tail(log_file)
        super().__init__(f"{message}\nLast lines of {log_file}:\n{tail or '(log is empty)'}")
        self.log_file = log_file
        self.log_tail = tail


class NotOurProcess(Neo4jServerError):
    """The pid file names a process this working folder did not start."""


class WrongPassword(Neo4jServerError):
    """The server's data folder has another password than the one kg stored for it."""


def _port_env(role: str) -> str:
    return BOLT_PORT_ENV if role == "Bolt" else HTTP_PORT_ENV


def kg_home() -> Path:
    """The working folder: ``$KG_HOME`` or ``.kg`` under the current directory.

    Raises NotADirectoryError, with what to do, when that path is a file.
    """
    home = Path(os.environ.get("KG_HOME") or ".kg").expanduser().resolve()
    if home.exists() and not home.is_dir():
        raise NotADirectoryError(f"the working folder {home} (KG_HOME) is a file, not a folder; "
                                 "point KG_HOME at a folder (it is created when missing)")
    return home


def kg_cache() -> Path:
    """The download cache: ``$KG_CACHE`` or ``~/.cache/kg``."""
    return Path(os.environ.get("KG_CACHE") or "~/.cache/kg").expanduser().resolve()


@dataclass(frozen=True)
class ServerPaths:
    """Where one working folder keeps its Neo4j configuration, data, logs and pid file."""

    home: Path

    @classmethod
    def for_home(cls, kg_home_dir: Path | None = None) -> ServerPaths:
        return cls((kg_home_dir or kg_home()).resolve() / "neo4j")

    @property
    def conf_dir(self) -> Path:
        return self.home / "conf"

    @property
    def conf_file(self) -> Path:
        return self.conf_dir / "neo4j.conf"

    @property
    def data_dir(self) -> Path:
        return self.home / "data"

    @property
    def logs_dir(self) -> Path:
        return self.home / "logs"

    @property
    def console_log(self) -> Path:
        return self.logs_dir / "console.log"

    @property
    def import_dir(self) -> Path:
        return self.home / "import"

    @property
    def password_file(self) -> Path:
        return self.home / "password"

    @property
    def pid_file(self) -> Path:
        return self.home / "neo4j.pid"

    @property
    def start_lock(self) -> Path:
        return self.home / "neo4j.pid.lock"


@dataclass(frozen=True)
class ServerInfo:
    """A running project server, as recorded in its pid file."""

    pid: int
    bolt_port: int
    http_port: int
    home: str
    secured: bool = False  # pid files of servers started by kg before authentication lack it

    @property
    def paths(self) -> ServerPaths:
        return ServerPaths(Path(self.home))

    @property
    def bolt_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def browser_url(self) -> str:
        """The Browser, its connection form filled in with the server and user name."""
        return (f"http://127.0.0.1:{self.http_port}/browser/"
                f"?dbms=bolt://{credentials.USERNAME}@127.0.0.1:{self.bolt_port}")


@dataclass(frozen=True)
class StartResult:
    info: ServerInfo
    already_running: bool
    seconds: float = 0.0


@dataclass(frozen=True)
class StopResult:
    pid: int
    killed: bool  # True when SIGTERM was not enough and SIGKILL was sent


# --- jars -------------------------------------------------------------------------------

def jar_dir() -> Path:
    """Folder holding the Neo4j server jars (filled by :func:`fetch`)."""
    return kg_cache() / f"neo4j-{NEO4J_VERSION}" / "lib"


def jars_fetched() -> bool:
    return (jar_dir() / _FETCH_MARKER).is_file()


def java_executable() -> str:
    """Path of ``java`` (``$JAVA_HOME/bin/java`` first); JavaError when missing or < 17."""
    java_home = os.environ.get("JAVA_HOME")
    java = str(Path(java_home) / "bin" / "java") if java_home else shutil.which("java")
    if not java or not Path(java).is_file():
        raise JavaError(f"Java {MIN_JAVA}+ is needed to run Neo4j but `java` was not found. "
                        "Install it (Debian: apt-get install openjdk-17-jre-headless).")
    out = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if not match:
        raise JavaError(f"could not read the Java version from `{java} -version`: "
                        f"{(out.stderr or out.stdout).strip()}")
    major = int(match.group(1))
    if major == 1 and match.group(2):  # "1.8.0" style
        major = int(match.group(2))
    if major < MIN_JAVA:
        raise JavaError(f"Neo4j {NEO4J_VERSION} needs Java {MIN_JAVA}+, but {java} is Java "
                        f"{major}. Install openjdk-17 or set JAVA_HOME to a newer JDK.")
    return java


def fetch(*, force: bool = False, progress: Progress | None = None) -> Path:
    """Copy the Neo4j server and Browser jars from Maven Central into the cache, once.

    A marker file is written only after Maven succeeded, so an interrupted copy is redone.
    Returns the jar folder.
    """
    lib = jar_dir()
    if jars_fetched() and not force:
        return lib
    if progress:
        progress(f"Fetching the Neo4j {NEO4J_VERSION} jars from Maven Central into {lib} "
                 "(once)...")
    java_executable()
    mvn = shutil.which("mvn")
    if not mvn:
        raise JavaError("Maven (`mvn`) is needed once to fetch the Neo4j jars from Maven "
                        "Central but was not found. Install it (Debian: apt-get install maven).")
    lib.parent.mkdir(parents=True, exist_ok=True)
    with (lib.parent / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another kg process may be fetching right now
        if jars_fetched() and not force:
            return lib
        return _copy_jars(mvn, lib)


def _copy_jars(mvn: str, lib: Path) -> Path:
    if lib.exists():
        shutil.rmtree(lib)
    lib.mkdir(parents=True)
    pom = lib.parent / "pom.xml"
    pom.write_bytes(files("kg.store").joinpath("neo4j_pom.xml").read_bytes())
    cmd = [mvn, "-q", "-B", "-ntp", "-f", str(pom), "dependency:copy-dependencies",
           f"-DoutputDirectory={lib}", "-DincludeScope=runtime",
           f"-Dneo4j.version={NEO4J_VERSION}"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=lib.parent)
    jars = list(lib.glob("*.jar"))
    if out.returncode != 0 or not any(j.name == f"neo4j-{NEO4J_VERSION}.jar" for j in jars):
        tail = "\n".join((out.stdout + out.stderr).strip().splitlines()[-LOG_TAIL_LINES:])
        raise FetchError(f"Maven could not copy the Neo4j {NEO4J_VERSION} jars into {lib} "
                         f"(exit {out.returncode}). Is Maven Central reachable?\n{tail}")
    (lib / _FETCH_MARKER).write_text(f"{len(jars)} jars\n")
    return lib


# --- process bookkeeping ------------------------------------------------------------------

def _cmdline(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    return [arg.decode(errors="replace") for arg in raw.split(b"\0") if arg]


def pid_alive(pid: int) -> bool:
    """True while the process exists and is not a zombie (reaping it when it is our child)."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def _is_our_server(pid: int, paths: ServerPaths) -> bool:
    args = _cmdline(pid)
    return bool(args) and Path(args[0]).name.startswith("java") and \
        f"--config-dir={paths.conf_dir}" in args


def _parse_pid_file(text: str) -> ServerInfo:
    """The pid file's record; ValueError saying what is wrong with it."""
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    numbers = {"pid": (2, 2**22), "bolt_port": (1, 65535), "http_port": (1, 65535)}
    for key, (low, high) in numbers.items():
        value = data.get(key)
        if type(value) is not int or not low <= value <= high:
            raise ValueError(f"{key} is {value!r}")
    if not isinstance(data.get("home"), str) or type(data.get("secured", False)) is not bool:
        raise ValueError("home or secured is missing or mistyped")
    return ServerInfo(**{k: data[k] for k in ("pid", "bolt_port", "http_port", "home",
                                              "secured") if k in data})


def _read_pid_file(paths: ServerPaths, note: Progress | None) -> ServerInfo | None:
    """The recorded server; a pid file that cannot be read is removed as stale, with a note."""
    try:
        return _parse_pid_file(paths.pid_file.read_text())
    except FileNotFoundError:
        return None
    except ValueError as exc:  # json.JSONDecodeError and UnicodeDecodeError included
        paths.pid_file.unlink(missing_ok=True)
        if note:
            note(f"Note: removed the unreadable pid file {paths.pid_file} ({exc}); treating "
                 "the server as not running.")
        return None


def _write_pid_file(paths: ServerPaths, info: ServerInfo) -> None:
    """Write the pid file whole or not at all, so a reader never sees half of it."""
    partial = paths.pid_file.with_name(paths.pid_file.name + ".partial")
    partial.write_text(json.dumps(asdict(info)) + "\n")
    partial.replace(paths.pid_file)


def status(kg_home_dir: Path | None = None, *, note: Progress | None = None
           ) -> ServerInfo | None:
    """The project's running server, or None. A stale pid file is removed (``note`` hears
    about one that could not be read)."""
    paths = ServerPaths.for_home(kg_home_dir)
    info = _read_pid_file(paths, note)
    if info is None:
        return None
    if pid_alive(info.pid) and _is_our_server(info.pid, paths):
        return info
    paths.pid_file.unlink(missing_ok=True)
    return None


# --- start ---------------------------------------------------------------------------------

def _port(value: int | None, env: str, default: int) -> int:
    if value is None:
        raw = os.environ.get(env)
        try:
            value = int(raw) if raw else default
        except ValueError:
            raise Neo4jServerError(f"{env}={raw!r} is not a port number") from None
    if not 1 <= value <= 65535:
        raise Neo4jServerError(f"port {value} is outside 1-65535")
    return value


def port_free(port: int) -> bool:
    """True when 127.0.0.1:port can be bound now (a TIME_WAIT leftover does not count)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                return False
            raise
    return True


def render_conf(paths: ServerPaths, bolt_port: int, http_port: int) -> str:
    """neo4j.conf for a loopback-only, password-protected, small-memory server."""
    return "\n".join([
        "# Written by `kg neo4j start`; rewritten on every start.",
        "server.default_listen_address=127.0.0.1",
        "server.default_advertised_address=127.0.0.1",
        f"server.bolt.listen_address=127.0.0.1:{bolt_port}",
        f"server.bolt.advertised_address=127.0.0.1:{bolt_port}",
        "server.http.enabled=true",
        f"server.http.listen_address=127.0.0.1:{http_port}",
        f"server.http.advertised_address=127.0.0.1:{http_port}",
        "server.https.enabled=false",
        "dbms.security.auth_enabled=true",
        # A web page can reach 127.0.0.1 too: no local files for LOAD CSV, nothing to import,
        # and the HTTP API answers cross-origin requests only from the Browser it serves.
        "dbms.security.allow_csv_import_from_file_urls=false",
        f"server.directories.import={paths.import_dir}",
        f"dbms.security.http_access_control_allow_origin=http://127.0.0.1:{http_port}",
        f"server.memory.heap.initial_size={HEAP_INITIAL}",
        f"server.memory.heap.max_size={HEAP_MAX}",
        f"server.memory.pagecache.size={PAGE_CACHE}",
        f"server.directories.data={paths.data_dir}",
        f"server.directories.logs={paths.logs_dir}",
        "dbms.usage_report.enabled=false",
        "db.tx_log.rotation.retention_policy=1 files",
        # Bolt's network threads otherwise idle 2 x 5 s on shutdown with nothing left to do.
        "internal.dbms.bolt.netty_server_shutdown_quiet_period=0",
        "",
    ])


def log_tail(log_file: Path, lines: int = LOG_TAIL_LINES) -> str:
    """The last lines of a log file ('' when it does not exist)."""
    try:
        with log_file.open(errors="replace") as fh:
            return "".join(deque(fh, maxlen=lines)).rstrip()
    except FileNotFoundError:
        return ""


def _bolt_ready(uri: str, password: str) -> bool:
    """True once Bolt answers a query; AuthError (not caught) when it refuses the password."""
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, DriverError, Neo4jError

    try:
        with GraphDatabase.driver(uri, auth=(credentials.USERNAME, password),
                                  connection_timeout=2.0,
                                  connection_acquisition_timeout=3.0) as driver:
            driver.verify_connectivity()
            driver.execute_query("RETURN 1")
    except AuthError:
        raise
    except (DriverError, Neo4jError, OSError):
        return False
    return True


@contextlib.contextmanager
def _start_lock(paths: ServerPaths, progress: Progress | None) -> Iterator[None]:
    """Hold the working folder's start lock, so two starts at once launch one server."""
    paths.home.mkdir(parents=True, exist_ok=True)
    with paths.start_lock.open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if progress:
                progress("Another `kg neo4j start` is starting this server; waiting for it...")
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def start(*, bolt_port: int | None = None, http_port: int | None = None,
          timeout: float = 120.0, kg_home_dir: Path | None = None,
          progress: Progress | None = None) -> StartResult:
    """Start the project's Neo4j in the background and wait until Bolt answers.

    Ports come from the arguments, else ``KG_NEO4J_BOLT_PORT`` / ``KG_NEO4J_HTTP_PORT``, else
    7687 / 7474. Does nothing when this working folder's server already runs; a second start
    while one is starting waits for it. ``progress`` receives one-line notes on slow steps
    (fetching jars, waiting for Bolt).
    """
    paths = ServerPaths.for_home(kg_home_dir)
    with _start_lock(paths, progress):
        running = status(kg_home_dir, note=progress)
        if running:
            return StartResult(running, already_running=True)
        bolt = _port(bolt_port, BOLT_PORT_ENV, DEFAULT_BOLT_PORT)
        http = _port(http_port, HTTP_PORT_ENV, DEFAULT_HTTP_PORT)
        if bolt == http:
            raise Neo4jServerError(f"Bolt and HTTP cannot share port {bolt}")
        for port, role in ((bolt, "Bolt"), (http, "HTTP")):
            if not port_free(port):
                raise PortInUse(port, role)
        return _launch(paths, bolt, http, timeout, progress)


def _launch(paths: ServerPaths, bolt: int, http: int, timeout: float,
            progress: Progress | None) -> StartResult:
    """Write the configuration and initial password, start Java and wait for Bolt."""
    java = java_executable()
    lib = fetch(progress=progress)
    for folder in (paths.conf_dir, paths.data_dir, paths.logs_dir, paths.import_dir):
        folder.mkdir(parents=True, exist_ok=True)
    password = credentials.ensure_password(paths.password_file)
    credentials.write_initial_auth(paths.data_dir, password)
    paths.conf_file.write_text(render_conf(paths, bolt, http))
    cmd = [java, f"-Xms{HEAP_INITIAL}", f"-Xmx{HEAP_MAX}", *_JVM_OPTIONS,
           "-cp", f"{lib}/*", MAIN_CLASS, f"--home-dir={paths.home}",
           f"--config-dir={paths.conf_dir}", "--console-mode"]
    began = time.monotonic()
    with paths.console_log.open("w") as log:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT, cwd=paths.home,
                                start_new_session=True)
    info = ServerInfo(pid=proc.pid, bolt_port=bolt, http_port=http, home=str(paths.home),
                      secured=True)
    _write_pid_file(paths, info)
    if progress:
        progress(f"Started Neo4j (pid {info.pid}); waiting for Bolt on {info.bolt_uri}...")
    try:
        _await_bolt(proc, info, password, timeout)
    except Neo4jServerError:
        if proc.poll() is None:
            _terminate(proc.pid, grace=10.0)
        paths.pid_file.unlink(missing_ok=True)
        raise
    return StartResult(info, already_running=False, seconds=time.monotonic() - began)


def _await_bolt(proc: subprocess.Popen[bytes], info: ServerInfo, password: str,
                timeout: float) -> None:
    """Return once Bolt accepts the password; StartFailed or WrongPassword otherwise."""
    from neo4j.exceptions import AuthError

    paths = info.paths
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise StartFailed(f"Neo4j exited with code {proc.returncode} while starting.",
                              paths.console_log)
        try:
            if _bolt_ready(info.bolt_uri, password):
                return
        except AuthError:
            raise WrongPassword(
                f"Neo4j in {paths.home} refused the password in {paths.password_file}: its "
                "data already has another password (changed in the Browser, or that file was "
                "replaced). Put that password in the file, or move "
                f"{paths.data_dir} away to start with an empty graph; stopped it.") from None
        if time.monotonic() > deadline:
            raise StartFailed(f"Neo4j did not answer on {info.bolt_uri} within "
                              f"{timeout:.0f} s; stopped it.",
                              paths.console_log)
        time.sleep(0.25)


# --- stop ----------------------------------------------------------------------------------

def _terminate(pid: int, grace: float) -> bool:
    """SIGTERM, wait up to ``grace`` seconds, then SIGKILL. True when SIGKILL was needed."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return False
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        if not pid_alive(pid):
            return False
        time.sleep(0.1)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return False
    while pid_alive(pid):
        time.sleep(0.05)
    return True


def stop(*, timeout: float = 60.0, kg_home_dir: Path | None = None,
         note: Progress | None = None) -> StopResult | None:
    """Stop this working folder's server (SIGTERM, then SIGKILL after ``timeout`` s).

    Returns None when nothing runs. Raises NotOurProcess, without signalling anything, when
    the pid file names a live process that is not this working folder's Neo4j. ``note``
    hears about a pid file that could not be read.
    """
    paths = ServerPaths.for_home(kg_home_dir)
    info = _read_pid_file(paths, note)
    if info is None:
        return None
    if not pid_alive(info.pid):
        paths.pid_file.unlink(missing_ok=True)
        return None
    if not _is_our_server(info.pid, paths):
        paths.pid_file.unlink(missing_ok=True)
        command = " ".join(_cmdline(info.pid) or ["?"])[:120]
        raise NotOurProcess(
            f"pid {info.pid} from {paths.pid_file} is not the Neo4j started from {paths.home} "
            f"(it runs: {command}); refusing to signal it. Removed the stale pid file.")
    killed = _terminate(info.pid, grace=timeout)
    paths.pid_file.unlink(missing_ok=True)
    return StopResult(pid=info.pid, killed=killed)
