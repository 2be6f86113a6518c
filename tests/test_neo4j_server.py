"""`kg neo4j start|status|stop` against the real Neo4j jars, run as a user would run them."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import neo4j
import pytest
from conftest import free_ports

from kg.store import connection, cypher, server

KG = str(Path(sys.executable).with_name("kg"))
SEED = "data/samples/ai-industry-news-sample.txt"


@pytest.fixture
def kg_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh working folder; NEO4J_* unset so commands use the project's own server."""
    monkeypatch.setenv("KG_HOME", str(tmp_path))
    for name in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE",
                 server.BOLT_PORT_ENV, server.HTTP_PORT_ENV):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([KG, *args], capture_output=True, text=True, env=os.environ.copy(),
                          timeout=300, check=False)


@pytest.mark.neo4j
@pytest.mark.slow
def test_start_status_stop_twice_in_a_row(kg_home: Path) -> None:
    bolt, http = free_ports(2)
    for round_ in (1, 2):
        assert kg("neo4j", "status").returncode == 1

        started = kg("neo4j", "start", "--bolt-port", str(bolt), "--http-port", str(http))
        assert started.returncode == 0, started.stderr
        assert f"bolt://127.0.0.1:{bolt}" in started.stdout
        assert f"http://127.0.0.1:{http}/browser/" in started.stdout
        pid = int(re.search(r"pid (\d+)", started.stdout).group(1))

        again = kg("neo4j", "start", "--bolt-port", str(bolt), "--http-port", str(http))
        assert again.returncode == 0
        assert "already running" in again.stdout
        assert f"pid {pid}" in again.stdout

        status = kg("neo4j", "status")
        assert status.returncode == 0
        assert f"bolt://127.0.0.1:{bolt}" in status.stdout

        settings = connection.neo4j_settings()
        assert settings is not None and settings.uri == f"bolt://127.0.0.1:{bolt}"
        with connection.open_driver() as driver:
            if round_ == 1:
                driver.execute_query("CREATE (:Company {id: 'company:kept'})")
            else:  # data lives in KG_HOME and survives a restart
                ids = driver.execute_query("MATCH (c:Company) RETURN c.id AS id").records
                assert [r["id"] for r in ids] == ["company:kept"]
            edition = driver.execute_query(cypher.server_components()).records[0]["edition"]
            assert edition == "community"
        with urllib.request.urlopen(f"http://127.0.0.1:{http}/browser/", timeout=10) as page:
            assert page.status == 200
            assert "Neo4j Browser" in page.read().decode(errors="replace")

        stopped = kg("neo4j", "stop")
        assert stopped.returncode == 0, stopped.stderr
        assert f"Stopped Neo4j (pid {pid})" in stopped.stdout
        assert not server.pid_alive(pid)  # zombies count as gone
        assert not server.ServerPaths.for_home().pid_file.exists()

        nothing = kg("neo4j", "stop")
        assert nothing.returncode == 0
        assert "not running" in nothing.stdout
        assert kg("neo4j", "status").returncode == 1


@pytest.mark.parametrize("taken", ["Bolt", "HTTP"])
def test_start_on_a_taken_port_names_the_port(kg_home: Path, taken: str) -> None:
    bolt, http = free_ports(2)
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", bolt if taken == "Bolt" else http))
        blocker.listen()
        result = kg("neo4j", "start", "--bolt-port", str(bolt), "--http-port", str(http))
    assert result.returncode == 1
    port = bolt if taken == "Bolt" else http
    assert f"port {port} ({taken}) on 127.0.0.1 is already in use" in result.stderr
    assert "Traceback" not in result.stderr
    assert not server.ServerPaths.for_home().pid_file.exists()


def _write_pid_file(pid: int) -> Path:
    paths = server.ServerPaths.for_home()
    paths.home.mkdir(parents=True, exist_ok=True)
    paths.pid_file.write_text(json.dumps(
        {"pid": pid, "bolt_port": 7687, "http_port": 7474, "home": str(paths.home)}))
    return paths.pid_file


def test_stop_refuses_a_process_it_did_not_start(kg_home: Path) -> None:
    with subprocess.Popen(["sleep", "300"]) as sleeper:
        try:
            pid_file = _write_pid_file(sleeper.pid)
            result = kg("neo4j", "stop")
            assert result.returncode == 1
            assert f"pid {sleeper.pid}" in result.stderr
            assert "refusing to signal it" in result.stderr
            assert sleeper.poll() is None  # still running
            assert not pid_file.exists()
        finally:
            sleeper.kill()


