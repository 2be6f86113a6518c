"""kg.evaluate_entities: pairwise scores of same-entity decisions and wrongly labelled nodes,
against the shipped clusters of the repository's articles and against the corpus's own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.corpus import parse_article
from kg.evaluate import GoldError, evaluate, load_manifest
from kg.evaluate_entities import ClusterGold, Placed, placed_names, score_entities
from kg.records import Evidence, Relation

DATA = Path(__file__).resolve().parent.parent / "data"
GOLD = ClusterGold.from_data({
    "entities": [
        {"name": "Anduril Industries", "label": "Company", "aliases": ["Anduril"]},
        {"name": "Google", "label": "Company"},
        {"name": "Google DeepMind", "label": "Company", "aliases": ["DeepMind"]},
        {"name": "Jesse Levinson", "label": "Person"},
    ],
    "not_entities": [{"name": "Martin", "why": "a fragment"}]})


def placed(name: str, node: str, label: str = "Company", doc: str = "d1") -> Placed:
    return Placed(doc, name, node, label)


def test_a_duplicate_a_wrong_merge_and_a_wrong_label_are_each_counted() -> None:
    score = score_entities([
        placed("Anduril Industries", "company:anduril-industries"),
        placed("Anduril", "company:anduril"),  # a duplicate node: a missed pair
        placed("Google", "company:google"),
        placed("DeepMind", "company:google"),  # merged into Google: a wrong pair
        placed("Google DeepMind", "company:google-deepmind"),  # missed with DeepMind
        placed("Jesse Levinson", "company:jesse-levinson"),  # a person as a company
        placed("Martin", "company:martin"),  # a fragment as a node
        placed("Zentavo", "company:zentavo"),  # unknown to the gold
    ], GOLD)
    assert (score.gold_pairs, score.predicted_pairs, score.right_pairs) == (2, 1, 0)
    assert score.precision == 0.0 and score.recall == 0.0
    assert {(a, b) for _, a, b in score.missed_merges} == {
        ("Anduril Industries", "Anduril"), ("DeepMind", "Google DeepMind")}
    assert score.wrong_merges == [("company:google", "Google", "DeepMind")]
    assert {n for n, _, _ in score.wrong_labels} == {"company:jesse-levinson",
                                                     "company:martin"}
    assert score.nodes_judged == 6 and score.unknown_names == 1


def test_one_entity_in_one_node_under_the_right_label_scores_perfectly() -> None:
    score = score_entities([
        placed("Anduril Industries", "company:anduril-industries"),
        placed("Anduril", "company:anduril-industries", doc="d2"),
        placed("Anduril's", "company:anduril-industries", doc="d3"),  # same name, normalised
        placed("Jesse Levinson", "person:jesse-levinson", "Person"),
    ], GOLD)
    assert (score.gold_pairs, score.predicted_pairs, score.right_pairs) == (1, 1, 1)
    assert score.precision == score.recall == 1.0 and score.wrong_label_share == 0.0


def test_corpus_clusters_hold_within_their_article_only() -> None:
    articles = [parse_article({
        "id": f"w9-000{i}", "writer": "w9", "style": "brief", "text": text,
        "entities": [{"name": "Norvik Labs", "label": "Company", "mentions": ["Norvik"]},
                     {"name": "Pilot", "label": "Product"}]})[0]
        for i, text in ((1, "Norvik Labs shipped Pilot. Norvik grew."),
                        (2, "Norvik Labs hired staff for Pilot."))]
    gold = ClusterGold.from_corpus(articles)
    score = score_entities([
        Placed("w9-0001", "Norvik Labs", "company:norvik-labs", "Company"),
        Placed("w9-0001", "Norvik", "company:norvik", "Company"),  # missed within the article
        Placed("w9-0002", "Norvik Labs", "company:norvik-labs", "Company"),
        Placed("w9-0002", "Pilot", "company:pilot", "Company"),  # a product as a company
    ], gold)
    assert (score.gold_pairs, score.predicted_pairs, score.right_pairs) == (1, 0, 0)
    assert [n for n, _, _ in score.wrong_labels] == ["company:pilot"]


def test_placed_names_follow_resolution_and_skip_dropped_relations() -> None:
    ev = Evidence("d1", "s", 0, 1, "test")
    raw = [Relation("FOUNDED", "Levinson", "Zoox", "Company", "Company", ev),
           Relation("SUES", "Martin", "OpenAI", "Company", "Company", ev)]
    resolved = [Relation("FOUNDED", "Jesse Levinson", "Zoox", "Person", "Company", ev), None]
    assert placed_names(raw, resolved) == [
        Placed("d1", "Levinson", "person:jesse-levinson", "Person"),
        Placed("d1", "Zoox", "company:zoox", "Company")]


def test_shipped_clusters_cover_every_gold_name_with_its_gold_label() -> None:
    manifest = load_manifest(DATA / "gold" / "all.json")
    clusters = manifest["entities"]
    from kg.evaluate import read_gold_relations

    for entry in manifest["sets"]:
        for r in read_gold_relations(entry["relations"]):
            for name, label in ((r.source, r.source_label), (r.target, r.target_label)):
                found = clusters.lookup(r.evidence.doc_id, name)
                assert found is not None and found[1] == label, (name, found)
    for a, b in (("Anduril", "Anduril Industries"), ("H", "Holistic"), ("Ipai",
                 "Innovation Park Artificial Intelligence"), ("Aurora", "Aurora Innovation"),
                 ("Nuance", "Nuance Communications")):
        assert clusters.lookup("x", a)[0] == clusters.lookup("x", b)[0]
    for a, b in (("Google", "Google DeepMind"), ("Google", "Google Cloud"),
                 ("SoftBank", "SoftBank Vision Fund 2"), ("Uber",
                 "Uber Advanced Technologies Group")):
        assert clusters.lookup("x", a)[0] != clusters.lookup("x", b)[0]


def test_kg_eval_prints_entity_scores_beside_the_relation_scores(tmp_path: Path) -> None:
    (tmp_path / "articles.jsonl").write_text(json.dumps({
        "id": "a1", "text": "Anduril Industries acquired Blue Force Technologies for $100 "
                            "million, the companies said."}) + "\n", encoding="utf-8")
    rel = Relation("ACQUIRES", "Anduril Industries", "Blue Force Technologies", "Company",
                   "Company", Evidence("a1", "s", 0, 1, "gold"), {"status": "completed"})
    (tmp_path / "relations.jsonl").write_text(json.dumps(rel.to_dict()) + "\n", "utf-8")
    (tmp_path / "clusters.json").write_text(json.dumps({"entities": [
        {"name": "Anduril Industries", "label": "Company", "aliases": ["Anduril"]},
        {"name": "Blue Force Technologies", "label": "Company"}]}), encoding="utf-8")
    manifest = {"sets": [{"articles": ["articles.jsonl"], "relations": "relations.jsonl"}],
                "entities": "clusters.json"}
    (tmp_path / "gold.json").write_text(json.dumps(manifest), encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "entities: pairwise precision 1.000 recall 1.000" in result.output
    assert "wrong-label nodes 0/2" in result.output
    data = json.loads(CliRunner().invoke(main, ["eval", str(tmp_path), "--format",
                                                "json"]).output)
    assert data["entities"]["nodes_judged"] == 2
    (tmp_path / "clusters.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(GoldError, match="entity clusters"):
        evaluate(tmp_path, relations=[rel])
