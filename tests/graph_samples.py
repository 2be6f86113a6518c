"""Relations shaped like the seed article's facts, for the graph tests (no model needed)."""

from __future__ import annotations

from datetime import date, timedelta

from kg.records import Evidence, Relation

SEED = "seed-2025-06"
LATER = "later-2025-07"


def _ev(doc: str, sentence: str, start: int, extractor: str, published: str | None,
        title: str | None = None) -> Evidence:
    return Evidence(doc, sentence, start, start + len(sentence), extractor, title=title,
                    published=published)


def seed_relations() -> list[Relation]:
    """Meta's 49% stake in Scale AI, Google's $200M contract, competitors, Wang's move."""
    d, t = "2025-06-14", "Google to cut ties with Scale AI"
    s1 = "Google plans to end its relationship with Scale AI, following Meta's recent " \
         "acquisition of a 49% stake in the company."
    s2 = "In 2024, Google allocated around $200 million for Scale AI's data-labeling services."
    s3 = "Scale AI's competitors, including Labelbox, Handshake, and Mercor, are benefiting."
    s4 = "Scale AI's CEO, Alexandr Wang, expected to assume a senior role in Meta's AI division."
    s5 = "a company partly owned by a direct competitor"
    return [
        Relation("INVESTS_IN", "Meta", "Scale AI", "Company", "Company",
                 _ev(SEED, s1, 0, "investment.stake", d, t),
                 {"stake_pct": 49.0, "valuation": 29e9, "currency": "USD",
                  "status": "completed"}, 0.9),
        Relation("CUSTOMER_OF", "Google", "Scale AI", "Company", "Company",
                 _ev(SEED, s2, 400, "customer.spend", d, t),
                 {"amount": 200e6, "currency": "USD", "period": "in 2024", "status": "active"},
                 0.85),
        Relation("CUSTOMER_OF", "Google", "Scale AI", "Company", "Company",
                 _ev(SEED, s1, 0, "customer.end", d, t), {"status": "planned"}, 0.7),
        Relation("COMPETES_WITH", "Labelbox", "Scale AI", "Company", "Company",
                 _ev(SEED, s3, 1500, "competition.list", d, t), {"status": "active"}, 0.8),
        Relation("COMPETES_WITH", "Handshake", "Scale AI", "Company", "Company",
                 _ev(SEED, s3, 1500, "competition.list", d, t), {"status": "active"}, 0.8),
        Relation("COMPETES_WITH", "Google", "Meta", "Company", "Company",
                 _ev(SEED, s5, 900, "competition.rival", d, t), {"status": "active"}, 0.6),
        Relation("MOVES_TO", "Alexandr Wang", "Meta", "Person", "Company",
                 _ev(SEED, s4, 1200, "moves.role", d, t),
                 {"from_org": "Scale AI", "from_role": "CEO", "status": "expected"}, 0.75),
        Relation("HOLDS_ROLE", "Alexandr Wang", "Scale AI", "Person", "Company",
                 _ev(SEED, s4, 1200, "roles.title", d, t), {"role": "CEO",
                                                            "status": "active"}, 0.9),
    ]


def later_relations() -> list[Relation]:
    """A newer article: the Google contract ended; Microsoft's contract and a plain move."""
    d = "2025-07-02"
    s1 = "Google has ended its contract with Scale AI."
    s2 = "Microsoft, a Meta rival, also buys labelling from Scale AI for $50 million."
    s3 = "Denise Dresser moves to OpenAI as Chief Revenue Officer, leaving Slack."
    return [
        Relation("CUSTOMER_OF", "Google", "Scale AI", "Company", "Company",
                 _ev(LATER, s1, 0, "customer.end", d), {"status": "ended"}, 0.9),
        Relation("CUSTOMER_OF", "Microsoft", "Scale AI", "Company", "Company",
                 _ev(LATER, s2, 60, "customer.spend", d),
                 {"amount": 50e6, "currency": "USD", "status": "active"}, 0.8),
        Relation("COMPETES_WITH", "Meta", "Microsoft", "Company", "Company",
                 _ev(LATER, s2, 60, "competition.rival", d), {"status": "active"}, 0.6),
        Relation("MOVES_TO", "Denise Dresser", "OpenAI", "Person", "Company",
                 _ev(LATER, s3, 200, "moves.role", d),
                 {"role": "Chief Revenue Officer", "from_org": "Slack", "status": "completed",
                  "date": "2025-07"}, 0.85),
    ]


def gold_seed_relations() -> list[Relation]:
    """The annotated relations of the seed dump (data/gold/seed-relations.jsonl)."""
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "data" / "gold" / "seed-relations.jsonl"
    return [Relation.from_dict(json.loads(line)) for line in path.read_text().splitlines()
            if line.strip()]


def reports(n: int, *, first_status: str = "completed", offset: int = 0) -> list[Relation]:
    """Meta's stake in Scale AI as ``n`` articles report it, one a day from June 2025."""
    rels = []
    for i in range(offset, offset + n):
        sentence = f"Meta owns 49% of Scale AI, report {i} says."
        ev = Evidence(f"report-{i:03d}", sentence, 10, 10 + len(sentence), "investment.stake",
                      title=f"Report {i}", published=str(date(2025, 6, 1) + timedelta(i)))
        status = first_status if i == 0 else "completed"
        rels.append(Relation("INVESTS_IN", "Meta", "Scale AI", "Company", "Company", ev,
                             {"stake_pct": 49.0, "status": status}, 0.5 + i / 1000))
    return rels
