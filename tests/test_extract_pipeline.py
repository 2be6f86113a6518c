"""Extraction end to end with the real spaCy model: the seed sample, modality, negation,
unseen names, evidence and deduplication."""

from __future__ import annotations

import pytest
from extraction import find, run

from kg.articles import read_articles
from kg.extract import extract, pipeline
from kg.extract.pipeline import candidate, split_sentences
from kg.records import Article

SAMPLE = "data/samples/ai-industry-news-sample.txt"




@pytest.fixture(scope="session")
def seed(nlp):
    return list(extract(read_articles([SAMPLE]), nlp=nlp))


def test_seed_stake_and_valuation(seed):
    rel = find(seed, "INVESTS_IN", "Meta", "Scale AI")
    assert rel.properties["stake_pct"] == 49.0
    assert rel.properties["valuation"] == 29e9 and rel.properties["currency"] == "USD"


def test_seed_customers(seed):
    google = find(seed, "CUSTOMER_OF", "Google", "Scale AI")
    assert google.properties["amount"] == 200e6 and google.properties["status"] == "ended"
    for name in ("Microsoft", "xAI", "OpenAI"):
        assert find(seed, "CUSTOMER_OF", name, "Scale AI").properties["status"] == "paused"


def test_seed_competitors(seed):
    for name in ("Labelbox", "Handshake", "Mercor"):
        rel = find(seed, "COMPETES_WITH", "Scale AI", name) or find(
            seed, "COMPETES_WITH", name, "Scale AI")
        assert rel is not None, name


def test_seed_people(seed):
    assert find(seed, "HOLDS_ROLE", "Alexandr Wang", "Scale AI").properties["role"] == "CEO"
    assert find(seed, "MOVES_TO", "Alexandr Wang", "Meta").properties["status"] == "expected"
    move = find(seed, "MOVES_TO", "Denise Dresser", "OpenAI")
    assert move.properties == {"role": "Chief Revenue Officer", "from_org": "Slack",
                               "from_role": "CEO", "status": "planned"}


def test_seed_lawsuit_and_ipos(seed):
    sues = find(seed, "SUES", "The Walt Disney Company", "Google")
    assert sues.properties["kind"] == "cease_and_desist"
    for name in ("MiniMax", "Zhipu AI"):
        ipo = find(seed, "PLANS_IPO", name, "Hong Kong Stock Exchange")
        assert ipo.properties["period"] == "as early as January next year"


def test_seed_has_nothing_from_ads_and_evidence_points_into_the_article(seed):
    articles = {a.id: a for a in read_articles([SAMPLE])}
    assert len(seed) == len({r.key() for r in seed})
    for rel in seed:
        assert "autopilot" not in rel.evidence.sentence
        text = articles[rel.evidence.doc_id].text
        assert text[rel.evidence.start:rel.evidence.end] == rel.evidence.sentence
        assert 0 < rel.confidence < 1


@pytest.mark.parametrize(("text", "status"), [
    ("Orvane Systems plans to acquire Brindle Labs, a chip startup.", "planned"),
    ("Orvane Systems is in talks to acquire Brindle Labs, a chip startup.", "in_talks"),
    ("Orvane Systems denied a report that it would acquire Brindle Labs, a chip startup.",
     "denied"),
    ("Orvane Systems called off its acquisition of Brindle Labs, a chip startup.",
     "cancelled"),
    ("Orvane Systems acquired Brindle Labs, a chip startup, for $400 million.", "completed"),
    ("Orvane Systems has reportedly agreed to acquire Brindle Labs, a chip startup.",
     "rumored"),
])
def test_acquisition_status_follows_modality(nlp, text, status):
    rel = find(run(nlp, text), "ACQUIRES", "Orvane Systems", "Brindle Labs")
    assert rel is not None and rel.properties["status"] == status


@pytest.mark.parametrize("text", [
    "Orvane Systems will not take a stake in Brindle Labs, a chip startup.",
    "Orvane Systems is not acquiring Brindle Labs, the startup said on Monday.",
    "Orvane Systems said it has no plans to sue Brindle Labs.",
])
def test_negated_facts_are_not_extracted(nlp, text):
    rels = run(nlp, text)
    assert not [r for r in rels if r.type in {"INVESTS_IN", "ACQUIRES", "SUES"}], rels


def test_unseen_companies_and_people(nlp):
    rels = run(nlp, "Quillon Partners invested $40 million in Vexora, a robotics startup. "
                    "Marta Okonkwo, CEO of Vexora, said the startup competes with Brindle "
                    "Labs and Helix Robotics.")
    inv = find(rels, "INVESTS_IN", "Quillon Partners", "Vexora")
    assert inv.properties["amount"] == 40e6
    assert find(rels, "HOLDS_ROLE", "Marta Okonkwo", "Vexora").properties["role"] == "CEO"
    assert find(rels, "COMPETES_WITH", "Vexora", "Brindle Labs") is not None


def test_unseen_move_with_former_role(nlp):
    rels = run(nlp, "Tomas Reyka, CFO of Brindle Labs, has joined Orvane Systems as chief "
                    "operating officer.")
    move = find(rels, "MOVES_TO", "Tomas Reyka", "Orvane Systems")
    assert move.properties["role"] == "COO" and move.properties["from_org"] == "Brindle Labs"
    assert move.properties["status"] == "completed"