def test_status_cleans_a_stale_pid_file(kg_home: Path) -> None:
    with subprocess.Popen(["true"]) as gone:
        gone.wait()
    pid_file = _write_pid_file(gone.pid)
    result = kg("neo4j", "status")
    assert result.returncode == 1
    assert "not running" in result.stdout
    assert not pid_file.exists()


@pytest.mark.slow
def test_start_timeout_stops_the_server_and_shows_the_log_tail(kg_home: Path) -> None:
    bolt, http = free_ports(2)
    with pytest.raises(server.StartFailed) as failure:
        server.start(bolt_port=bolt, http_port=http, timeout=1.0)
    message = str(failure.value)
    assert f"did not answer on bolt://127.0.0.1:{bolt} within 1 s" in message
    assert f"Last lines of {server.ServerPaths.for_home().console_log}" in message
    assert server.status() is None
    assert not server.ServerPaths.for_home().pid_file.exists()
    assert server.port_free(bolt)


def test_open_driver_says_what_to_do_when_nothing_runs(kg_home: Path) -> None:
    assert connection.neo4j_settings() is None
    with pytest.raises(connection.Neo4jUnavailable, match="kg neo4j start"):
        connection.open_driver()


def test_open_driver_names_the_uri_that_did_not_answer(
        kg_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (port,) = free_ports(1)
    monkeypatch.setenv("NEO4J_URI", f"bolt://127.0.0.1:{port}")
    monkeypatch.setenv("NEO4J_USERNAME", "neo4j")
    monkeypatch.setenv("NEO4J_PASSWORD", "secret")
    settings = connection.neo4j_settings()
    assert settings is not None and settings.auth == ("neo4j", "secret")
    with pytest.raises(connection.Neo4jUnavailable, match=f"127.0.0.1:{port}.*did not answer"):
        connection.open_driver()


def test_status_help_documents_exit_codes() -> None:
    result = kg("neo4j", "status", "--help")
    assert "Exit status 0 when running, 1 when not" in " ".join(result.stdout.split())


def _fake_java(folder: Path, version: str) -> Path:
    """A JAVA_HOME whose java reports ``version`` the way OpenJDK does (on stderr)."""
    java = folder / "bin" / "java"
    java.parent.mkdir(parents=True)
    java.write_text(f"#!/bin/sh\necho 'openjdk version \"{version}\" 2021-01-19' >&2\n")
    java.chmod(0o755)
    return folder


def test_old_java_is_refused_with_a_clear_message(
        kg_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JAVA_HOME", str(_fake_java(tmp_path / "jdk11", "11.0.2")))
    monkeypatch.setenv("KG_CACHE", str(tmp_path / "cache"))
    result = kg("neo4j", "fetch")
    assert result.returncode == 1
    assert "needs Java 17+" in result.stderr and "Java 11" in result.stderr


def test_missing_java_and_missing_maven_are_named(
        kg_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "no-such-jdk"))
    assert "`java` was not found" in kg("neo4j", "fetch").stderr
    monkeypatch.setenv("JAVA_HOME", str(_fake_java(tmp_path / "jdk17", "17.0.15")))
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    result = kg("neo4j", "fetch")
    assert result.returncode == 1
    assert "Maven (`mvn`)" in result.stderr
    assert not (tmp_path / "cache" / f"neo4j-{server.NEO4J_VERSION}" / "lib").exists()


@pytest.mark.slow
def test_fetch_redoes_an_interrupted_copy_and_then_skips(
        kg_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_CACHE", str(tmp_path / "cache"))
    lib = server.jar_dir()
    lib.mkdir(parents=True)
    (lib / "half-copied.jar").write_bytes(b"")  # an earlier copy stopped here, no marker
    assert not server.jars_fetched()

    try:
        assert server.fetch() == lib
        assert server.jars_fetched()
        assert not (lib / "half-copied.jar").exists()
        names = {jar.name for jar in lib.glob("*.jar")}
        assert f"neo4j-{server.NEO4J_VERSION}.jar" in names
        assert any(name.startswith("neo4j-browser-") for name in names)

        messages: list[str] = []
        server.fetch(progress=messages.append)
        assert messages == []  # complete: nothing copied again
    finally:
        shutil.rmtree(lib)  # 140 MB; pytest keeps its last temp folders


# --- security: what a web page, a second start or a bad setting can do -------------------

def _own_server(neo4j_control, monkeypatch: pytest.MonkeyPatch) -> server.ServerInfo:
    """The session's own server, with KG_HOME and no NEO4J_* so kg commands find it alone."""
    monkeypatch.setenv("KG_HOME", str(neo4j_control.home))
    for name in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(name, raising=False)
    info = server.status()
    assert info is not None and info.secured
    return info


def _http_cypher(info: server.ServerInfo, statement: str, auth: str | None = None
                 ) -> tuple[int, dict[str, str], dict]:
    """POST one statement to the HTTP API as a page on another origin would."""
    headers = {"Origin": "http://evil.example", "Content-Type": "application/json"}
    if auth:
        headers["Authorization"] = "Basic " + base64.b64encode(auth.encode()).decode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{info.http_port}/db/neo4j/tx/commit", method="POST",
        data=json.dumps({"statements": [{"statement": statement}]}).encode(), headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.load(error)


READ_PASSWD = "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line LIMIT 2"


@pytest.mark.neo4j
def test_a_web_page_can_neither_log_in_nor_read_local_files(
        neo4j_driver, neo4j_control, monkeypatch: pytest.MonkeyPatch) -> None:
    info = _own_server(neo4j_control, monkeypatch)
    status, headers, body = _http_cypher(info, READ_PASSWD)
    assert status == 401
    assert body["errors"][0]["code"] == "Neo.ClientError.Security.Unauthorized"
    assert headers.get("Access-Control-Allow-Origin") == f"http://127.0.0.1:{info.http_port}"

    password_file = info.paths.password_file
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    password = password_file.read_text().strip()
    status, _, body = _http_cypher(info, READ_PASSWD, auth=f"neo4j:{password}")
    assert body["results"][0]["data"] == []
    assert body["errors"][0]["code"] == "Neo.ClientError.Statement.ExternalResourceFailed"
    assert list(info.paths.import_dir.iterdir()) == []


@pytest.mark.neo4j
@pytest.mark.slow
def test_kg_commands_log_in_with_the_stored_password(
        neo4j_driver, neo4j_control, monkeypatch: pytest.MonkeyPatch) -> None:
    info = _own_server(neo4j_control, monkeypatch)
    password = kg("neo4j", "password")
    assert password.returncode == 0
    assert password.stdout.strip() == info.paths.password_file.read_text().strip()
    assert "Traceback" not in password.stderr

    status = kg("neo4j", "status")
    assert password.stdout.strip() not in status.stdout  # printed only on request
    assert f"?dbms=bolt://neo4j@127.0.0.1:{info.bolt_port}" in status.stdout
    commands = [("neo4j", "init"), ("build", "--neo4j", SEED),
                ("query", "--neo4j", "MATCH (c:Company {name: 'Scale AI'}) RETURN c.name AS n"),
                ("show", "--neo4j", "Scale AI")]
    for command in commands:
        result = kg(*command)
        assert result.returncode == 0, (command, result.stderr)
    assert "Scale AI" in result.stdout and "Meta" in result.stdout


def _start_old_kg_server(home: Path) -> subprocess.Popen[bytes]:
    """Start Neo4j as kg did before authentication: auth off, no password, no auth.ini."""
    paths = server.ServerPaths.for_home(home)
    for folder in (paths.conf_dir, paths.data_dir, paths.logs_dir):
        folder.mkdir(parents=True)
    bolt, http = free_ports(2)
    paths.conf_file.write_text(server.render_conf(paths, bolt, http).replace(
        "dbms.security.auth_enabled=true", "dbms.security.auth_enabled=false"))
    with paths.console_log.open("w") as log:
        return subprocess.Popen(
            [server.java_executable(), "-cp", f"{server.fetch()}/*", server.MAIN_CLASS,
             f"--home-dir={paths.home}", f"--config-dir={paths.conf_dir}", "--console-mode"],
            stdout=log, stderr=subprocess.STDOUT)


def _query_when_up(uri: str, statement: str) -> None:
    """Run ``statement`` without credentials once the server answers (start-up is slow)."""
    for _ in range(600):
        try:
            with neo4j.GraphDatabase.driver(uri, auth=None) as driver:
                driver.execute_query(statement)
                return
        except neo4j.exceptions.ServiceUnavailable:
            time.sleep(0.5)
    raise AssertionError(f"the old-style server never answered on {uri}")


@pytest.mark.neo4j
@pytest.mark.slow
def test_a_data_folder_an_auth_less_kg_made_gets_a_password_on_the_next_start(
        kg_home: Path) -> None:
    old = _start_old_kg_server(kg_home)
    try:
        bolt = re.search(r"bolt.listen_address=127.0.0.1:(\d+)",
                         server.ServerPaths.for_home().conf_file.read_text()).group(1)
        _query_when_up(f"bolt://127.0.0.1:{bolt}", "CREATE (:Company {id: 'company:old'})")
        _write_pid_file(old.pid)  # as the older kg wrote it: no "secured"
        status = kg("neo4j", "status")
        assert status.returncode == 0
        assert "started this server without authentication" in status.stderr
        assert kg("neo4j", "stop").returncode == 0
    finally:
        old.kill()
        old.wait()
    assert kg("neo4j", "password").returncode == 1  # no password before the first start

    bolt, http = free_ports(2)
    start = ("neo4j", "start", "--bolt-port", str(bolt), "--http-port", str(http))
    started = kg(*start)
    try:
        assert started.returncode == 0, started.stderr
        password = kg("neo4j", "password").stdout.strip()
        with neo4j.GraphDatabase.driver(f"bolt://127.0.0.1:{bolt}") as anonymous, \
                pytest.raises(neo4j.exceptions.AuthError):
            anonymous.verify_connectivity()
        with connection.open_driver() as driver:
            assert driver.execute_query(
                "MATCH (c:Company) RETURN c.id AS id").records[0]["id"] == "company:old"
        assert connection.neo4j_settings().auth == ("neo4j", password)
    finally:
        kg("neo4j", "stop")

    password_file = server.ServerPaths.for_home().password_file
    password_file.write_text("not-the-password-the-data-has\n")
    refused = kg(*start)
    assert refused.returncode == 1
    assert f"refused the password in {password_file}" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert _java_servers_of(kg_home) == [] and server.status() is None


def _java_servers_of(home: Path) -> list[int]:
    """Pids of Java processes running this working folder's Neo4j."""
    config = f"--config-dir={server.ServerPaths.for_home(home).conf_dir}"
    return [int(proc.name) for proc in Path("/proc").iterdir() if proc.name.isdigit()
            and config in (server._cmdline(int(proc.name)) or [])]


@pytest.mark.neo4j
@pytest.mark.slow
def test_two_starts_at_once_launch_one_server(kg_home: Path) -> None:
    bolt, http = free_ports(2)
    command = [KG, "neo4j", "start", "--bolt-port", str(bolt), "--http-port", str(http)]
    both = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True) for _ in range(2)]
    try:
        outputs = [proc.communicate(timeout=300) for proc in both]
        assert [proc.returncode for proc in both] == [0, 0], outputs
        said = sorted("already running" in out for out, _ in outputs)
        assert said == [False, True]
        pids = {int(re.search(r"pid (\d+)", out).group(1)) for out, _ in outputs}
        assert len(pids) == 1
        assert _java_servers_of(kg_home) == list(pids)
        assert kg("neo4j", "status").returncode == 0
    finally:
        assert kg("neo4j", "stop").returncode == 0
    assert _java_servers_of(kg_home) == []


