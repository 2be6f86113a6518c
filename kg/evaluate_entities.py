"""Score entity resolution against gold clusters (`kg eval` prints it beside the relations).

The question is the one a user of the graph asks of its nodes: is one real-world entity one
node, and does the node carry the right label? A *name* is what the extractor gave as a
relation's end (``Relation.source``/``target`` before cross-article resolution); it lands in
a node. Gold clusters say which names are one entity and what label it has:

- pairwise precision: of the pairs of distinct names that share a node, the share gold calls
  one entity; pairwise recall: of the pairs of names gold calls one entity (both produced),
  the share that share a node;
- wrong-label share: of the nodes holding a name gold knows, those whose label is not the
  gold label of their names (a person as a Company node, a fragment such as "Martin" that is
  not an entity at all).

Clusters hold across all articles (the repository's own articles, where a name means one
entity) or within one article (the annotated corpus, whose invented names recur across
articles as other entities: there only pairs within an article count).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from kg.names import normalise_name
from kg.records import Relation

NOT_AN_ENTITY = "(not an entity)"

Name = tuple[str | None, str]
"""(scope, normalised name): scope is the article id when clusters hold within an article."""


@dataclass(frozen=True)
class Placed:
    """One name as the graph holds it: in which article it was read, and the node it is in."""

    doc_id: str
    name: str
    node: str
    label: str


@dataclass
class ClusterGold:
    """Gold clusters: name -> (cluster id, label); ``scoped`` when they hold per article."""

    clusters: dict[Name, tuple[str, str]]
    scoped: bool = False

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> ClusterGold:
        """The contents of a clusters file (data/entities-gold/*.json): ``entities`` with name,
        label and aliases, and ``not_entities``, names that must not be nodes at all.
        KeyError or TypeError when it is malformed."""
        clusters: dict[Name, tuple[str, str]] = {}
        for ent in data["entities"]:
            for name in (ent["name"], *ent.get("aliases", [])):
                clusters[None, normalise_name(name)] = (ent["name"], ent["label"])
        for ent in data.get("not_entities", []):
            clusters[None, normalise_name(ent["name"])] = (ent["name"], NOT_AN_ENTITY)
        return cls(clusters)

    @classmethod
    def from_corpus(cls, articles: Iterable[Any]) -> ClusterGold:
        """Clusters of annotated corpus articles (kg.corpus.CorpusArticle): each entity's name
        and mentions, within its article."""
        clusters: dict[Name, tuple[str, str]] = {}
        for art in articles:
            for span in art.entity_spans:
                key = (art.id, normalise_name(art.text[span.start:span.end]))
                clusters[key] = (span.name, span.label)
            for name, label in art.labels.items():
                clusters[art.id, normalise_name(name)] = (name, label)
        return cls(clusters, scoped=True)

    def lookup(self, doc_id: str, name: str) -> tuple[str, str] | None:
        return self.clusters.get((doc_id if self.scoped else None, normalise_name(name)))


@dataclass(frozen=True)
class EntityScore:
    """Pairwise scores of same-entity decisions and the share of wrongly labelled nodes."""

    gold_pairs: int
    predicted_pairs: int
    right_pairs: int
    nodes_judged: int
    nodes_wrong_label: int
    unknown_names: int  # names the gold does not know (left out of both scores)
    wrong_merges: list[tuple[str, str, str]] = field(default_factory=list)  # node, a, b
    missed_merges: list[tuple[str, str, str]] = field(default_factory=list)  # cluster, a, b
    wrong_labels: list[tuple[str, str, str]] = field(default_factory=list)  # node, has, gold

    @property
    def precision(self) -> float:
        return self.right_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.right_pairs / self.gold_pairs if self.gold_pairs else 1.0

    @property
    def wrong_label_share(self) -> float:
        return self.nodes_wrong_label / self.nodes_judged if self.nodes_judged else 0.0

    def summary(self) -> str:
        return (f"entities: pairwise precision {self.precision:.3f} recall {self.recall:.3f} "
                f"(same-entity name pairs: gold {self.gold_pairs}, in one node "
                f"{self.predicted_pairs}, right {self.right_pairs}); wrong-label nodes "
                f"{self.nodes_wrong_label}/{self.nodes_judged} ({self.wrong_label_share:.1%}); "
                f"names unknown to the gold {self.unknown_names}")

    def errors_text(self) -> str:
        """What `kg eval --errors` lists: wrong merges, missed merges, wrong labels."""
        parts = [(f"names merged that are different entities ({len(self.wrong_merges)})",
                  [f"{node}: {a} + {b}" for node, a, b in self.wrong_merges]),
                 (f"names of one entity left in different nodes ({len(self.missed_merges)})",
                  [f"{cluster}: {a} / {b}" for cluster, a, b in self.missed_merges]),
                 (f"nodes with the wrong label ({len(self.wrong_labels)})",
                  [f"{node}: {has}, gold {gold}" for node, has, gold in self.wrong_labels])]
        return "\n".join(f"\n{title}\n" + "\n".join(f"  {line}" for line in lines)
                         for title, lines in parts if lines)

    def to_dict(self, errors: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "pairwise_precision": round(self.precision, 3),
            "pairwise_recall": round(self.recall, 3), "gold_pairs": self.gold_pairs,
            "predicted_pairs": self.predicted_pairs, "right_pairs": self.right_pairs,
            "nodes_judged": self.nodes_judged, "nodes_wrong_label": self.nodes_wrong_label,
            "wrong_label_share": round(self.wrong_label_share, 4),
            "unknown_names": self.unknown_names,
        }
        if errors:
            out.update(wrong_merges=self.wrong_merges, missed_merges=self.missed_merges,
                       wrong_labels=self.wrong_labels)
        return out


def score_entities(placed: Iterable[Placed], gold: ClusterGold) -> EntityScore:
    """Score where names landed (see the module docstring)."""
    items: dict[tuple[Name, str], tuple[str, str]] = {}  # (name, node) -> gold cluster, label
    labels: dict[str, str] = {}
    shown: dict[Name, str] = {}
    unknown: set[Name] = set()
    for p in placed:
        name: Name = (p.doc_id if gold.scoped else None, normalise_name(p.name))
        shown.setdefault(name, p.name)
        labels[p.node] = p.label
        found = gold.lookup(p.doc_id, p.name)
        if found is None:
            unknown.add(name)
        else:
            items[name, p.node] = found
    by_node: dict[str, list[tuple[Name, str]]] = defaultdict(list)
    by_cluster: dict[tuple[str | None, str], list[tuple[Name, str]]] = defaultdict(list)
    for (name, node), (cluster, label) in items.items():
        by_node[node].append((name, cluster))
        if label != NOT_AN_ENTITY:
            by_cluster[name[0], cluster].append((name, node))
    predicted, right, wrong_merges = 0, 0, []
    for node, members in by_node.items():
        for (a, ca), (b, cb) in combinations(members, 2):
            if gold.scoped and a[0] != b[0]:
                continue
            predicted += 1
            if ca == cb:
                right += 1
            else:
                wrong_merges.append((node, shown[a], shown[b]))
    gold_pairs, missed = 0, []
    for (_, cluster), members in by_cluster.items():
        for (a, na), (b, nb) in combinations(members, 2):  # a == b: one name in two nodes
            gold_pairs += 1
            if na != nb:
                missed.append((cluster, shown[a], shown[b]))
    wrong_labels = []
    for node, members in by_node.items():
        votes = Counter(items[name, node][1] for name, _ in members)
        expected = votes.most_common(1)[0][0]
        if expected != labels[node]:
            wrong_labels.append((node, labels[node], expected))
    return EntityScore(gold_pairs, predicted, right, len(by_node), len(wrong_labels),
                       len(unknown - {n for n, _ in items}), wrong_merges, missed,
                       wrong_labels)


def placed_names(raw: Iterable[Relation], resolved: Iterable[Relation | None] | None = None
                 ) -> list[Placed]:
    """Where the ends of extracted relations (``raw``) landed: the node of the relation that
    resolution made of each (``resolved``, in the same order; None where it dropped one),
    or without resolution the node of the name itself."""
    raw = list(raw)
    out = []
    for rel, res in zip(raw, raw if resolved is None else resolved, strict=True):
        if res is None:
            continue
        out.append(Placed(rel.evidence.doc_id, rel.source, res.source_id, res.source_label))
        out.append(Placed(rel.evidence.doc_id, rel.target, res.target_id, res.target_label))
    return out
