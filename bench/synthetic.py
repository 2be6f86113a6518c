"""Generated, schema-valid relations for the benchmarks (deterministic for a given seed)."""

from __future__ import annotations

import random
from collections.abc import Iterator

from kg.records import Evidence, Relation
from kg.schema import COMPANY, PERSON

# (type, source label, target label, weight)
_SHAPES = (("INVESTS_IN", COMPANY, COMPANY, 4), ("CUSTOMER_OF", COMPANY, COMPANY, 4),
           ("COMPETES_WITH", COMPANY, COMPANY, 3), ("PARTNERS_WITH", COMPANY, COMPANY, 2),
           ("ACQUIRES", COMPANY, COMPANY, 1), ("HOLDS_ROLE", PERSON, COMPANY, 2),
           ("MOVES_TO", PERSON, COMPANY, 1))


def relations(n: int, *, companies: int | None = None, seed: int = 7) -> Iterator[Relation]:
    """``n`` relations among ``companies`` companies (default n/5) and half as many people,
    from n/4 articles; some facts repeat across articles, as in real news."""
    rng = random.Random(seed)
    companies = companies or max(10, n // 5)
    people = max(5, companies // 2)
    articles = max(1, n // 4)
    types, weights = [s[:3] for s in _SHAPES], [s[3] for s in _SHAPES]
    for i in range(n):
        rel_type, src_label, dst_label = rng.choices(types, weights)[0]
        src = (f"Company {rng.randrange(companies)}" if src_label == COMPANY
               else f"Person {rng.randrange(people)}")
        dst = f"Company {rng.randrange(companies)}"
        while dst == src:
            dst = f"Company {rng.randrange(companies)}"
        doc = rng.randrange(articles)
        sentence = f"{src} and {dst}: synthetic sentence {i} for {rel_type.lower()}."
        ev = Evidence(f"doc-{doc}", sentence, 10 * i, 10 * i + len(sentence), "synthetic",
                      title=f"Article {doc}", published=f"2025-{1 + doc % 12:02d}-01")
        props: dict[str, object] = {}
        if rel_type == "INVESTS_IN":
            props = {"stake_pct": float(rng.randrange(1, 60)),
                     "amount": rng.randrange(1, 500) * 1e6, "currency": "USD",
                     "status": "completed"}
        elif rel_type == "CUSTOMER_OF":
            props = {"amount": rng.randrange(1, 300) * 1e6, "currency": "USD",
                     "status": rng.choice(["active", "ended"])}
        elif rel_type == "HOLDS_ROLE":
            props = {"role": rng.choice(["CEO", "CFO", "CTO"]), "status": "active"}
        elif rel_type == "MOVES_TO":
            props = {"role": "CEO", "from_org": f"Company {rng.randrange(companies)}",
                     "status": "completed", "date": f"2025-{1 + i % 12:02d}"}
        yield Relation(rel_type, src, dst, src_label, dst_label, ev, props,
                       round(rng.uniform(0.5, 0.99), 2))