@pytest.mark.parametrize("garbage", [
    "garbage", "", "[7687]", '{"pid": "12", "bolt_port": 7687, "http_port": 7474, "home": "x"}',
    '{"pid": 0, "bolt_port": 7687, "http_port": 7474, "home": "x"}', "\udcff"])
def test_a_garbage_pid_file_is_stale_with_a_note(kg_home: Path, garbage: str) -> None:
    pid_file = server.ServerPaths.for_home().pid_file
    pid_file.parent.mkdir(parents=True)
    pid_file.write_bytes(garbage.encode(errors="surrogateescape"))
    result = kg("neo4j", "status")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert f"removed the unreadable pid file {pid_file}" in result.stderr
    assert "not running" in result.stdout
    assert not pid_file.exists()


def test_an_http_uri_names_the_supported_schemes(kg_home: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "http://127.0.0.1:7474")
    result = kg("query", "--neo4j", "RETURN 1")
    assert result.returncode == 1
    assert result.stderr.startswith("Error: Neo4j URI 'http://127.0.0.1:7474' (NEO4J_URI) "
                                    "has scheme 'http'; kg supports bolt://, bolt+s://")
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_password_in_the_uri_is_never_printed(kg_home: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    (port,) = free_ports(1)
    monkeypatch.setenv("NEO4J_URI", f"neo4j://admin:s3cr3t@127.0.0.1:{port}")
    for command in (("neo4j", "status"), ("neo4j", "init"), ("query", "--neo4j", "RETURN 1"),
                    ("build", "--neo4j", SEED)):
        result = kg(*command)
        assert "s3cr3t" not in result.stdout + result.stderr, command
        assert f"neo4j://***@127.0.0.1:{port}" in result.stdout + result.stderr, command
        assert "Traceback" not in result.stderr
