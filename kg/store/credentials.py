"""The password of the project's Neo4j server: generated once, kept 0600 under ``$KG_HOME``.

Neo4j reads an initial password for its ``neo4j`` user from ``data/dbms/auth.ini`` when it
starts and that user still has the factory password, which is also the case for a data folder
an older, auth-less kg created. Writing that file from Python is what ``neo4j-admin dbms
set-initial-password`` does, without a second JVM or the password on a command line.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

USERNAME = "neo4j"
_HASH_ITERATIONS = 1024  # Neo4j's SHA-256 credential format: salt, then 1024 rounds


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` to a file only its owner can read, replacing it whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(text)
    partial.replace(path)


def read_password(password_file: Path) -> str | None:
    """The stored password, or None when no server was started with a password yet."""
    try:
        return password_file.read_text().strip() or None
    except FileNotFoundError:
        return None


def ensure_password(password_file: Path) -> str:
    """The stored password, generated on first use; the file is (made) mode 0600."""
    password = read_password(password_file)
    if password is None:
        password = secrets.token_urlsafe(24)
        _write_private(password_file, password + "\n")
    else:
        password_file.chmod(0o600)
    return password


def auth_ini_line(password: str, salt: bytes) -> str:
    """One ``auth.ini`` line for the ``neo4j`` user, as ``neo4j-admin`` writes it."""
    digest = hashlib.sha256(salt + password.encode()).digest()
    for _ in range(_HASH_ITERATIONS - 1):
        digest = hashlib.sha256(digest).digest()
    return f"{USERNAME}:SHA-256,{digest.hex()},{salt.hex()},{_HASH_ITERATIONS}:\n"


def write_initial_auth(data_dir: Path, password: str) -> Path:
    """Write ``data/dbms/auth.ini`` so the server sets ``password`` on its next start."""
    auth_ini = data_dir / "dbms" / "auth.ini"
    _write_private(auth_ini, auth_ini_line(password, secrets.token_bytes(32)))
    return auth_ini