def test_founders_lawsuits_and_subsidiaries(nlp):
    rels = run(nlp, "Kestrel AI was founded in 2019 by Anya Petrov and Luis Ortega. "
                    "Helix Robotics filed a lawsuit against Orvane Systems over a patent. "
                    "Brindle Labs, a subsidiary of Orvane Systems, makes sensors.")
    assert find(rels, "FOUNDED", "Anya Petrov", "Kestrel AI").properties["date"] == "2019"
    assert find(rels, "FOUNDED", "Luis Ortega", "Kestrel AI") is not None
    assert find(rels, "SUES", "Helix Robotics", "Orvane Systems").properties["kind"] == "lawsuit"
    assert find(rels, "SUBSIDIARY_OF", "Brindle Labs", "Orvane Systems") is not None


def test_the_same_fact_twice_in_an_article_is_one_relation(nlp):
    rels = run(nlp, "Orvane Systems acquired Brindle Labs, a chip startup. Analysts said "
                    "Orvane Systems acquired Brindle Labs for $300 million.")
    hits = [r for r in rels if r.type == "ACQUIRES"]
    assert len(hits) == 1 and hits[0].properties["amount"] == 300e6


def test_sentences_without_triggers_are_not_parsed():
    text = "The weather was fine. Orvane Systems acquired Brindle Labs. It rained later."
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans][1] == "Orvane Systems acquired Brindle Labs."
    assert [candidate(text[s:e]) for s, e in spans] == [False, True, False]


def test_processes_two(nlp):
    texts = [f"Orvane Systems acquired Brindle Labs, a chip startup, in {2010 + i}."
             for i in range(6)]
    articles = [Article(Article.make_id(t), t) for t in texts]
    rels = list(extract(articles, processes=2))
    assert len([r for r in rels if r.type == "ACQUIRES"]) == 6


@pytest.mark.parametrize("text, rel, status", [
    ("Zentrix Labs acquired Pellucid Systems May 5, 2024.",
     ("ACQUIRES", "Zentrix Labs", "Pellucid Systems"), "completed"),
    ("Zentrix Labs may acquire Pellucid Systems.",
     ("ACQUIRES", "Zentrix Labs", "Pellucid Systems"), "expected"),
    ("Nordvale Systems, which reported profits last year, acquired Kestrel Data.",
     ("ACQUIRES", "Nordvale Systems", "Kestrel Data"), "completed"),
    ("Corvane Labs was reported to have acquired Ishida Networks.",
     ("ACQUIRES", "Corvane Labs", "Ishida Networks"), "rumored"),
])
def test_month_may_and_reported_figures_are_no_modality(nlp, text, rel, status):
    found = find(run(nlp, text), *rel)
    assert found is not None and found.properties["status"] == status


@pytest.mark.parametrize("text, failed, done", [
    ("Brannock Labs held talks with Oduvia but no agreement was reached, and Brannock Labs "
     "went on to acquire Tessaly Robotics instead.",
     None, ("ACQUIRES", "Brannock Labs", "Tessaly Robotics")),
    ("Velmora Capital discussed a stake in Ardent Robotics, but no deal was reached; Velmora "
     "Capital then invested in Quillon Systems.",
     None, ("INVESTS_IN", "Velmora Capital", "Quillon Systems")),
    ("Brannock Labs held talks to acquire Oduvia Systems, but no deal was reached.",
     ("ACQUIRES", "Brannock Labs", "Oduvia Systems"), None),
])
def test_no_agreement_covers_its_own_clause_only(nlp, text, failed, done):
    relations = run(nlp, text)
    if done:
        assert find(relations, *done).properties["status"] == "completed"
    if failed:
        assert find(relations, *failed).properties["status"] == "in_talks"


def test_new_words_do_not_pile_up_in_the_vocabulary(nlp, monkeypatch):
    texts = [f"Qwx{i}zor Systems acquired Brindle{i}vak Labs, a chip startup, for "
             f"${i}.{i + 3} million in {2001 + i}." for i in range(8)]
    articles = [Article(Article.make_id(t), t) for t in texts]
    monkeypatch.setattr(pipeline, "ZONE_ARTICLES", 3)  # zone boundaries inside the input
    run(nlp, "Orvane Systems acquired Brindle Labs.")  # the entity list's strings stay
    before = len(nlp.vocab.strings)
    zoned = list(extract(articles, nlp=nlp))
    assert len(nlp.vocab.strings) == before
    monkeypatch.setattr(pipeline, "ZONE_ARTICLES", 100)
    assert zoned == list(extract(articles, nlp=nlp))
    assert len([r for r in zoned if r.type == "ACQUIRES"]) == 8


def test_articles_are_read_as_they_are_parsed(nlp):
    pulled = []

    def stream():
        for i in range(200):
            text = f"Orvane Systems acquired Brindle Labs, a chip startup, in {1900 + i}."
            pulled.append(i)
            yield Article(Article.make_id(text), text)

    next(iter(extract(stream(), nlp=nlp, batch_size=8)))
    assert len(pulled) <= 8 + 1  # one parser batch ahead, not a memory zone's worth
