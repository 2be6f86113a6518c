"""The trainable relation component: every pair of entities in a sentence, scored per type.

Candidates are the ordered pairs of Company, Person and Exchange entities of one sentence
whose labels some relation type joins, and pairs of an entity with an anaphor that stands
for a name in the sentence before ("The company named Dana Whitlow its CFO"); the model
(`kg.extract.relation_model`) gives each a probability per type and direction, and the
component stores them on ``doc._.kg_relations`` as
``{(source_start, source_end, target_start, target_end): {type: probability}}`` (token
offsets). In training the candidates come from the gold entities and sentences of the
reference Doc, whose ``user_data["kg_gold"]`` lists the true types of pairs as
``[source_start, source_end, target_start, target_end, [types]]`` rows
(`kg.extract.corpus_docbin` writes them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy
from spacy.language import Language
from spacy.pipeline import TrainablePipe
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import load_config_from_str
from thinc.api import Model, Optimizer

from kg.extract.anaphors import anaphors, antecedent
from kg.extract.relation_model import ENTITY_LABELS, Candidate
from kg.schema import RELATION_TYPES

Doc.set_extension("kg_relations", default=None, force=True)
GOLD_KEY = "kg_gold"
_JOINABLE = {(s, t) for rt in RELATION_TYPES.values()
             for s in rt.source_labels for t in rt.target_labels}

DEFAULT_MODEL = """
[model]
@architectures = "kg.relation_model.v1"
hidden_width = 128

[model.tok2vec]
@architectures = "spacy.HashEmbedCNN.v2"
pretrained_vectors = null
width = 96
depth = 4
embed_size = 2000
window_size = 1
maxout_pieces = 3
subword_features = true
"""


def gold_pairs(doc: Doc) -> dict[tuple[int, int, int, int], list[str]]:
    """The reference Doc's true pairs: token offsets -> types."""
    return {tuple(row[:4]): list(row[4]) for row in doc.user_data.get(GOLD_KEY, ())}


def candidates(doc: Doc) -> list[Candidate]:
    """Ordered pairs of arguments in one sentence that some relation type can join: two
    entities, or an entity and an anaphor (`kg.extract.anaphors`) with a name before it."""
    found: list[Candidate] = []
    for sent in doc.sents:
        args = [(e.start, e.end, e.label_, False) for e in doc.ents
                if e.label_ in ENTITY_LABELS and sent.start <= e.start and e.end <= sent.end]
        args += [(a.start, a.end, a.label, True) for a in anaphors(doc, sent)
                 if antecedent(doc, a) is not None]
        for a in args:
            for b in args:
                if a[0] != b[0] and not (a[3] and b[3]) and (a[2], b[2]) in _JOINABLE:
                    found.append(Candidate(a[0], a[1], b[0], b[1], a[2], b[2], a[3], b[3]))
    return found


@Language.factory(
    "kg_relations",
    default_config={"model": load_config_from_str(DEFAULT_MODEL)["model"], "threshold": 0.5},
    assigns=["doc._.kg_relations"],
    default_score_weights={"rel_f": 1.0, "rel_p": 0.0, "rel_r": 0.0},
)
def make_relation_extractor(nlp: Language, name: str, model: Model, threshold: float
                            ) -> RelationExtractor:
    return RelationExtractor(nlp.vocab, model, name, threshold=threshold)


def _sigmoid(logits: numpy.ndarray) -> numpy.ndarray:
    return 1.0 / (1.0 + numpy.exp(-numpy.clip(logits, -30.0, 30.0)))


class RelationExtractor(TrainablePipe):
    """Scores candidate entity pairs for every relation type (multi-label, one sigmoid each)."""

    def __init__(self, vocab, model: Model, name: str = "kg_relations", *,
                 threshold: float = 0.5) -> None:
        self.vocab = vocab
        self.model = model
        self.name = name
        self.cfg = {"labels": [], "threshold": threshold}

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self.cfg["labels"])

    def add_label(self, label: str) -> int:
        if label in self.labels:
            return 0
        self.cfg["labels"] = [*self.labels, label]
        return 1

    def predict(self, docs: Iterable[Doc]):
        docs = list(docs)
        cands = [candidates(doc) for doc in docs]
        if not any(cands):
            return cands, numpy.zeros((0, len(self.labels)), dtype="f")
        return cands, _sigmoid(self.model.ops.to_numpy(self.model.predict((docs, cands))))

    def set_annotations(self, docs: Iterable[Doc], predictions) -> None:
        cands, scores = predictions
        row = 0
        for doc, doc_cands in zip(docs, cands, strict=True):
            found = {}
            for c in doc_cands:
                found[(c.s0, c.s1, c.t0, c.t1)] = {
                    label: float(p) for label, p in zip(self.labels, scores[row], strict=True)}
                row += 1
            doc._.kg_relations = found

    def _gold(self, examples: Iterable[Example]) -> tuple[list[Doc], list[list[Candidate]],
                                                          numpy.ndarray]:
        docs, cands, truths = [], [], []
        for eg in examples:
            gold = gold_pairs(eg.reference)
            pairs = candidates(eg.reference)
            docs.append(eg.predicted)
            cands.append(pairs)
            for c in pairs:
                types = gold.get((c.s0, c.s1, c.t0, c.t1), ())
                truths.append([1.0 if label in types else 0.0 for label in self.labels])
        return docs, cands, numpy.asarray(truths, dtype="f").reshape(-1, len(self.labels))

    def update(self, examples: Iterable[Example], *, drop: float = 0.0,
               sgd: Optimizer | None = None, losses: dict[str, float] | None = None
               ) -> dict[str, float]:
        losses = {} if losses is None else losses
        losses.setdefault(self.name, 0.0)
        docs, cands, truths = self._gold(examples)
        if not len(truths):
            return losses
        logits, backprop = self.model.begin_update((docs, cands))
        probs = _sigmoid(self.model.ops.to_numpy(logits))
        backprop(self.model.ops.asarray2f(probs - truths))
        if sgd is not None:
            self.finish_update(sgd)
        eps = 1e-7
        losses[self.name] += float(-(truths * numpy.log(probs + eps)
                                     + (1 - truths) * numpy.log(1 - probs + eps)).sum())
        return losses

    def initialize(self, get_examples: Callable[[], Iterable[Example]], *, nlp=None,
                   labels: list[str] | None = None) -> None:
        for label in labels or sorted(RELATION_TYPES):
            self.add_label(label)
        examples = list(get_examples())[:20]
        docs, cands, truths = self._gold(examples)
        self.model.initialize(X=(docs, cands), Y=self.model.ops.asarray2f(truths))

    def score(self, examples: Iterable[Example], **kwargs) -> dict[str, float]:
        """Micro precision / recall / F of (source span, target span, type) at the threshold,
        end to end: the predicted pairs come from the predicted entities."""
        threshold = self.cfg["threshold"]
        tp = fp = fn = 0
        for eg in examples:
            gold = {(eg.reference[s0:s1].start_char, eg.reference[t0:t1].start_char, label)
                    for (s0, s1, t0, t1), types in gold_pairs(eg.reference).items()
                    for label in types}
            pred = {(eg.predicted[s0:s1].start_char, eg.predicted[t0:t1].start_char, label)
                    for (s0, s1, t0, t1), probs in (eg.predicted._.kg_relations or {}).items()
                    for label, p in probs.items() if p >= threshold}
            tp += len(gold & pred)
            fp += len(pred - gold)
            fn += len(gold - pred)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return {"rel_p": p, "rel_r": r, "rel_f": 2 * p * r / (p + r) if p + r else 0.0}
