"""Which Neo4j to talk to, and a driver that is known to answer.

``NEO4J_URI`` / ``NEO4J_USERNAME`` / ``NEO4J_PASSWORD`` / ``NEO4J_DATABASE`` (the names Neo4j's
own tools and Aura credential files use) point every command at another server; without them
the project's own server (``kg neo4j start``) is used when it runs, with the password kg
stored for it. A password written into ``NEO4J_URI`` is never printed.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import neo4j
from neo4j.exceptions import AuthError, DriverError, Neo4jError

from kg.store import credentials, server

BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


class Neo4jUnavailable(RuntimeError):
    """No Neo4j server is configured, or the configured one does not answer."""


@dataclass(frozen=True)
class Neo4jSettings:
    """Where a Neo4j server is and how to log in to it."""

    uri: str
    username: str | None = None
    password: str | None = None
    database: str | None = None  # None: the server's default database
    source: str = "NEO4J_URI"  # what chose this server, for messages

    @property
    def auth(self) -> tuple[str, str] | None:
        return (self.username, self.password or "") if self.username else None

    @property
    def shown_uri(self) -> str:
        """The URI as messages show it: without a password written into it."""
        return redact_uri(self.uri)


def redact_uri(uri: str) -> str:
    """``uri`` with everything between the scheme and the last ``@`` (``user:secret``)
    replaced by ``***``: a password may hold any character, so this errs on hiding more."""
    return re.sub(r"^((?:[A-Za-z][\w+.-]*://)?).*@", r"\1***@", uri)


def check_uri(settings: Neo4jSettings) -> None:
    """Neo4jUnavailable, in one line, unless the URI is one kg can use: Bolt, no user in it."""
    try:
        parts = urlsplit(settings.uri)
    except ValueError as exc:
        raise Neo4jUnavailable(f"bad Neo4j URI {settings.shown_uri!r} ({settings.source}): "
                               f"{exc}") from None
    if parts.scheme not in BOLT_SCHEMES:
        raise Neo4jUnavailable(
            f"Neo4j URI {settings.shown_uri!r} ({settings.source}) has scheme "
            f"{parts.scheme or '(none)'!r}; kg supports "
            f"{', '.join(s + '://' for s in BOLT_SCHEMES)} (e.g. bolt://localhost:7687).")
    if "@" in settings.uri:
        raise Neo4jUnavailable(
            f"Neo4j URI {settings.shown_uri!r} ({settings.source}) has a user name in it; "
            "put it in NEO4J_USERNAME and the password in NEO4J_PASSWORD instead.")


def server_settings(info: server.ServerInfo, database: str | None = None) -> Neo4jSettings:
    """How to log in to the project's server ``info``, with the password kg stored for it.

    A server an older kg started without authentication has no password file; it accepts
    a login without credentials.
    """
    password = credentials.read_password(info.paths.password_file)
    return Neo4jSettings(uri=info.bolt_uri, username=credentials.USERNAME if password else None,
                         password=password, database=database,
                         source=f"kg neo4j server in {info.home}")


def neo4j_settings() -> Neo4jSettings | None:
    """Settings from ``NEO4J_URI`` etc., else the project's running server, else None."""
    database = os.environ.get("NEO4J_DATABASE") or None
    uri = os.environ.get("NEO4J_URI")
    if uri:
        return Neo4jSettings(uri=uri, username=os.environ.get("NEO4J_USERNAME") or None,
                             password=os.environ.get("NEO4J_PASSWORD"), database=database)
    info = server.status()
    return None if info is None else server_settings(info, database)


def open_driver(settings: Neo4jSettings | None = None, *, timeout: float = 5.0) -> neo4j.Driver:
    """A connected driver for ``settings`` (default: :func:`neo4j_settings`).

    Raises Neo4jUnavailable with what to do when no server is configured or it does not answer.
    """
    settings = settings or neo4j_settings()
    if settings is None:
        raise Neo4jUnavailable(
            f"no Neo4j server: NEO4J_URI is not set and no project server runs from "
            f"{server.kg_home()}. Run `kg neo4j start`, or set NEO4J_URI (and NEO4J_USERNAME/"
            "NEO4J_PASSWORD) to use another server.")
    check_uri(settings)
    try:
        driver = neo4j.GraphDatabase.driver(settings.uri, auth=settings.auth,
                                            connection_timeout=timeout,
                                            connection_acquisition_timeout=timeout)
    except (ValueError, DriverError) as exc:
        raise Neo4jUnavailable(f"bad Neo4j URI {settings.shown_uri!r} ({settings.source}): "
                               f"{exc}") from exc
    try:
        driver.verify_connectivity()
    except AuthError as exc:
        driver.close()
        hint = ("Check NEO4J_USERNAME and NEO4J_PASSWORD." if settings.source == "NEO4J_URI"
                else "`kg neo4j password` shows the password kg uses.")
        raise Neo4jUnavailable(f"Neo4j at {settings.shown_uri} ({settings.source}) refused the "
                               f"login ({exc.message}). {hint}") from exc
    except (DriverError, Neo4jError, OSError) as exc:
        driver.close()
        hint = ("Is the server up? Check NEO4J_URI." if settings.source == "NEO4J_URI"
                else "Restart it with `kg neo4j stop && kg neo4j start`.")
        reason = " ".join(str(exc).split())  # the driver's message spans lines
        raise Neo4jUnavailable(f"Neo4j at {settings.shown_uri} ({settings.source}) did not "
                               f"answer: {reason}. {hint}") from exc
    return driver
