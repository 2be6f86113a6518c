"""kg.evaluate and `kg eval`: corpus-level scoring against the gold set, and the gold set itself."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.evaluate import (
    GoldError,
    NameResolver,
    evaluate,
    load_manifest,
    normalise_name,
    normalise_role,
    read_gold_relations,
    score,
)
from kg.records import Evidence, Relation
from kg.schema import RELATION_TYPES

GOLD_DIR = Path(__file__).resolve().parent.parent / "data" / "gold"


def rel(rtype: str, source: str, target: str, props: dict | None = None, *,
        source_label: str = "Company", target_label: str = "Company",
        sentence: str = "s") -> Relation:
    return Relation(rtype, source, target, source_label, target_label,
                    Evidence("d1", sentence, 0, len(sentence), "test"), props or {})


GOLD = [
    rel("INVESTS_IN", "Meta", "Scale AI",
        {"amount": 14.3e9, "currency": "USD", "stake_pct": 49.0, "status": "completed"}),
    rel("CUSTOMER_OF", "Google", "Scale AI",
        {"amount": 200e6, "currency": "USD", "status": "ended"}, sentence="Google allocated"),
    rel("COMPETES_WITH", "Labelbox", "Scale AI"),
    rel("HOLDS_ROLE", "Alexandr Wang", "Scale AI", {"role": "CEO", "status": "active"},
        source_label="Person"),
    rel("PLANS_IPO", "MiniMax", "Hong Kong Stock Exchange", {"status": "planned"},
        target_label="Exchange", sentence="MiniMax and Zhipu AI"),
    rel("SUES", "The Walt Disney Company", "Google",
        {"kind": "cease_and_desist", "status": "active"}),
]

PREDICTED = [
    rel("INVESTS_IN", "Meta Platforms", "Scale AI's",  # alias and possessive
        {"amount": 14.4e9, "currency": "USD", "stake_pct": 49.0, "status": "completed"}),
    rel("CUSTOMER_OF", "Google", "Scale AI",  # amount 2% off, wrong status
        {"amount": 204e6, "currency": "USD", "status": "paused"}),
    rel("COMPETES_WITH", "Scale AI", "Labelbox"),  # symmetric, reversed
    rel("HOLDS_ROLE", "Alexandr Wang", "Scale AI",
        {"role": "Chief Executive Officer", "status": "active"}, source_label="Person"),
    rel("SUES", "Disney", "Google", {"kind": "cease_and_desist"}),  # status missing
    rel("ACQUIRES", "Meta", "Scale AI", {"status": "completed"}, sentence="took a stake"),
    rel("COMPETES_WITH", "Handshake", "Mercor"),
]


@pytest.fixture
def small_gold(tmp_path: Path) -> Path:
    """A gold folder with six hand-made relations over two short articles."""
    gold = tmp_path / "gold"
    gold.mkdir()
    articles = [
        {"id": "a1", "title": "Meta and Scale AI", "url": None, "published": "2025-06-13",
         "text": "Meta has taken a 49% stake in Scale AI. Google allocated $200 million for "
                 "Scale AI's services in 2024 but is ending the relationship. Scale AI's CEO, "
                 "Alexandr Wang, runs the company. Scale AI's rivals include Labelbox."},
        {"id": "a2", "title": "Disney", "url": None, "published": "2025-06-14",
         "text": "The Walt Disney Company sent a cease-and-desist letter to Google. MiniMax is "
                 "preparing to go public on the Hong Kong Stock Exchange."},
    ]
    (tmp_path / "articles.jsonl").write_text(
        "".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    (gold / "relations.jsonl").write_text(
        "".join(json.dumps(r.to_dict()) + "\n" for r in GOLD), encoding="utf-8")
    (gold / "gold.json").write_text(json.dumps({
        "sets": [{"articles": ["../articles.jsonl"], "relations": "relations.jsonl"}],
        "aliases": {"The Walt Disney Company": ["Disney"], "Meta": ["Meta Platforms"]},
    }), encoding="utf-8")
    return gold


def test_gold_scored_against_itself_is_perfect(small_gold: Path) -> None:
    report = evaluate(small_gold, relations=GOLD)
    assert (report.overall.precision, report.overall.recall, report.overall.f1) == (1, 1, 1)
    assert all(a.accuracy == 1.0 for a in report.attributes if a.compared)
    assert not report.false_positives and not report.false_negatives


def test_perturbed_predictions_give_hand_computed_scores(small_gold: Path) -> None:
    report = evaluate(small_gold, relations=PREDICTED)
    o = report.overall
    assert (o.gold, o.predicted, o.tp, o.fp, o.fn) == (6, 7, 5, 2, 1)
    assert o.precision == pytest.approx(5 / 7)
    assert o.recall == pytest.approx(5 / 6)
    assert o.f1 == pytest.approx(10 / 13)
    by_type = {s.type: s for s in report.per_type}
    assert set(by_type) == set(RELATION_TYPES)
    assert (by_type["COMPETES_WITH"].precision, by_type["COMPETES_WITH"].recall) == (0.5, 1.0)
    assert by_type["COMPETES_WITH"].f1 == pytest.approx(2 / 3)
    assert (by_type["PLANS_IPO"].gold, by_type["PLANS_IPO"].tp, by_type["PLANS_IPO"].f1) == (
        1, 0, 0.0)
    assert (by_type["ACQUIRES"].fp, by_type["ACQUIRES"].precision) == (1, 0.0)
    attrs = {a.name: (a.compared, a.correct) for a in report.attributes}
    assert attrs == {"amount": (2, 1), "stake_pct": (1, 1), "status": (4, 2), "role": (1, 1)}
    assert report.found_by_set == {"relations.jsonl": (5, 6)}  # the set has no name


def test_errors_carry_the_evidence_sentence(small_gold: Path) -> None:
    report = evaluate(small_gold, relations=PREDICTED)
    assert [(m.type, m.sentence) for m in report.false_negatives] == [
        ("PLANS_IPO", "MiniMax and Zhipu AI")]
    assert {(m.type, m.source, m.target) for m in report.false_positives} == {
        ("ACQUIRES", "Meta", "Scale AI"), ("COMPETES_WITH", "Handshake", "Mercor")}
    wrong = {(m.kind, m.type, m.expected, m.got) for m in report.attribute_errors}
    assert ("status", "CUSTOMER_OF", "ended", "paused") in wrong
    assert ("amount", "CUSTOMER_OF", "200000000.0 USD", "204000000.0 USD") in wrong
    assert ("status", "SUES", "active", "-") in wrong
    frame = report.errors_frame()
    assert frame.loc[frame.kind == "false_negative", "sentence"].tolist() == [
        "MiniMax and Zhipu AI"]


def test_any_gold_mention_value_is_accepted_but_conflicting_predictions_are_not() -> None:
    gold = [rel("ACQUIRES", "Google", "Wiz", {"status": "announced", "amount": 32e9}),
            rel("ACQUIRES", "Google", "Wiz", {"status": "cancelled", "amount": 23e9})]
    one = score(gold, [rel("ACQUIRES", "Google", "Wiz", {"status": "cancelled"})])
    assert {a.name: a.correct for a in one.attributes}["status"] == 1
    both = score(gold, [rel("ACQUIRES", "Google", "Wiz", {"status": "cancelled"}),
                        rel("ACQUIRES", "Google", "Wiz", {"status": "completed"})])
    assert {a.name: a.correct for a in both.attributes}["status"] == 0
    assert both.overall.tp == 1 and both.overall.predicted == 1  # one fact, counted once


def test_normalisation_of_names_and_roles() -> None:
    assert normalise_name("The Walt Disney Company’s") == "walt disney company"
    assert normalise_name("Scale AI's") == normalise_name("scale ai")
    assert normalise_name("Karén Simonyan") == "karen simonyan"
    assert normalise_name("SoftBank Group Corp.") == "softbank"
    assert normalise_name("The Information") == "information"
    assert normalise_name("Run:ai") != normalise_name("Run")
    assert normalise_role("Chief Executive Officer") == normalise_role("CEO")
    assert normalise_role("chief revenue officer") == normalise_role("Chief Revenue Officer")
    assert normalise_role("CEO") != normalise_role("Interim CEO")
    assert normalise_role("Chairman of the Board") == normalise_role("chair of the board")


def test_entity_list_aliases_never_merge_entities_the_gold_keeps_apart() -> None:
    resolver = NameResolver({"Google": ["Google Cloud"]},
                            ["Amazon", "Amazon Web Services", "OpenAI", "Google"],
                            [["Amazon", "Amazon.com", "Amazon Web Services", "AWS"],
                             ["OpenAI", "Open AI"], ["Google", "Google LLC"]])
    assert resolver.key("Amazon Web Services") != resolver.key("Amazon")
    assert resolver.key("Open AI") == resolver.key("OpenAI")
    assert resolver.key("Google LLC") == resolver.key("Google Cloud") == "google"
    assert resolver.skipped_groups == [["Amazon", "Amazon.com", "Amazon Web Services", "AWS"]]


def test_gold_problems_are_clear_errors(tmp_path: Path, small_gold: Path) -> None:
    with pytest.raises(GoldError, match="no gold manifest"):
        evaluate(tmp_path / "nowhere")
    with (small_gold / "relations.jsonl").open("a", encoding="utf-8") as f:
        f.write(json.dumps({"type": "LIKES", "source": "A", "target": "B"}) + "\n")
    with pytest.raises(GoldError, match=r"relations.jsonl:7: .*LIKES"):
        evaluate(small_gold, relations=[])


# --- the shipped gold set -------------------------------------------------------------------


@pytest.mark.parametrize(("manifest_path", "at_least"), [
    (GOLD_DIR, 300), (GOLD_DIR / "heldout.json", 100), (GOLD_DIR / "heldout2.json", 200),
    (GOLD_DIR / "heldout3.json", 100), (GOLD_DIR / "heldout4.json", 180)])
def test_shipped_gold_sets_match_themselves(manifest_path: Path, at_least: int) -> None:
    manifest = load_manifest(manifest_path)
    gold = [r for s in manifest["sets"] for r in read_gold_relations(s["relations"])]
    report = evaluate(manifest_path, relations=gold)
    assert report.overall.f1 == 1.0 and report.overall.gold >= at_least
    assert all(a.accuracy == 1.0 for a in report.attributes)
    assert "Disney" in manifest["aliases"]["The Walt Disney Company"]  # shared alias file


def test_shipped_gold_set_covers_every_type_with_real_evidence() -> None:
    manifest = load_manifest(GOLD_DIR)
    articles = {}
    for entry in manifest["sets"]:
        for path in entry["articles"]:
            if path.endswith(".jsonl"):
                for line in Path(path).read_text(encoding="utf-8").splitlines():
                    a = json.loads(line)
                    articles[a["id"]] = a["text"]
    assert len(articles) >= 45
    heldout = Path(load_manifest(GOLD_DIR / "heldout.json")["sets"][0]["articles"][0])
    for line in heldout.read_text(encoding="utf-8").splitlines():
        assert json.loads(line)["id"] not in articles
    assert all(80 <= len(text.split()) <= 300 for text in articles.values())
    gold = read_gold_relations(GOLD_DIR / "relations.jsonl")
    distinct = Counter(t for t, *_ in {(r.type, r.source, r.target) for r in gold})
    assert all(distinct[t] >= 8 for t in RELATION_TYPES), distinct
    statuses = {r.properties.get("status") for r in gold}
    assert {"denied", "in_talks", "cancelled", "withdrawn", "paused", "ended",
            "planned"} <= statuses
    for r in gold:
        text = articles[r.evidence.doc_id]
        assert text[r.evidence.start:r.evidence.end] == r.evidence.sentence


# --- kg eval ------------------------------------------------------------------------------


def test_kg_eval_runs_the_extractor_and_prints_every_type(small_gold: Path) -> None:
    result = CliRunner().invoke(main, ["eval", str(small_gold)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    for name in (*RELATION_TYPES, "ALL", "stake_pct"):
        assert any(line.split() and line.split()[0] == name for line in lines), name
    as_json = CliRunner().invoke(main, ["eval", str(small_gold), "--format", "json", "--errors"])
    data = json.loads(as_json.output)
    assert data["overall"]["gold"] == 6
    assert data["found_by_set"]["relations.jsonl"]["gold"] == 6
    assert {"false_positives", "false_negatives", "attribute_errors"} <= set(data)


def test_kg_eval_reports_a_missing_manifest_without_traceback(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["eval", str(tmp_path)])
    assert result.exit_code == 1
    assert "no gold manifest" in result.output and "Traceback" not in result.output
