"""Deal families (investment, customer, partnership, competition, acquisition, subsidiary,
lawsuit, IPO) on sentences of their own, with made-up company names that no list contains:
each test shows that a pattern works beyond the sentence of the gold set that motivated it."""

from __future__ import annotations

import pytest

from kg.extract import extract, load_model
from kg.records import Article
from kg.schema import SYMMETRIC_TYPES


@pytest.fixture(scope="session")
def nlp():
    return load_model()


def run(nlp, *texts: str):
    articles = [Article(Article.make_id(t), t) for t in texts]
    return list(extract(articles, nlp=nlp))


def find(relations, rel_type, source, target):
    for r in relations:
        if r.type != rel_type:
            continue
        if (r.source, r.target) == (source, target) or (
                rel_type in SYMMETRIC_TYPES and (r.target, r.source) == (source, target)):
            return r
    return None


def pairs(relations, rel_type):
    return {(r.source, r.target) for r in relations if r.type == rel_type}


# --- competition -----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Quorvex Labs competes with Brindlewood AI and with Talvora Systems in speech software.",
    "Quorvex Labs competes with speech startups such as Brindlewood AI as well as with "
    "Talvora Systems.",
    "Quorvex Labs's rivals include Brindlewood AI, a Danish startup, and Talvora Systems.",
])
def test_competitors_listed_in_several_ways(nlp, text):
    rels = run(nlp, text)
    assert find(rels, "COMPETES_WITH", "Quorvex Labs", "Brindlewood AI"), rels
    assert find(rels, "COMPETES_WITH", "Quorvex Labs", "Talvora Systems"), rels


def test_move_to_challenge_belongs_to_the_owner_of_the_move(nlp):
    rels = run(nlp, "The purchase is Quorvex Labs's boldest attempt to challenge Talvora "
                    "Systems in edge chips.")
    assert pairs(rels, "COMPETES_WITH") == {("Quorvex Labs", "Talvora Systems")}


def test_company_founded_to_compete_competes_not_its_founder(nlp):
    rels = run(nlp, "Marta Okonkwo launched Quorvex Labs in 2021 to compete with Talvora "
                    "Systems.")
    assert pairs(rels, "COMPETES_WITH") == {("Quorvex Labs", "Talvora Systems")}


def test_challenge_in_court_is_not_competition(nlp):
    rels = run(nlp, "Quorvex Labs will challenge Talvora Systems in court over the patent.")
    assert not pairs(rels, "COMPETES_WITH")
