"""Score extracted relations against the gold set in ``data/gold`` (`kg eval`).

Scoring is at corpus level: the gold and the predicted relations are each reduced to a set of
(type, source, target) triples over all annotated articles, ends unordered for symmetric types,
names compared after normalisation and alias resolution. Precision, recall and F1 are given
per relation type and micro-averaged; attribute accuracy (amount, stake, status, role) is
measured on the triples both sides share. False positives and negatives keep one evidence
sentence each so that a failure can be traced to its text.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from itertools import groupby
from pathlib import Path
from typing import Any

import pandas as pd

from kg.evaluate_entities import ClusterGold, EntityScore, placed_names, score_entities
from kg.names import entity_rows, normalise_name
from kg.records import Relation
from kg.resolve import resolve_relations
from kg.schema import RELATION_TYPES, SYMMETRIC_TYPES, SchemaError

MANIFEST = "gold.json"
ATTRIBUTES: tuple[str, ...] = ("amount", "stake_pct", "status", "role")
AMOUNT_TOLERANCE = 0.01  # relative
STAKE_TOLERANCE = 0.05  # percentage points

_ROLE_WORDS = [  # longest first, so "chief executive officer" is not read as "ceo officer"
    ("chief executive officer", "ceo"), ("chief executive", "ceo"),
    ("chief financial officer", "cfo"), ("chief technology officer", "cto"),
    ("chief operating officer", "coo"), ("chief revenue officer", "cro"),
    ("chief product officer", "cpo"), ("vice president", "vp"), ("senior vp", "svp"),
    ("chairman", "chair"), ("chairwoman", "chair"), ("chairperson", "chair"),
]

Triple = tuple[str, str, str]


class GoldError(Exception):
    """The gold set cannot be read: missing manifest, missing file, malformed relation."""


@dataclass(frozen=True)
class Score:
    """Counts and scores for one relation type (or ``ALL`` for the micro average)."""

    type: str
    gold: int
    predicted: int
    tp: int

    @property
    def fp(self) -> int:
        return self.predicted - self.tp

    @property
    def fn(self) -> int:
        return self.gold - self.tp

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_row(self) -> dict[str, Any]:
        return {"type": self.type, "gold": self.gold, "predicted": self.predicted,
                "tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": round(self.precision, 3), "recall": round(self.recall, 3),
                "f1": round(self.f1, 3)}


@dataclass(frozen=True)
class AttributeScore:
    """How often an attribute is right on matched triples whose gold gives it."""

    name: str
    compared: int
    correct: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.compared if self.compared else 0.0

    def as_row(self) -> dict[str, Any]:
        return {"attribute": self.name, "compared": self.compared, "correct": self.correct,
                "accuracy": round(self.accuracy, 3)}


@dataclass(frozen=True)
class Mismatch:
    """One error for debugging: a triple (and, for attributes, the values) with its evidence."""

    kind: str  # false_positive, false_negative or the attribute name
    type: str
    source: str
    target: str
    doc_id: str
    sentence: str
    expected: Any = None
    got: Any = None

    def as_row(self) -> dict[str, Any]:
        row = {"kind": self.kind, "type": self.type, "source": self.source,
               "target": self.target, "doc_id": self.doc_id, "sentence": self.sentence}
        if self.kind not in ("false_positive", "false_negative"):
            row.update(expected=self.expected, got=self.got)
        return row


@dataclass(frozen=True)
class EvalReport:
    """What `kg eval` prints: per-type scores, the micro average, attributes and errors."""

    per_type: list[Score]
    overall: Score
    attributes: list[AttributeScore]
    false_positives: list[Mismatch] = field(default_factory=list)
    false_negatives: list[Mismatch] = field(default_factory=list)
    attribute_errors: list[Mismatch] = field(default_factory=list)
    found_by_set: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Per gold file of the manifest: (gold triples found, gold triples)."""
    scored: list[tuple[float, bool]] = field(default_factory=list)
    """Per predicted triple: (its best confidence, whether the gold has it), for
    `kg.calibration`."""
    entities: EntityScore | None = None
    """Entity resolution against the gold clusters, when the gold set has them."""

    def scores_frame(self) -> pd.DataFrame:
        """One row per relation type plus a final ``ALL`` row (micro average)."""
        return pd.DataFrame([s.as_row() for s in (*self.per_type, self.overall)])

    def attributes_frame(self) -> pd.DataFrame:
        return pd.DataFrame([a.as_row() for a in self.attributes],
                            columns=["attribute", "compared", "correct", "accuracy"])

    def errors_frame(self) -> pd.DataFrame:
        rows = [m.as_row() for m in (*self.false_positives, *self.false_negatives,
                                     *self.attribute_errors)]
        return pd.DataFrame(rows, columns=["kind", "type", "source", "target", "doc_id",
                                           "sentence", "expected", "got"])

    def to_dict(self, errors: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "per_type": [s.as_row() for s in self.per_type],
            "overall": self.overall.as_row(),
            "attributes": [a.as_row() for a in self.attributes],
            "found_by_set": {name: {"found": f, "gold": n}
                             for name, (f, n) in self.found_by_set.items()},
        }
        if self.entities is not None:
            out["entities"] = self.entities.to_dict(errors)
        if errors:
            out["false_positives"] = [m.as_row() for m in self.false_positives]
            out["false_negatives"] = [m.as_row() for m in self.false_negatives]
            out["attribute_errors"] = [m.as_row() for m in self.attribute_errors]
        return out


