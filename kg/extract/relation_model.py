"""The relation head's network: a pair of entity spans -> one probability per relation type.

For each candidate (source span, target span) in a sentence, the token vectors of the source,
of the target and of the words between them are mean-pooled and concatenated with a few
fixed features (which comes first, the distance, both entity labels, which is an anaphor);
a hidden layer and one logit per type follow (the component applies the sigmoid, so
training can use the cross-entropy gradient on the logits, which does not vanish for the
rare positive pairs).
The token vectors come from the pipeline's tok2vec, which the gradient reaches, so the
encoder learns what matters between two names. Registered for `spacy train` configs
(``kg.relation_model.v1``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Linear, Model, Relu, chain
from thinc.types import Floats2d

ENTITY_LABELS = ("Company", "Person", "Exchange")
DISTANCE_BUCKETS = (1, 2, 4, 8, 16, 32)
N_FIXED = 2 + len(DISTANCE_BUCKETS) + 2 * len(ENTITY_LABELS) + 2


class Candidate(NamedTuple):
    """A candidate pair as token offsets in its Doc: source [s0, s1), target [t0, t1); an
    argument may be an anaphor standing for a name in the sentence before."""

    s0: int
    s1: int
    t0: int
    t1: int
    source_label: str
    target_label: str
    source_anaphor: bool = False
    target_anaphor: bool = False


def fixed_features(c: Candidate) -> list[float]:
    """Order, distance bucket, labels and anaphor flags of a pair: what the pooled vectors
    cannot say."""
    forward = c.s0 < c.t0
    gap = (c.t0 - c.s1) if forward else (c.s0 - c.t1)
    feats = [1.0 if forward else 0.0, 0.0 if forward else 1.0]
    feats += [1.0 if gap <= b else 0.0 for b in DISTANCE_BUCKETS]
    feats += [1.0 if c.source_label == lab else 0.0 for lab in ENTITY_LABELS]
    feats += [1.0 if c.target_label == lab else 0.0 for lab in ENTITY_LABELS]
    feats += [1.0 if c.source_anaphor else 0.0, 1.0 if c.target_anaphor else 0.0]
    return feats


def _segments(c: Candidate) -> tuple[tuple[int, int], ...]:
    """Source, target and the words between (the source itself when the two touch)."""
    lo, hi = (c.s1, c.t0) if c.s0 < c.t0 else (c.t1, c.s0)
    between = (lo, hi) if hi > lo else (c.s0, c.s1)
    return (c.s0, c.s1), (c.t0, c.t1), between


@registry.architectures("kg.relation_model.v1")
def relation_model(tok2vec: Model[list[Doc], list[Floats2d]], hidden_width: int = 128,
                   dropout: float = 0.1, nO: int | None = None
                   ) -> Model[tuple[list[Doc], list[list[Candidate]]], Floats2d]:
    """tok2vec -> pooled (source, target, between) + fixed features -> Relu -> logits."""
    pairs: Model = Model("kg_pair_vectors", _pairs_forward, init=_pairs_init, layers=[tok2vec],
                         refs={"tok2vec": tok2vec})
    head = chain(Relu(nO=hidden_width, dropout=dropout), Linear(nO=nO))
    model = chain(pairs, head)
    model.set_ref("tok2vec", tok2vec)
    model.set_ref("head", head)
    return model


def _pairs_init(model: Model, X=None, Y=None) -> None:
    model.get_ref("tok2vec").initialize(X=list(X[0]) if X is not None else None)


def _pairs_forward(model: Model, inputs: tuple[Sequence[Doc], Sequence[list[Candidate]]],
                   is_train: bool):
    docs, candidates = inputs
    tok2vec = model.get_ref("tok2vec")
    tokvecs, backprop_tok2vec = tok2vec(list(docs), is_train)
    ops = model.ops
    width = tokvecs[0].shape[1] if tokvecs else tok2vec.get_dim("nO")
    rows: list[numpy.ndarray] = []
    for vecs, cands in zip(tokvecs, candidates, strict=True):
        vecs_np = ops.to_numpy(vecs)
        for c in cands:
            pooled = [vecs_np[a:b].mean(axis=0) for a, b in _segments(c)]
            rows.append(numpy.concatenate([*pooled, numpy.asarray(fixed_features(c),
                                                                  dtype="f")]))
    output = ops.asarray2f(numpy.vstack(rows)) if rows else ops.alloc2f(0, 3 * width + N_FIXED)

    def backprop(d_output: Floats2d) -> list[Doc]:
        d_np = ops.to_numpy(d_output)
        d_tokvecs = []
        row = 0
        for vecs, cands in zip(tokvecs, candidates, strict=True):
            d_vecs = numpy.zeros(vecs.shape, dtype="f")
            for c in cands:
                for k, (a, b) in enumerate(_segments(c)):
                    d_vecs[a:b] += d_np[row, k * width:(k + 1) * width] / (b - a)
                row += 1
            d_tokvecs.append(ops.asarray2f(d_vecs))
        return backprop_tok2vec(d_tokvecs)

    return output, backprop
