"""`kg neo4j start|status|stop` against the real Neo4j jars, run as a user would run them."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from conftest import free_ports

from kg.store import connection, cypher, server

KG = str(Path(sys.executable).with_name("kg"))


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