def normalise_role(role: str) -> str:
    """Comparison key of a job title: "Chief Executive Officer" and "CEO" are the same."""
    text = " " + re.sub(r"[^a-z0-9]+", " ", role.lower()).strip() + " "
    for long, short in _ROLE_WORDS:
        text = text.replace(f" {long} ", f" {short} ")
    return text.strip()


class NameResolver:
    """Maps any name to the key of its canonical entity.

    The gold set's own alias table is trusted. Groups from the shared entity list are used
    only when they do not merge two entities the gold set keeps apart (the list folding AWS
    into Amazon must not turn a wrong Amazon edge into a match).
    """

    def __init__(self, gold_aliases: dict[str, list[str]], gold_names: Iterable[str],
                 entity_groups: Iterable[list[str]] = ()) -> None:
        self._key: dict[str, str] = {}
        for canonical, aliases in gold_aliases.items():
            for alias in (canonical, *aliases):
                self._key[normalise_name(alias)] = normalise_name(canonical)
        gold_keys = {self.key(n) for n in gold_names}
        self.skipped_groups: list[list[str]] = []
        for group in entity_groups:
            keys = {self.key(n) for n in group}
            in_gold = keys & gold_keys
            if len(in_gold) > 1:
                self.skipped_groups.append(group)
                continue
            target = in_gold.pop() if in_gold else self.key(group[0])
            for name in group:
                self._key.setdefault(normalise_name(name), target)

    def key(self, name: str) -> str:
        norm = normalise_name(name)
        return self._key.get(norm, norm)


@dataclass
class _Side:
    """One side (gold or predicted): relations grouped by triple."""

    by_triple: dict[Triple, list[Relation]] = field(default_factory=lambda: defaultdict(list))

    def add(self, triple: Triple, rel: Relation) -> None:
        self.by_triple[triple].append(rel)


def load_manifest(gold_dir: str | Path) -> dict[str, Any]:
    """The gold manifest with article and relation paths made absolute."""
    gold_dir = Path(gold_dir)
    path = gold_dir / MANIFEST if gold_dir.is_dir() else gold_dir
    if not path.is_file():
        raise GoldError(f"no gold manifest at {path}; a gold folder holds a {MANIFEST} that "
                        "lists article files and the relations file annotating them")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        sets = manifest["sets"]
        for entry in sets:
            entry["articles"] = [str((path.parent / p).resolve()) for p in entry["articles"]]
            entry["relations"] = str((path.parent / entry["relations"]).resolve())
    except (ValueError, KeyError, TypeError) as exc:
        raise GoldError(f"{path}: malformed manifest ({exc}); expected "
                        '{"sets": [{"articles": [...], "relations": "..."}]}') from exc
    for entry in sets:
        for p in (*entry["articles"], entry["relations"]):
            if not Path(p).exists():
                raise GoldError(f"{path} names {p}, which does not exist")
    manifest["aliases"] = _aliases(path, manifest.get("aliases", {}))
    manifest["entities"] = _clusters(path, manifest["entities"]) if "entities" in manifest \
        else None
    manifest["path"] = str(path)
    return manifest


