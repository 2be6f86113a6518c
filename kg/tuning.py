"""Per-type probability thresholds for the trained extractor, chosen on the dev split only.

The model gives every candidate pair a probability per type; where to cut differs by type
(a rare type's probabilities run lower). For each type the threshold on a grid that scores
best by F-beta with beta 0.5 (precision counts more than recall: a wrong edge costs more than
a missing one) is kept, among thresholds reaching ``MIN_PRECISION`` on dev when any does. The
thresholds are written beside the pipeline (``thresholds.json``) and the extractor reads them
from there, so a model and its cut-offs always travel together; so are the confidence maps
that `fit_calibration` learns on the same split (``calibration.json``, `kg.calibration`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from kg.calibration import calibrate, expected_calibration_error, fit_isotonic, reliability
from kg.evaluate import Score, corpus_gold, evaluate_corpus
from kg.extract import extract
from kg.extract.combine import combine
from kg.extract.learned import (
    CALIBRATION_FILE,
    COMBINED_FILE,
    THRESHOLDS_FILE,
    LearnedExtractor,
    load_calibration,
)
from kg.extract.pipeline import EXTRACTORS, load_model, rule_relations
from kg.schema import RELATION_TYPES

GRID = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
ADDITION_GRID = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.97, 0.98, 0.99, 0.995)
BETA = 0.5
MIN_PRECISION = 0.8


def f_beta(s: Score, beta: float = BETA) -> float:
    """F-beta of one score row (0 when nothing was found)."""
    p, r = s.precision, s.recall
    b2 = beta * beta
    return (1 + b2) * p * r / (b2 * p + r) if p + r else 0.0


def tune_thresholds(corpus: Iterable[str | Path], model: Path, split: str = "dev"
                    ) -> dict[str, dict[str, float]]:
    """Each type's best threshold on ``split`` with its dev precision, recall and F-beta."""
    corpus = list(corpus)
    articles = corpus_gold(corpus, split)[0]
    lowest = LearnedExtractor({t: min(GRID) for t in RELATION_TYPES}, model)
    scored = [r for _, rels in lowest.pipe(articles) for r in rels]
    rows: dict[str, list[tuple[float, Score]]] = {t: [] for t in RELATION_TYPES}
    for cut in GRID:
        report = evaluate_corpus(corpus, split, [r for r in scored if r.confidence >= cut])
        for s in report.per_type:
            rows[s.type].append((cut, s))
    chosen = {}
    for rel_type, options in rows.items():
        precise = [o for o in options if o[1].precision >= MIN_PRECISION] or options
        cut, s = max(precise, key=lambda o: (f_beta(o[1]), o[0]))
        chosen[rel_type] = {"threshold": cut, "precision": round(s.precision, 3),
                            "recall": round(s.recall, 3), "f_beta": round(f_beta(s), 3)}
    return chosen


def write_thresholds(model: Path, tuned: dict[str, dict[str, float]]) -> Path:
    """Store the chosen thresholds beside the pipeline, where the extractor looks."""
    path = model / THRESHOLDS_FILE
    path.write_text(json.dumps({t: v["threshold"] for t, v in sorted(tuned.items())},
                               indent=2) + "\n", encoding="utf-8")
    return path


def tune_addition(corpus: Iterable[str | Path], model: Path, split: str = "dev"
                  ) -> dict[str, float]:
    """The lowest probability on ``ADDITION_GRID`` at which the model's relations, added to
    the rules', keep the combined precision on ``split`` at the rules' own (precision first:
    the model may add facts, not lower the share that is right); the highest cut when none
    does. Returns the cut with the rules' and the combined precision and recall there."""
    corpus = list(corpus)
    articles = corpus_gold(corpus, split)[0]
    rules = {a.id: rels for a, rels in rule_relations(articles, load_model())}
    model_rels = {a.id: rels for a, rels in LearnedExtractor(path=model).pipe(articles)}
    base = evaluate_corpus(corpus, split, [r for rels in rules.values() for r in rels]).overall
    rows = []
    for cut in ADDITION_GRID:
        both = [r for aid, rels in rules.items() for r in combine(rels, model_rels[aid], cut)]
        rows.append((cut, evaluate_corpus(corpus, split, both).overall))
    cut, s = next(((c, s) for c, s in rows if s.precision >= base.precision), rows[-1])
    return {"add_at": cut, "rules_precision": round(base.precision, 3),
            "rules_recall": round(base.recall, 3), "precision": round(s.precision, 3),
            "recall": round(s.recall, 3)}


def write_addition(model: Path, tuned: dict[str, float]) -> Path:
    """Store the addition cut (and the dev figures it was chosen by) beside the pipeline."""
    path = model / COMBINED_FILE
    path.write_text(json.dumps(tuned, indent=2) + "\n", encoding="utf-8")
    return path


def fit_calibration(corpus: Iterable[str | Path], model: Path, split: str = "dev"
                    ) -> dict[str, list[tuple[float, float]]]:
    """For each extractor, the isotonic map from its raw confidence to the share of its
    triples that ``split`` confirms, kept only where it helps on text it was not fitted on:
    fitted on half the articles and scored on the other half (both ways), its expected
    calibration error must beat the raw confidences'; otherwise the map is empty. Run after
    the thresholds are written: the model's relations are those that pass them."""
    corpus = list(corpus)
    articles = corpus_gold(corpus, split)[0]
    halves = [{a.id for k, a in enumerate(articles) if k % 2 == h} for h in (0, 1)]
    fitted = {}
    for use in EXTRACTORS:
        raw = list(extract(articles, use=use, model=model, calibrated=False))
        parts = [evaluate_corpus(corpus, split, [r for r in raw if r.evidence.doc_id in ids])
                 .scored for ids in halves]
        held_out = [(calibrate(c, fit_isotonic(parts[1 - h])), right)
                    for h in (0, 1) for c, right in parts[h]]
        helps = (expected_calibration_error(reliability(held_out))
                 < expected_calibration_error(reliability(parts[0] + parts[1])))
        fitted[use] = fit_isotonic(parts[0] + parts[1]) if helps else []
    return fitted


def write_calibration(model: Path, fitted: dict[str, list[tuple[float, float]]]) -> Path:
    """Store the confidence maps beside the pipeline, where `kg.extract` looks."""
    path = model / CALIBRATION_FILE
    path.write_text(json.dumps(fitted, indent=1) + "\n", encoding="utf-8")
    load_calibration.cache_clear()
    return path
