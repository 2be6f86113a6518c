"""`kg build`: articles -> relations -> the embedded store (and Neo4j) -> summary and view."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg import analysis
from kg.builder import BuildError, build
from kg.cli import main
from kg.graph import load_graph
from kg.store.embedded import EmbeddedStore

SEED = "data/samples/ai-industry-news-sample.txt"


@pytest.fixture
def seed_build(home):
    return build([SEED], neo4j=False, progress=False)


def test_seed_build_summarises_and_finds_the_scale_ai_conflict(seed_build, home):
    s = seed_build
    assert s.articles >= 5 and s.relations >= 10
    assert s.entities_by_label["Company"] >= 8 and s.entities_by_label["Person"] >= 2
    assert s.facts_by_type["INVESTS_IN"] >= 1 and s.facts_by_type["CUSTOMER_OF"] >= 1
    assert s.skipped == []
    assert s.view == home / "graph.html" and s.view.stat().st_size > 10_000
    with EmbeddedStore(read_only=True) as store:
        top = analysis.conflicts(store)[0]
    assert (top["customer_name"], top["supplier_name"], top["rival_name"], top["stake_pct"],
            top["amount"]) == ("Google", "Scale AI", "Meta", 49.0, 200e6)


def test_building_the_same_articles_again_changes_nothing(seed_build, home):
    before = load_graph()
    again = build([SEED, SEED], neo4j=False, progress=False)
    after = load_graph()
    assert again.relations == 2 * seed_build.relations
    assert sorted(after.edges(keys=True, data="evidence_count")) == \
        sorted(before.edges(keys=True, data="evidence_count"))
    assert after.number_of_nodes() == before.number_of_nodes()


def test_unreadable_inputs_are_skipped_with_reasons(home, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    s = build([SEED, str(tmp_path / "missing.txt"), str(empty)], neo4j=False, progress=False)
    reasons = {p.path: p.message for p in s.skipped}
    assert "no such file" in reasons[str(tmp_path / "missing.txt")]
    assert str(empty) in reasons
    assert s.relations >= 10  # the readable input was still built


def test_asking_for_neo4j_that_is_down_fails_before_any_work(home, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:9")
    with pytest.raises(BuildError, match="did not answer"):
        build([SEED], neo4j=True, progress=False)
    assert not (home / "graph.lbug").exists()


def test_neo4j_configured_but_down_fails_the_build_with_one_line(home, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:9")
    with pytest.raises(BuildError, match="did not answer.*--no-neo4j"):
        build([SEED], progress=False)
    assert not (home / "graph.lbug").exists()
    result = CliRunner().invoke(main, ["build", SEED])
    assert result.exit_code == 1
    assert result.output.startswith("Error: Neo4j at bolt://127.0.0.1:9 (NEO4J_URI) did not")
    assert len(result.output.strip().splitlines()) == 1
    assert build([SEED], neo4j=False, progress=False).graph_edges > 0  # --no-neo4j


def test_neo4j_asked_for_with_nothing_running_fails_the_cli(home):
    result = CliRunner().invoke(main, ["build", "--neo4j", SEED])
    assert result.exit_code == 1
    assert "no Neo4j server" in result.output and "kg neo4j start" in result.output
    assert "Traceback" not in result.output


@pytest.mark.neo4j
def test_build_also_loads_neo4j_when_it_runs(home, neo4j_driver):
    s = build([SEED], progress=False)  # NEO4J_URI points at the test server
    assert len(s.stores) == 2
    embedded, neo = load_graph(), load_graph(neo4j=True)
    assert sorted(neo.edges(keys=True, data=True)) == sorted(embedded.edges(keys=True, data=True))


def test_the_library_build_is_the_function_even_after_its_module_is_imported():
    import kg
    import kg.builder  # noqa: F401  (importing a submodule named like an export shadowed it)

    assert kg.build is build and callable(kg.build)
