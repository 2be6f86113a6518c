"""Shared fixtures. Neo4j: one real server per test session, a clean database per test.

The session server is the one NEO4J_URI names (its data is deleted by the tests!), else the
project's own server started in a temporary KG_HOME on free ports and stopped at the end.
When no server can be started the tests that need it fail with the server's log tail: they
never skip.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import neo4j
import pytest

from kg.store import connection, cypher, server

_NEO4J_LINE = pytest.StashKey[str]()
_NEO4J_OWN = pytest.StashKey[tuple]()  # (kg home, bolt port, http port) of the tests' server


def free_ports(count: int) -> list[int]:
    """Ports that were free on 127.0.0.1 a moment ago (held together so they differ)."""
    socks = [socket.socket() for _ in range(count)]
    try:
        for sock in socks:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in socks]
    finally:
        for sock in socks:
            sock.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "neo4j_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.neo4j)


def pytest_terminal_summary(terminalreporter, exitstatus, config: pytest.Config) -> None:
    line = config.stash.get(_NEO4J_LINE, None)
    if line:
        terminalreporter.write_sep("-", "neo4j")
        terminalreporter.write_line(line)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh KG_HOME for the test, with no NEO4J_* settings leaking in from the shell."""
    monkeypatch.setenv("KG_HOME", str(tmp_path / "kg"))
    for name in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path / "kg"


@pytest.fixture(scope="session")
def nlp():
    """The real spaCy model, loaded once for the whole test session."""
    from kg.extract import load_model

    return load_model()


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory,
                 pytestconfig: pytest.Config) -> Iterator[connection.Neo4jSettings]:
    """Settings of the real Neo4j server this test session uses."""
    settings = connection.neo4j_settings() if os.environ.get("NEO4J_URI") else None
    home = None
    if settings is None:
        home = tmp_path_factory.mktemp("kg-home-neo4j")
        bolt, http = free_ports(2)
        try:
            info = server.start(bolt_port=bolt, http_port=http, kg_home_dir=home).info
        except server.Neo4jServerError as exc:
            pytest.fail(f"could not start Neo4j for the tests: {exc}", pytrace=False)
        settings = connection.server_settings(info)
        pytestconfig.stash[_NEO4J_OWN] = (home, bolt, http)
    try:
        with connection.open_driver(settings) as driver:
            record = driver.execute_query(cypher.server_components()).records[0]
    except connection.Neo4jUnavailable as exc:
        if home:
            server.stop(kg_home_dir=home)
        pytest.fail(f"Neo4j for the tests does not answer: {exc}", pytrace=False)
    pytestconfig.stash[_NEO4J_LINE] = (f"neo4j: {settings.uri} Neo4j {record['version']} "
                                       f"{record['edition']}")
    yield settings
    if home:
        server.stop(kg_home_dir=home)


@dataclass(frozen=True)
class ServerControl:
    """Stop and start the tests' own Neo4j (same ports and data), for restart tests."""

    home: Path
    bolt: int
    http: int

    def stop(self) -> None:
        server.stop(kg_home_dir=self.home)

    def start(self) -> None:
        server.start(bolt_port=self.bolt, http_port=self.http, kg_home_dir=self.home)


@pytest.fixture
def neo4j_control(neo4j_server: connection.Neo4jSettings,
                  pytestconfig: pytest.Config) -> Iterator[ServerControl]:
    """Control of the session server; it runs again after the test."""
    own = pytestconfig.stash.get(_NEO4J_OWN, None)
    if own is None:
        pytest.skip("stopping the server needs the tests' own Neo4j, not NEO4J_URI's")
    control = ServerControl(*own)
    yield control
    control.start()  # a no-op when it runs


@pytest.fixture
def neo4j_driver(neo4j_server: connection.Neo4jSettings,
                 monkeypatch: pytest.MonkeyPatch) -> Iterator[neo4j.Driver]:
    """A driver on an emptied database (constraints kept); NEO4J_* point the code at it too."""
    monkeypatch.setenv("NEO4J_URI", neo4j_server.uri)
    for name, value in (("NEO4J_USERNAME", neo4j_server.username),
                        ("NEO4J_PASSWORD", neo4j_server.password),
                        ("NEO4J_DATABASE", neo4j_server.database)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    with connection.open_driver(neo4j_server) as driver:
        with driver.session(database=neo4j_server.database) as session:
            session.run(cypher.clear_database()).consume()
        yield driver


@pytest.fixture
def neo4j_session(neo4j_driver: neo4j.Driver,
                  neo4j_server: connection.Neo4jSettings) -> Iterator[neo4j.Session]:
    """A session on an emptied database."""
    with neo4j_driver.session(database=neo4j_server.database) as session:
        yield session


@pytest.fixture
def site():
    """A real HTTP server on 127.0.0.1 (tests/httpsite.py) for the test; stopped after it."""
    from httpsite import Site

    server = Site()
    yield server
    server.close()
