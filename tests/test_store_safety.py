"""The embedded store never loses or half-writes data: a full disk, a killed build, a read-only
KG_HOME and a store left mid-write by another process each get one clear message, and the
store stays as it was (or `kg doctor --repair` recovers it). Disks are real tmpfs mounts."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

import pytest
from click.testing import CliRunner
from graph_samples import later_relations

from kg.builder import BuildError, build
from kg.cli import main
from kg.extract import extract
from kg.graph import load_graph
from kg.store.base import StoreError
from kg.store.embedded import EmbeddedStore
from kg.store.staging import staging_files

SEED = "data/samples/ai-industry-news-sample.txt"
ARTICLES = "data/articles/gold-articles.jsonl"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def disk(tmp_path, monkeypatch):
    """A 40 MiB tmpfs mounted for the test, with KG_HOME on it (the tests run as root)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=40m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode:
        reason = f"cannot mount a tmpfs for the disk tests: {done.stderr.strip()}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    monkeypatch.setenv("KG_HOME", str(mount / "kg"))
    monkeypatch.delenv("NEO4J_URI", raising=False)
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=True)


def fill(mount: Path, leave: int = 0) -> Path:
    """Fill the disk at ``mount`` with one file until only ``leave`` bytes are free."""
    filler = mount / "filler"
    with filler.open("ab") as out:
        while (free := shutil.disk_usage(mount).free - leave) > 0:
            try:
                out.write(b"\0" * min(free, 1 << 20))
                out.flush()
            except OSError:
                break
    return filler


def same_graph(a, b) -> None:
    assert {e[:3]: e[3] for e in a.edges(keys=True, data=True)} == \
        {e[:3]: e[3] for e in b.edges(keys=True, data=True)}
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))


def kg(*args: str, ok: bool = True) -> str:
    result = CliRunner().invoke(main, list(args))
    assert (result.exit_code == 0) == ok, result.output
    assert "Traceback" not in result.output
    return result.output


def test_too_little_disk_fails_before_the_load_and_keeps_the_store(disk, nlp):
    build([SEED], neo4j=False, progress=False, extractor=partial(extract, nlp=nlp))
    before = load_graph()
    fill(disk, leave=8 << 20)
    out = kg("build", "--no-neo4j", ARTICLES, ok=False)
    assert "not enough disk space to write the embedded store" in out
    assert "MiB free" in out and "written to" not in out
    same_graph(load_graph(), before)


def test_a_disk_filling_up_mid_load_fails_and_keeps_the_store(disk, nlp):
    build([SEED], neo4j=False, progress=False, extractor=partial(extract, nlp=nlp))
    before = load_graph()
    filler: list[Path] = []

    def fills_the_disk(articles):
        list(articles)
        for i, rel in enumerate(later_relations() * 50):
            if i == 1 and not filler:  # the first batch is written; now nothing more fits
                filler.append(fill(disk))
            yield rel

    with pytest.raises(BuildError, match="the disk is full") as failed:
        build([SEED], neo4j=False, progress=False, extractor=fills_the_disk, batch_size=1)
    assert "the embedded store is as it was before this build" in str(failed.value)
    assert not staging_files(disk / "kg" / "graph.lbug")
    same_graph(load_graph(), before)
    filler[0].unlink()
    summary = build([SEED], neo4j=False, progress=False, extractor=fills_the_disk,
                    batch_size=1)
    assert summary.graph_edges > len(before.edges)


def _build_process(home: Path) -> subprocess.Popen:
    env = {**os.environ, "KG_HOME": str(home), "PYTHONPATH": str(ROOT)}
    env.pop("NEO4J_URI", None)
    return subprocess.Popen([sys.executable, "-c", "from kg.cli import main; main()", "build",
                             "--no-neo4j", "--batch-size", "10", ARTICLES],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def test_builds_killed_mid_write_leave_the_store_and_a_rerun_finishes(home, tmp_path, nlp,
                                                                      monkeypatch):
    extractor = partial(extract, nlp=nlp)
    build([SEED], neo4j=False, progress=False, extractor=extractor)
    before = load_graph()
    for _ in range(2):
        proc = _build_process(home)
        while proc.poll() is None and not list(home.glob("graph.lbug*.wal")):
            time.sleep(0.05)  # until the engine has written a batch
        assert proc.poll() is None, "the build ended before it was killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        same_graph(load_graph(), before)
    rerun = _build_process(home)
    out = rerun.communicate()[0].decode()
    assert rerun.returncode == 0, out
    clean = tmp_path / "clean"
    monkeypatch.setenv("KG_HOME", str(clean))
    build([SEED], neo4j=False, progress=False, extractor=extractor)
    build([ARTICLES], neo4j=False, progress=False, extractor=extractor)
    expected = load_graph()
    monkeypatch.setenv("KG_HOME", str(home))
    same_graph(load_graph(), expected)


def test_a_read_only_kg_home_says_what_is_wrong(disk, nlp):
    build([SEED], neo4j=False, progress=False, extractor=partial(extract, nlp=nlp))
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    out = kg("build", "--no-neo4j", SEED, ok=False)
    assert "Read-only file system" in out and str(disk / "kg") in out
    assert "Another kg process" not in out
    assert "(1 row)" in kg("query", "MATCH (n:Company {name: 'Scale AI'}) RETURN n.name")


def test_an_engine_error_inside_a_write_is_a_store_error_and_the_store_goes_on(home):
    with EmbeddedStore() as store:
        store.load(later_relations())
        with pytest.raises(StoreError, match="could not be written: .*Nope"):
            store.write(lambda run: run("MATCH (n:Nope) RETURN n", {}))
        store.load(later_relations())  # the store takes writes again
        counts = store.counts()
    assert EmbeddedStore(read_only=True).counts() == counts


def test_a_second_writer_is_told_who_writes(home):
    busy = rf"another kg process \(pid {os.getpid()}\)"
    with EmbeddedStore(), pytest.raises(StoreError, match=busy):
        EmbeddedStore()


_LEFT_MID_WRITE = """
import os, signal, sys
import ladybug
db = ladybug.Database(sys.argv[1])
conn = ladybug.Connection(db)
conn.execute("CREATE (:Company {id: 'company:left-mid-write', name: 'Left Mid Write'})")
os.kill(os.getpid(), signal.SIGKILL)  # committed to the log, never folded into the store
"""


def test_doctor_finds_and_repairs_a_store_left_mid_write(home):
    with EmbeddedStore() as store:
        store.load(later_relations())
        nodes, rels = store.counts()
    path = home / "graph.lbug"
    killed = subprocess.run([sys.executable, "-c", _LEFT_MID_WRITE, str(path)])
    assert killed.returncode == -signal.SIGKILL
    (home / "graph.lbug.staging").write_bytes(b"left by a killed load")
    out = kg("doctor", ok=False)
    assert "kg doctor --repair" in out and "interrupted write left its copy" in out
    assert "kg doctor --repair" in kg("build", "--no-neo4j", SEED, ok=False)
    out = kg("doctor", "--repair")
    assert "repaired: the engine replayed the write-ahead log" in out
    assert f"readable, {nodes + 1} nodes, {rels} relationships" in out
    assert sorted(p.name for p in home.iterdir() if not p.name.startswith("archive.sqlite")
                  ) == ["graph.lbug", "graph.lbug.writer.lock"]
    assert "Left Mid Write" in kg("query", "MATCH (n:Company) RETURN n.name")
    assert "readable" in kg("doctor")
