"""The corpus format, its DocBin conversion, and `kg train` on a tiny corpus (real spaCy)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.corpus import parse_article, read_corpus
from kg.extract.corpus_docbin import Conversion, article_doc, blank_pipeline
from kg.extract.relation_component import gold_pairs
from kg.records import Article

TINY = Path(__file__).parent / "data" / "tiny_corpus.jsonl"


def _raw(**changes):
    raw = json.loads(TINY.read_text(encoding="utf-8").splitlines()[0])
    raw.update(changes)
    return raw


def test_annotations_resolve_to_exact_spans():
    article, problems = parse_article(_raw())
    assert problems == []
    rel = article.relations[0]
    assert article.text[slice(*rel.source_span)] == "Brivola Systems"
    assert article.text[slice(*rel.target_span)] == "Kettlewick"


@pytest.mark.parametrize("change, message", [
    ({"evidence": "Brivola bought Kettlewick."}, "not an exact copy"),
    ({"source": "Nobody Inc"}, "not in the article's entities"),
    ({"properties": {}}, "has no status"),
    ({"properties": {"status": "rumoured"}}, "status"),
    ({"target_text": "Ardent"}, "not in the evidence"),
])
def test_annotations_that_cannot_be_placed_are_reported(change, message):
    raw = _raw()
    raw["relations"][0].update(change)
    _article, problems = parse_article(raw)
    assert len(problems) == 1 and message in problems[0], problems


def test_docbin_pairs_carry_the_true_types_both_ways_for_symmetric_types():
    article, _ = parse_article(_raw())
    doc = article_doc(blank_pipeline(), article, Conversion())
    assert [(e.text, e.label_, e.kb_id_) for e in doc.ents][:2] == [
        ("Brivola Systems", "Company", "Brivola Systems"), ("Kettlewick", "Company", "Kettlewick")]
    by_text = {(doc[s0:s1].text, doc[t0:t1].text): types
               for (s0, s1, t0, t1), types in gold_pairs(doc).items()}
    assert by_text[("Brivola Systems", "Kettlewick")] == ["ACQUIRES"]
    assert ("Kettlewick", "Brivola Systems") not in by_text  # direction is part of the fact
    assert by_text[("Kettlewick", "Ardent Loop")] == by_text[("Ardent Loop", "Kettlewick")] == [
        "COMPETES_WITH"]


def test_the_split_is_by_article_and_stable():
    splits = {a.id: a.split for a, _, _ in read_corpus([TINY])}
    assert splits["x1-0007"] == "dev" and splits["x1-0001"] == "train"


@pytest.mark.slow
def test_train_on_a_tiny_corpus_gives_a_pipeline_that_loads_and_predicts(tmp_path):
    from kg.extract.learned import LearnedExtractor, load_pipeline
    from kg.extract.training import train

    out = train(TINY.parent, tmp_path / "model", max_steps=30, eval_frequency=10,
                progress=lambda _: None)
    nlp = load_pipeline(out)
    assert nlp.pipe_names == ["sentencizer", "tok2vec", "ner", "kg_relations"]
    doc = nlp("Brivola Systems bought Kettlewick for $40 million in cash.")
    assert isinstance(doc._.kg_relations, dict)
    for probs in doc._.kg_relations.values():
        assert set(probs) >= {"ACQUIRES", "INVESTS_IN"}
        assert all(0.0 <= p <= 1.0 for p in probs.values())
    rels = LearnedExtractor(path=out).relations(Article("a1", doc.text))
    assert all(r.evidence.extractor == "model" for r in rels)

    from kg.schema import RELATION_TYPES
    from kg.tuning import GRID, tune_thresholds, write_thresholds

    tuned = tune_thresholds([TINY.parent], out)
    assert set(tuned) == set(RELATION_TYPES)
    assert all(row["threshold"] in GRID for row in tuned.values())
    write_thresholds(out, tuned)
    assert LearnedExtractor(path=out).thresholds == {t: row["threshold"]
                                                     for t, row in tuned.items()}

    from kg.extract.learned import load_addition_cut
    from kg.tuning import ADDITION_GRID, tune_addition, write_addition

    added = tune_addition([TINY.parent], out)
    assert added["add_at"] in ADDITION_GRID
    assert added["precision"] >= added["rules_precision"] or added["add_at"] == ADDITION_GRID[-1]
    write_addition(out, added)
    assert load_addition_cut(out) == added["add_at"]

    from kg.extract.learned import load_calibration
    from kg.tuning import fit_calibration, write_calibration

    write_calibration(out, fit_calibration([TINY.parent], out))
    maps = load_calibration(out)
    assert set(maps) == {"rules", "model", "combined"}



def test_scored_pairs_become_labelled_relations_at_each_types_threshold(tmp_path):
    from spacy.tokens import Span

    from kg.extract.learned import LearnedExtractor

    doc = blank_pipeline()("Brivola Systems plans to buy Kettlewick. "
                           "Ardent Loop competes with Kettlewick.")
    doc.ents = [Span(doc, 0, 2, "Company"), Span(doc, 5, 6, "Company"),
                Span(doc, 7, 9, "Company"), Span(doc, 11, 12, "Company")]
    doc._.kg_relations = {(0, 2, 5, 6): {"ACQUIRES": 0.9, "INVESTS_IN": 0.4},
                          (7, 9, 11, 12): {"COMPETES_WITH": 0.8}}
    extractor = LearnedExtractor({"ACQUIRES": 0.5, "INVESTS_IN": 0.5, "COMPETES_WITH": 0.9},
                                 path=tmp_path)
    rels = extractor.relations(Article("a1", doc.text), doc)
    assert [(r.type, r.source, r.target, r.source_label, r.properties["status"], r.confidence)
            for r in rels] == [("ACQUIRES", "Brivola Systems", "Kettlewick", "Company",
                                "planned", 0.9)]
    assert rels[0].evidence.sentence == "Brivola Systems plans to buy Kettlewick."


def test_extract_reports_the_calibrated_confidence_of_its_extractor(tmp_path):
    from kg.extract import extract
    from kg.tuning import write_calibration

    write_calibration(tmp_path, {"rules": [(0.5, 0.2), (1.0, 0.61)], "model": [],
                                 "combined": []})
    text = [Article("a2", "Delmore Group agreed to buy Finchley Robotics for $410 million.")]
    raw = list(extract(text, use="rules", model=tmp_path, calibrated=False))
    assert raw and all(r.confidence > 0.5 for r in raw)
    assert [r.confidence for r in extract(text, use="rules", model=tmp_path)] == [
        0.61] * len(raw)


def test_an_anaphor_pair_becomes_a_relation_with_the_name_before_and_both_sentences(tmp_path):
    from spacy.tokens import Span

    from kg.extract.learned import LearnedExtractor
    from kg.extract.relation_component import candidates

    text = "Quorvane raised $18 million on Monday. The company named Ilse Varga its CFO."
    doc = blank_pipeline()(text)
    doc.ents = [Span(doc, 0, 1, "Company"), Span(doc, 11, 13, "Person")]
    pairs = {(c.s0, c.s1, c.t0, c.t1): (c.source_anaphor, c.target_anaphor)
             for c in candidates(doc)}
    assert pairs[(11, 13, 8, 10)] == (False, True)  # Ilse Varga -> "The company"
    assert (0, 1, 11, 13) not in pairs  # no pair across sentences without an anaphor
    doc._.kg_relations = {(11, 13, 8, 10): {"HOLDS_ROLE": 0.9}}
    rels = LearnedExtractor({"HOLDS_ROLE": 0.5}, path=tmp_path).relations(Article("a", text),
                                                                           doc)
    assert [(r.type, r.source, r.target, r.evidence.sentence) for r in rels] == [
        ("HOLDS_ROLE", "Ilse Varga", "Quorvane", text)]


def test_docbin_pairs_an_argument_with_the_anaphor_that_stands_for_the_other():
    text = "Oriel Fund invested $5 million in Pemberly Labs. The company named Mara Quint CEO."
    raw = {"id": "x9-0001", "writer": "x9", "style": "brief", "text": text,
           "entities": [{"name": "Oriel Fund", "label": "Company"},
                        {"name": "Pemberly Labs", "label": "Company"},
                        {"name": "Mara Quint", "label": "Person"}],
           "relations": [{"type": "HOLDS_ROLE", "source": "Mara Quint",
                          "target": "Pemberly Labs", "target_text": "The company",
                          "evidence": text, "properties": {"status": "active"}}]}
    article, problems = parse_article(raw)
    assert not problems
    stats = Conversion()
    doc = article_doc(blank_pipeline(), article, stats)
    by_text = {(doc[s0:s1].text, doc[t0:t1].text): types
               for (s0, s1, t0, t1), types in gold_pairs(doc).items()}
    assert by_text == {("Mara Quint", "The company"): ["HOLDS_ROLE"]}
    assert stats.mentions["anaphor"] == 1 and stats.mentions["cross_sentence"] == 0


def test_an_argument_surface_inside_another_entitys_name_is_refused():
    raw = _raw()
    raw["relations"][0]["target_text"] = "Brivola"
    _article, problems = parse_article(raw)
    assert len(problems) == 1 and "is a mention of 'Brivola Systems'" in problems[0], problems
