"""Rules and the trained model together: each does what it does best.

The rules are precise and read values, stakes, roles and statuses from the parse; the model
finds the plain sentences the rules miss. Per article: every rule relation is kept (its
confidence raised to the model's when the model agrees); a model relation is added when the
rules have nothing for that fact and nothing that contradicts it (the same pair read the other
way, or as another kind of deal), and its probability reaches the model's addition cut
(``combined.json`` beside the pipeline, chosen on dev by `kg.tuning.tune_addition` so that the
additions do not lower the rules' precision).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from kg.extract.learned import LearnedExtractor, load_addition_cut
from kg.records import Article, Relation

# Types that exclude each other between the same two entities in one article. The last
# group is the guidelines' loose "partnership": a model PARTNERS_WITH beside a deal or a
# customer tie the rules read is the same tie named loosely, not a second one.
EXCLUSIVE = ({"INVESTS_IN", "ACQUIRES", "SUBSIDIARY_OF"}, {"HOLDS_ROLE", "MOVES_TO", "FOUNDED"},
             {"CUSTOMER_OF", "COMPETES_WITH"},
             {"PARTNERS_WITH", "INVESTS_IN", "ACQUIRES", "CUSTOMER_OF", "SUBSIDIARY_OF"})


def combine(rules: list[Relation], model: list[Relation], add_at: float = 0.0
            ) -> list[Relation]:
    """One article's relations from both extractors (see the module docstring); a model
    relation the rules do not have is added only at confidence ``add_at`` or more.

    >>> from kg.records import Evidence
    >>> ev = Evidence("a", "s", 0, 1, "x")
    >>> r = Relation("ACQUIRES", "A", "B", "Company", "Company", ev, {}, 0.7)
    >>> m = Relation("INVESTS_IN", "A", "B", "Company", "Company", ev, {}, 0.9)
    >>> [x.type for x in combine([r], [m])]
    ['ACQUIRES']
    >>> c = Relation("COMPETES_WITH", "A", "C", "Company", "Company", ev, {}, 0.9)
    >>> [x.type for x in combine([r], [c])], [x.type for x in combine([r], [c], add_at=0.95)]
    (['ACQUIRES', 'COMPETES_WITH'], ['ACQUIRES'])
    """
    by_key = {r.key(): r for r in rules}
    taken = {(r.type, r.source, r.target) for r in rules}
    pairs: dict[frozenset[str], set[str]] = {}
    for r in rules:
        pairs.setdefault(frozenset((r.source, r.target)), set()).add(r.type)
    out = dict(by_key)
    for m in model:
        if m.key() in by_key:
            rule = by_key[m.key()]
            out[m.key()] = replace(rule, confidence=max(rule.confidence, m.confidence))
            continue
        if m.confidence < add_at or (m.type, m.target, m.source) in taken:
            continue
        types = pairs.get(frozenset((m.source, m.target)), set())
        if any(m.type in group and types & group for group in EXCLUSIVE):
            continue
        out[m.key()] = m
    return list(out.values())


def combined(per_article: Iterable[tuple[Article, list[Relation]]], learned: LearnedExtractor,
             batch: int = 16, add_at: float | None = None) -> Iterator[Relation]:
    """The combined relations of each (article, rule relations), the model batching texts;
    ``add_at``: the addition cut (default: the one tuned for the model)."""
    buffer: list[tuple[Article, list[Relation]]] = []
    cut = load_addition_cut(learned.path) if add_at is None else add_at

    def flush() -> Iterator[Relation]:
        rules = {id(a): r for a, r in buffer}
        for article, model in learned.pipe((a for a, _ in buffer), batch_size=batch):
            yield from combine(rules[id(article)], model, cut)
        buffer.clear()

    for item in per_article:
        buffer.append(item)
        if len(buffer) == batch:
            yield from flush()
    yield from flush()