def _aliases(manifest: Path, aliases: dict[str, list[str]] | str) -> dict[str, list[str]]:
    """The alias table: inline in the manifest, or a JSON file (relative to it) holding one
    under "aliases", so that several manifests can share it."""
    if isinstance(aliases, dict):
        return aliases
    path = manifest.parent / aliases
    try:
        return json.loads(path.read_text(encoding="utf-8"))["aliases"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise GoldError(f"{manifest}: alias table {path} cannot be read ({exc})") from exc


def _clusters(manifest: Path, relative: str) -> ClusterGold:
    """The gold entity clusters a manifest names (a file relative to it)."""
    path = manifest.parent / relative
    try:
        return ClusterGold.from_data(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise GoldError(f"{manifest}: entity clusters {path} cannot be read ({exc})") from exc


def read_gold_relations(path: str | Path) -> list[Relation]:
    """Gold relations of one JSONL file, each checked against the schema."""
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                out.append(Relation.from_dict(json.loads(line)))
            except (ValueError, KeyError, TypeError, SchemaError) as exc:
                raise GoldError(f"{path}:{n}: not a valid relation: {exc}") from exc
    return out


def _entity_groups() -> list[list[str]]:
    """Name groups (canonical first) of the shared entity list (``kg/data/entities``)."""
    return [[e["name"], *e.get("aliases", [])] for e in entity_rows()]


def _predict(articles: list[str], processes: int, use: str) -> list[Relation]:
    from kg.articles import read_articles
    from kg.extract import extract

    problems: list[str] = []
    rels = list(extract(read_articles(articles, on_error=lambda p: problems.append(str(p))),
                        processes=processes, use=use))
    if problems:
        raise GoldError("gold articles could not be read: " + "; ".join(problems))
    return rels


def evaluate(gold_dir: str | Path, relations: Iterable[Relation] | None = None, *,
             processes: int = 1, use: str = "rules") -> EvalReport:
    """Score ``relations`` (by default: ``kg.extract`` run on the annotated articles)."""
    manifest = load_manifest(gold_dir)
    gold_sets = {entry.get("name", Path(entry["relations"]).name):
                 read_gold_relations(entry["relations"])
                 for entry in manifest["sets"]}
    gold_rels = [r for rels in gold_sets.values() for r in rels]
    if relations is None:
        articles = [p for entry in manifest["sets"] for p in entry["articles"]]
        relations = _predict(articles, processes, use)
    raw = list(relations)
    resolved = resolve_relations(raw)
    relations = [r for r in resolved if r is not None]
    resolver = NameResolver(manifest["aliases"],
                            [n for r in gold_rels for n in (r.source, r.target)],
                            _entity_groups())
    predicted = {_triple(r, resolver.key) for r in relations}
    found = {}
    for name, rels in gold_sets.items():
        triples = {_triple(r, resolver.key) for r in rels}
        found[name] = (len(triples & predicted), len(triples))
    entities = manifest["entities"]
    return replace(score(gold_rels, relations, resolver.key), found_by_set=found,
                   entities=score_entities(placed_names(raw, resolved), entities)
                   if entities is not None else None)


def score(gold: Iterable[Relation], predicted: Iterable[Relation],
          key: Callable[[str], str] = normalise_name) -> EvalReport:
    """Compare two relation collections at corpus level (see the module docstring)."""
    g, p = _Side(), _Side()
    for side, rels in ((g, gold), (p, predicted)):
        for rel in rels:
            side.add(_triple(rel, key), rel)
    per_type = []
    for t in RELATION_TYPES:
        gt = {x for x in g.by_triple if x[0] == t}
        pt = {x for x in p.by_triple if x[0] == t}
        per_type.append(Score(t, len(gt), len(pt), len(gt & pt)))
    overall = Score("ALL", sum(s.gold for s in per_type), sum(s.predicted for s in per_type),
                    sum(s.tp for s in per_type))
    scored = [(max(r.confidence for r in rels), triple in g.by_triple)
              for triple, rels in p.by_triple.items()]
    matched = sorted(g.by_triple.keys() & p.by_triple.keys())
    attributes, attribute_errors = _attributes(matched, g, p)
    return EvalReport(
        per_type=per_type, overall=overall, attributes=attributes,
        false_positives=[_mismatch("false_positive", p.by_triple[t][0])
                         for t in sorted(p.by_triple.keys() - g.by_triple.keys())],
        false_negatives=[_mismatch("false_negative", g.by_triple[t][0])
                         for t in sorted(g.by_triple.keys() - p.by_triple.keys())],
        attribute_errors=attribute_errors, scored=scored,
    )


def _triple(rel: Relation, key: Callable[[str], str]) -> Triple:
    a, b = key(rel.source), key(rel.target)
    if rel.type in SYMMETRIC_TYPES and b < a:
        a, b = b, a
    return (rel.type, a, b)


def _mismatch(kind: str, rel: Relation, expected: Any = None, got: Any = None) -> Mismatch:
    return Mismatch(kind, rel.type, rel.source, rel.target, rel.evidence.doc_id,
                    rel.evidence.sentence, expected, got)


def _attributes(matched: list[Triple], g: _Side, p: _Side
                ) -> tuple[list[AttributeScore], list[Mismatch]]:
    """Attribute accuracy on matched triples.

    A triple's attribute is right when the prediction gives it and every predicted value
    agrees with one of the values the gold mentions of the triple give (articles may report
    a deal at different stages). Missing predicted values count as wrong.
    """
    compared: dict[str, int] = dict.fromkeys(ATTRIBUTES, 0)
    correct: dict[str, int] = dict.fromkeys(ATTRIBUTES, 0)
    errors = []
    for triple in matched:
        for attr in ATTRIBUTES:
            expected = _values(g.by_triple[triple], attr)
            if not expected:
                continue
            got = _values(p.by_triple[triple], attr)
            compared[attr] += 1
            if got and all(any(_same(attr, x, e) for e in expected) for x in got):
                correct[attr] += 1
            else:
                errors.append(_mismatch(attr, g.by_triple[triple][0],
                                        _show(expected), _show(got)))
    scores = [AttributeScore(a, compared[a], correct[a]) for a in ATTRIBUTES]
    return scores, errors


def _values(rels: list[Relation], attr: str) -> list[tuple[Any, Any]]:
    """Distinct (value, currency) pairs of an attribute over some mentions."""
    out: list[tuple[Any, Any]] = []
    for rel in rels:
        value = rel.properties.get(attr)
        if value is None:
            continue
        pair = (value, rel.properties.get("currency") if attr == "amount" else None)
        if pair not in out:
            out.append(pair)
    return out


def _same(attr: str, got: tuple[Any, Any], expected: tuple[Any, Any]) -> bool:
    (x, x_cur), (e, e_cur) = got, expected
    try:
        if attr == "amount":
            same_currency = x_cur is None or e_cur is None or x_cur == e_cur
            return same_currency and abs(float(x) - float(e)) <= AMOUNT_TOLERANCE * abs(float(e))
        if attr == "stake_pct":
            return abs(float(x) - float(e)) <= STAKE_TOLERANCE
    except (TypeError, ValueError):
        return False
    if attr == "role":
        return normalise_role(str(x)) == normalise_role(str(e))
    return x == e


def _show(values: list[tuple[Any, Any]]) -> str:
    return ", ".join(f"{v} {c}" if c else str(v) for v, c in values) or "-"


def corpus_gold(corpus: Iterable[str | Path], split: str
                ) -> tuple[list[Any], list[Relation], dict[str, dict[str, str]], ClusterGold]:
    """(articles, gold relations, per-article name table, entity clusters) of one split of the
    annotated corpus.

    The name table maps every surface form an article's annotation lists to the entity's
    canonical name, so a prediction that says "Norvik" for "Norvik Labs" counts as found.
    """
    from kg.corpus import read_corpus
    from kg.records import Article, Evidence

    articles, gold, names, annotated = [], [], {}, []
    for art, _where, _problems in read_corpus(Path(p) for p in corpus):
        if art is None or art.split != split:
            continue
        annotated.append(art)
        articles.append(Article(id=art.id, text=art.text, title=art.title,
                                published=art.published))
        table = names.setdefault(art.id, {})
        for span in art.entity_spans:
            table[normalise_name(art.text[span.start:span.end])] = span.name
        for name in art.labels:
            table[normalise_name(name)] = name
        for rel in art.relations:
            if rel.negative:
                continue
            lo, hi = rel.evidence_span
            ev = Evidence(art.id, art.text[lo:hi], lo, hi, "gold")
            try:
                gold.append(Relation(rel.type, rel.source, rel.target, art.labels[rel.source],
                                     art.labels[rel.target], ev, dict(rel.properties)))
            except SchemaError:
                continue
    return articles, gold, names, ClusterGold.from_corpus(annotated)


def _in_article(rel: Relation, names: dict[str, dict[str, str]]) -> Relation:
    """The relation with both names made article-scoped canonical keys ("doc|name")."""
    table = names.get(rel.evidence.doc_id, {})
    doc = rel.evidence.doc_id

    def scoped(name: str) -> str:
        return f"{doc}|{normalise_name(table.get(normalise_name(name), name))}"

    return replace(rel, source=scoped(rel.source), target=scoped(rel.target))


def evaluate_corpus(corpus: Iterable[str | Path], split: str,
                    relations: Iterable[Relation] | None = None, *, processes: int = 1,
                    use: str = "rules") -> EvalReport:
    """Score relations on one split of the annotated corpus, per article: a triple is found
    when the same article states it (invented names recur across articles with other ties)."""
    articles, gold, names, clusters = corpus_gold(corpus, split)
    if not articles:
        raise GoldError(f"no {split} articles in {', '.join(map(str, corpus))}")
    if relations is None:
        from kg.extract import extract

        relations = extract(articles, processes=processes, use=use)
    raw = sorted(relations, key=lambda r: r.evidence.doc_id)  # resolved article by article:
    resolved = [res for _, rels in groupby(raw, key=lambda r: r.evidence.doc_id)  # the corpus
                for res in resolve_relations(rels)]  # says nothing of names across articles
    predicted = [_in_article(r, names) for r in resolved if r is not None]
    report = score([_in_article(r, names) for r in gold], predicted, key=lambda n: n)
    found = report.overall.tp, report.overall.gold
    return replace(report, found_by_set={f"corpus {split}": found},
                   entities=score_entities(placed_names(raw, resolved), clusters))
