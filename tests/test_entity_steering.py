"""Issue 13's "Done when": one company spelled four ways across articles is one node, two
companies with similar names stay two, a person the extractor calls a company is a Person,
in both stores; `kg merge` and `kg split` decisions survive `kg rebuild`. Real `kg`
subprocesses, the real model, the real embedded store and Neo4j."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

KG = [str(Path(sys.executable).with_name("kg"))]
ARTICLES = [  # Kestrel Robotics Inc. / Kestrel / Kestrel Robotics (KR) / Kestrel Robotics's
    {"id": "n1", "published": "2024-03-01", "text": "Kestrel Robotics Inc. raised $40 million "
     "in a round led by Halden Ventures, the company said on Monday. The startup makes "
     "warehouse robots."},
    {"id": "n2", "published": "2024-06-01", "text": "Halden Ventures has invested another $10 "
     "million in Kestrel, the Oslo startup said. Kestrel competes with Orbex Systems in Europe."},
    {"id": "n3", "published": "2024-09-01", "text": "Kestrel Robotics (KR) acquired Brisk Labs "
     "for $12 million. KR also signed a partnership with Nordvik Labs, a maker of sensors."},
    {"id": "n4", "published": "2025-01-10", "text": "Kestrel Robotics was co-founded in 2019 by "
     "Dana Whitlow, Anastasis Germanidis and Priya Raman. Kestrel Robotics's main rival is "
     "Orbex Systems. Nordvik Capital, an investment firm unrelated to Nordvik Labs, invested "
     "$5 million in Orbex Systems."},
]
NODES = {("Kestrel Robotics", "Company"), ("Halden Ventures", "Company"),
         ("Orbex Systems", "Company"), ("Brisk Labs", "Company"), ("Nordvik Labs", "Company"),
         ("Nordvik Capital", "Company"), ("Dana Whitlow", "Person"),
         ("Anastasis Germanidis", "Person"), ("Priya Raman", "Person")}


def kg(*args: str, home: Path, env: dict[str, str] | None = None,
       ok: bool = True) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    full.update({"KG_HOME": str(home), **(env or {})})
    proc = subprocess.run([*KG, *args], capture_output=True, text=True, timeout=600, env=full)
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    assert (proc.returncode == 0) == ok, (proc.returncode, proc.stderr[-2000:])
    return proc


def entities(home: Path, env: dict[str, str] | None = None, *args: str) -> list[dict]:
    return json.loads(kg("entities", "--format", "json", *args, home=home, env=env).stdout)


@pytest.fixture
def news(tmp_path: Path) -> Path:
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    return path


def neo4j_env(settings) -> dict[str, str]:
    env = {"NEO4J_URI": settings.uri}
    for name, value in (("NEO4J_USERNAME", settings.username),
                        ("NEO4J_PASSWORD", settings.password),
                        ("NEO4J_DATABASE", settings.database)):
        if value is not None:
            env[name] = value
    return env


def neo4j_nodes(driver, settings) -> set[tuple[str, str]]:
    records = driver.execute_query("MATCH (n) WHERE n.aliases IS NOT NULL "
                                   "RETURN n.name AS name, labels(n)[0] AS label",
                                   database_=settings.database).records
    return {(r["name"], r["label"]) for r in records}


def test_the_graph_has_exactly_the_right_nodes_in_both_stores_and_decisions_survive_rebuild(
        news: Path, tmp_path: Path, neo4j_driver, neo4j_server) -> None:
    home, env = tmp_path / "kg", neo4j_env(neo4j_server)
    out = kg("build", str(news), home=home, env=env).stdout
    assert "entity resolution:" in out
    listed = entities(home)
    assert {(e["name"], e["label"]) for e in listed} == NODES
    assert neo4j_nodes(neo4j_driver, neo4j_server) == NODES
    kestrel = next(e for e in listed if e["name"] == "Kestrel Robotics")
    assert {"Kestrel", "Kestrel Robotics Inc."} <= set(kestrel["aliases"].split("; "))
    germanidis = next(e for e in listed if e["name"] == "Anastasis Germanidis")
    assert germanidis["type_confidence"] is not None and germanidis["type_confidence"] < 1

    kg("merge", "Brisk Labs", "Orbex Systems", home=home, env=env)  # a user's decision
    merged = NODES - {("Brisk Labs", "Company")}
    assert {(e["name"], e["label"]) for e in entities(home)} == merged
    assert neo4j_nodes(neo4j_driver, neo4j_server) == merged  # no rebuild needed
    assert "merge,Brisk Labs,Orbex Systems" in (home / "entities.csv").read_text()

    kg("split", "Kestrel Robotics", "Kestrel", home=home, env=env)
    kg("rebuild", "--neo4j", home=home, env=env)  # from scratch, decisions applied again
    after = {(e["name"], e["label"]) for e in entities(home)}
    assert after == merged | {("Kestrel", "Company")}
    assert neo4j_nodes(neo4j_driver, neo4j_server) == after


def test_duplicates_are_ranked_and_bad_decisions_get_one_line(news: Path,
                                                              tmp_path: Path) -> None:
    home = tmp_path / "kg"
    kg("build", "--no-neo4j", str(news), home=home)
    pairs = entities(home, None, "--duplicates")
    assert pairs and pairs == sorted(pairs, key=lambda p: -p["likelihood"])
    assert {pairs[0]["a"], pairs[0]["b"]} & {"Nordvik Labs", "Nordvik Capital"}
    csv_out = kg("entities", "--format", "csv", home=home).stdout
    assert csv_out.splitlines()[0] == "name,label,aliases,mentions,articles,type_confidence"
    for args in (("merge", "Nowhere Inc", "Orbex Systems"),
                 ("merge", "Kestrel", "Kestrel Robotics"),  # already one entity
                 ("split", "Orbex Systems", "Orbex Systems")):
        proc = kg(*args, home=home, ok=False)
        assert proc.returncode == 1 and len(proc.stderr.strip().splitlines()) == 1
    (home / "entities.csv").write_text("decision,name,entity\nfuse,A,B\n", encoding="utf-8")
    proc = kg("build", "--no-neo4j", str(news), home=home, ok=False)
    assert "entities.csv:2" in proc.stderr
    assert kg("rebuild", home=tmp_path / "empty", ok=False).returncode == 1
