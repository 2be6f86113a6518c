"""Every command against hostile inputs and environments: one clear line, the right exit code,
never a traceback. Runs the real `kg` executable in subprocesses, as a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

KG = [str(Path(sys.executable).with_name("kg"))]
TIMEOUT = 300


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """A folder of inputs a careless or hostile user might hand kg."""
    d = tmp_path_factory.mktemp("hostile")
    (d / "empty.txt").write_bytes(b"")
    (d / "blank.md").write_text("\n\n   \n", encoding="utf-8")
    (d / "binary.txt").write_bytes(bytes(range(128, 256)) * 64)  # no NUL byte, not text
    (d / "nul.txt").write_bytes(b"Acme bought Beta.\x00\x00\x01\x02")
    (d / "latin1.txt").write_bytes(
        "Caf\u00e9 Soci\u00e9t\u00e9 SA acquired Br\u00e2lo Robotics for \u20ac5 million, the "
        "companies said on Monday.".replace("\u20ac", "EUR ").encode("latin-1"))
    (d / "utf16.txt").write_bytes("Nordvik Labs acquired Quellmark for $40 million, the "
                                  "companies said.".encode("utf-16"))
    (d / "bad.jsonl").write_text("\n".join([
        json.dumps({"id": "ok-1", "text": "Vantor Systems acquired Pell Data for $20 million."}),
        "{not json",
        json.dumps({"id": "n\u0000ul", "text": "Zed\u0000 bought Ypsilon."}),
        json.dumps(["a", "list"]),
        json.dumps("a string"),
        json.dumps({"id": "num", "text": 42}),
        json.dumps({"id": "no-text"}),
    ]) + "\n", encoding="utf-8")
    (d / "folder.txt").mkdir()
    (d / "loop").symlink_to(d / "loop")
    (d / "evil\x1b[2J.txt").write_text("Control characters in a file name.", encoding="utf-8")
    (d / "script.html").write_text("<html><script>alert(1)</script></html>", encoding="utf-8")
    os.mkfifo(d / "pipe.txt")
    return d


def kg(*args: str, home: Path, stdin: bytes = b"", env: dict[str, str] | None = None,
       ok: bool | None = None) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items()
                if not k.startswith("NEO4J_") and k != "KG_DEBUG"}
    full_env.update({"KG_HOME": str(home), **(env or {})})
    proc = subprocess.run([*KG, *args], input=stdin, capture_output=True, timeout=TIMEOUT,
                          env=full_env)
    out, err = proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in out + err, err
    assert "\x1b" not in out + err
    if ok is not None:
        assert (proc.returncode == 0) == ok, (proc.returncode, err[-2000:])
    if proc.returncode != 0:
        assert err.strip(), "a failure must say why"
        assert proc.returncode in (1, 2), proc.returncode
    return proc


@pytest.mark.slow
def test_extract_reads_what_it_can_and_names_each_bad_input(hostile, tmp_path):
    proc = kg("extract", str(hostile), home=tmp_path, ok=True)
    err = proc.stderr.decode()
    for name in ("empty.txt", "binary.txt", "bad.jsonl: line 2"):
        assert name in err, err
    assert "Vantor Systems" in proc.stdout.decode()  # the good line of a bad file survives


@pytest.mark.slow
@pytest.mark.parametrize("name", ["empty.txt", "blank.md", "binary.txt", "folder.txt",
                                  "loop", "missing.txt", "script.html"])
def test_nothing_readable_is_a_failure_with_a_reason(hostile, tmp_path, name):
    for command in ("extract", "build"):
        kg(command, str(hostile / name), home=tmp_path / command, ok=False)


@pytest.mark.slow
def test_build_over_the_hostile_folder_loads_the_readable_articles(hostile, tmp_path):
    kg("build", str(hostile), home=tmp_path, ok=True)
    proc = kg("query", "MATCH (a:Article) RETURN count(a) AS n", "--format", "json",
              home=tmp_path, ok=True)
    assert json.loads(proc.stdout)[0]["n"] >= 2


@pytest.mark.slow
def test_empty_stdin_is_a_failure(tmp_path):
    kg("extract", "-", home=tmp_path, stdin=b"", ok=False)
    kg("build", "-", home=tmp_path, stdin=b"", ok=False)


@pytest.mark.slow
def test_advertising_dropped_is_counted_and_listed_with_verbose(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("Vantor Systems said on Monday it had acquired Pell Data.\n\n"
                    "Start your free trial today and grow your audience\n", encoding="utf-8")
    quiet = kg("build", "--no-neo4j", str(page), home=tmp_path / "a", ok=True).stdout.decode()
    assert "dropped as advertising: 1 paragraph (--verbose lists them)" in quiet
    assert "free trial" not in quiet
    loud = kg("build", "--no-neo4j", "--verbose", str(page), home=tmp_path / "b",
              ok=True).stdout.decode()
    assert f"  {page}:3: Start your free trial today and grow your audience" in loud
    # kg rebuild reads the archive, which holds the article as the build read it: no ad
    rebuilt = kg("rebuild", "--no-neo4j", "-v", home=tmp_path / "b", ok=True).stdout.decode()
    assert "articles read: 1" in rebuilt and "free trial" not in rebuilt
    extracted = kg("extract", "-v", str(page), home=tmp_path / "c", ok=True)
    err = extracted.stderr.decode()
    assert f"dropped as advertising: {page}:3: Start your free trial" in err
    assert "dropped as advertising: 1 paragraph\n" in err
    assert "Pell Data" in extracted.stdout.decode()


@pytest.mark.slow
def test_latin1_stdin_is_read_like_a_file(tmp_path):
    text = "Caf\u00e9 Soci\u00e9t\u00e9 SA acquired Br\u00e2lo Robotics for $5 million."
    proc = kg("extract", "-", home=tmp_path, stdin=text.encode("latin-1"), ok=True)
    assert "Br\u00e2lo Robotics" in proc.stdout.decode()


@pytest.mark.slow
@pytest.mark.parametrize("args", [
    ("show", "Nobody Corp"), ("show", ""), ("path", "A", "B"), ("conflicts",), ("moves",),
    ("query", "MATCH (n RETURN n"), ("view", "--company", "Nobody"),
    ("export", "--format", "xml", "-o", "out"), ("eval", "/nonexistent"),
    ("build",), ("rebuild",), ("ingest",), ("ingest", "/nonexistent"),
    ("ingest", "http://127.0.0.1:1/feed.xml", "--retries", "0"), ("changes", "--since", "soon"),
    ("view", "--new-since", "soon"),
])
def test_graph_commands_on_a_missing_graph_or_bad_arguments(tmp_path, args):
    kg(*args, home=tmp_path / "empty-home", ok=False)


@pytest.mark.slow
@pytest.mark.parametrize("args", [
    ("show", "Meta"), ("query", "RETURN 1"), ("build", "data/samples"), ("neo4j", "status"),
    ("export", "-o", "out"),
])
def test_kg_home_that_is_a_file(tmp_path, args):
    home = tmp_path / "a-file"
    home.write_text("not a folder")
    proc = kg(*args, home=home, ok=False)
    assert "is a file, not a folder" in proc.stderr.decode()


@pytest.mark.slow
@pytest.mark.parametrize("uri", ["http://127.0.0.1:7474", "bolt://127.0.0.1:1",
                                 "neo4j://user:s3cret@127.0.0.1:1", "nonsense"])
def test_unusable_neo4j_uri_fails_clearly_and_hides_passwords(tmp_path, uri):
    for args in (("query", "--neo4j", "RETURN 1"), ("build", "--neo4j", "data/samples")):
        proc = kg(*args, home=tmp_path, env={"NEO4J_URI": uri}, ok=False)
        assert "s3cret" not in proc.stdout.decode() + proc.stderr.decode()


@pytest.mark.slow
def test_garbage_pid_file_is_stale_not_a_crash(tmp_path):
    (tmp_path / "neo4j").mkdir(parents=True)
    (tmp_path / "neo4j" / "neo4j.pid").write_text("not-a-pid\n\x00")
    proc = kg("neo4j", "status", home=tmp_path)
    assert proc.returncode == 1 and "not running" in proc.stdout.decode() + proc.stderr.decode()


@pytest.mark.slow
def test_train_on_a_folder_without_a_corpus(tmp_path):
    (tmp_path / "corpus").mkdir()
    kg("train", str(tmp_path / "corpus"), "-o", str(tmp_path / "m"), home=tmp_path, ok=False)


def test_query_refuses_writes_and_files_with_one_line(tmp_path):
    from graph_samples import seed_relations

    from kg.store.embedded import EmbeddedStore

    store_path = tmp_path / "home" / "graph.lbug"
    with EmbeddedStore(store_path) as store:
        store.load(seed_relations())
        before = store.counts()
    out = tmp_path / "out.csv"
    for query in ("MATCH (n) DETACH DELETE n", "MATCH (n:Company) SET n.name = 'x'",
                  "LOAD FROM '/etc/passwd' (file_format='csv', header=false) RETURN *",
                  f"COPY (MATCH (n) RETURN n.id) TO '{out}'", "EXPORT DATABASE '/tmp/x'",
                  "CALL READ_CSV_SERIAL('/etc/passwd') RETURN *"):  # this one crashes the engine
        proc = kg("query", query, home=tmp_path / "home", ok=False)
        assert proc.returncode == 1 and proc.stdout == b""
        assert len(proc.stderr.decode().splitlines()) == 1, proc.stderr
    assert not out.exists()
    with EmbeddedStore(store_path, read_only=True) as store:
        assert store.counts() == before
