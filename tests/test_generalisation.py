"""Plain sentences with invented names, for every type and for hard negatives.

No list in the repository names these companies or people, so a test here fails when the
extractor only knows names it memorised. Run through both extractors combined.
"""

from __future__ import annotations

import pytest
from extraction import find

from kg.extract import extract
from kg.records import Article

# Known errors of this release: the rules have no pattern for them and the trained model
# (a corpus still growing) gets them wrong. Strict, so a fix shows as XPASS -> failure.
GAP = pytest.mark.xfail(strict=True, reason="known miss: rules lack it, model too small yet")
FALSE_TIE = pytest.mark.xfail(strict=True, reason="known false tie of the trained model")

POSITIVE = [
    ("INVESTS_IN", "Harlow Peak Capital", "Vontrel",
     "Harlow Peak Capital completed a second $30 million investment in Vontrel on Monday."),
    ("INVESTS_IN", "Ostrava Partners", "Quillmate",
     "Quillmate raised $12 million in a round led by Ostrava Partners."),
    ("ACQUIRES", "Delmore Group", "Finchley Robotics",
     "Delmore Group agreed to buy Finchley Robotics for $410 million in cash."),
    ("ACQUIRES", "Ranvik", "Sollis Data",
     "Ranvik has completed its acquisition of Sollis Data, the companies said."),
    ("CUSTOMER_OF", "Pellcross Bank", "Arkwell Cloud",
     "Pellcross Bank named Arkwell Cloud its primary cloud provider."),
    ("CUSTOMER_OF", "Tamsin Retail", "Zorvia",
     "Zorvia's clients include Tamsin Retail and several regional insurers."),
    ("COMPETES_WITH", "Glimmerfold", "Nuvanta",
     "Glimmerfold competes with Nuvanta in the market for warehouse robots."),
    ("COMPETES_WITH", "Brackenridge AI", "Sefora",
     "Brackenridge AI faces rivals such as Sefora in Europe."),
    ("PARTNERS_WITH", "Kestrel Motors", "Ondari Labs",
     "Kestrel Motors formed a partnership with Ondari Labs to develop battery software."),
    ("SUBSIDIARY_OF", "Teller Analytics", "Marchbank Holdings",
     "Teller Analytics, a unit of Marchbank Holdings, opened an office in Lisbon."),
    ("HOLDS_ROLE", "Ilse Varga", "Pontavi",
     "Ilse Varga, the chief executive of Pontavi, said demand was strong."),
    ("MOVES_TO", "Tomasz Rell", "Quorvane",
     "Tomasz Rell has joined Quorvane as chief technology officer."),
    ("FOUNDED", "Amara Osei", "Lumetric",
     "Lumetric was founded in 2019 by Amara Osei."),
    ("SUES", "Brightwater Media", "Calyx Search",
     "Brightwater Media sued Calyx Search in federal court over copyright."),
    ("PLANS_IPO", "Marlowe Freight", "Nasdaq",
     "Marlowe Freight plans to list its shares on the Nasdaq next year."),
    ("INVESTS_IN", "Corvanta Capital", "Miravel",
     "Corvanta Capital, which has put $300 million into Miravel, backed the plan."),
    ("ACQUIRES", "Oberhalt", "Pinecrest Analytics",
     "Pinecrest Analytics was acquired by Oberhalt in 2021."),
    ("SUBSIDIARY_OF", "Vessna Pay", "Duroc Holdings",
     "Vessna Pay is a subsidiary of Duroc Holdings, the Warsaw lender."),
    ("FOUNDED", "Kenji Arakawa", "Solvane",
     "Solvane was founded by Kenji Arakawa and Priya Natarajan in 2017."),
    pytest.param("HOLDS_ROLE", "Farah Iqbal", "Telluris",
                 "Telluris named Farah Iqbal its chief financial officer on Thursday.",
                 marks=GAP),
    ("SUES", "Ardenne Foods", "Kolbright",
     "Ardenne Foods filed a lawsuit against Kolbright over unpaid invoices."),
    ("PARTNERS_WITH", "Yarrowby", "Sentara Mobility",
     "Yarrowby and Sentara Mobility announced a strategic alliance to build charging maps."),
    ("MOVES_TO", "Lucia Ferreira", "Brantwood Labs",
     "Lucia Ferreira left Coldharbour Bank to join Brantwood Labs as chief operating officer."),
]

NEGATIVE = [
    ("INVESTS_IN", "Harlow Peak Capital", "Vontrel",
     "Harlow Peak Capital will not invest in Vontrel, a spokesperson said."),
    ("ACQUIRES", "Delmore Group", "Finchley Robotics",
     "Delmore Group said it has no plans to acquire Finchley Robotics."),
    ("COMPETES_WITH", "Glimmerfold", "Nuvanta",
     "Speakers at the conference included executives from Glimmerfold, Nuvanta and Orbel."),
    ("CUSTOMER_OF", "Pellcross Bank", "Arkwell Cloud",
     "Pellcross Bank is not a customer of Arkwell Cloud, the bank said."),
    ("COMPETES_WITH", "Telluris", "Ardenne Foods",
     "Shares of Telluris rose more than those of Ardenne Foods on Friday."),
    pytest.param("INVESTS_IN", "Corvanta Capital", "Miravel",
                 "Corvanta Capital considered a stake in Miravel but decided against it.",
                 marks=FALSE_TIE),
]

# Facts whose status is the point: found, and never as the plain status.
STATUSES = [
    ("ACQUIRES", "Oberhalt", "Pinecrest Analytics", "denied",
     "Oberhalt denied a report that it would buy Pinecrest Analytics."),
    ("INVESTS_IN", "Corvanta Capital", "Miravel", "planned",
     "Corvanta Capital plans to invest $15 million in Miravel next year."),
    ("CUSTOMER_OF", "Pellcross Bank", "Arkwell Cloud", "ended",
     "Pellcross Bank ended its contract with Arkwell Cloud in March."),
]


def _id(case) -> str:
    values = getattr(case, "values", case)
    return f"{values[0]}-{values[1]}"


def run(nlp, text: str):
    return list(extract([Article("a1", text)], nlp=nlp, use="combined"))


@pytest.mark.parametrize("rel_type, source, target, text", POSITIVE,
                         ids=[_id(p) for p in POSITIVE])
def test_plain_sentences_with_invented_names_are_found(nlp, rel_type, source, target, text):
    rels = run(nlp, text)
    assert find(rels, rel_type, source, target) is not None, rels


@pytest.mark.parametrize("rel_type, source, target, text", NEGATIVE,
                         ids=[_id(p) for p in NEGATIVE])
def test_hard_negatives_with_invented_names_give_no_tie(nlp, rel_type, source, target, text):
    rels = run(nlp, text)
    assert find(rels, rel_type, source, target) is None, rels


@pytest.mark.parametrize("rel_type, source, target, status, text", STATUSES,
                         ids=[f"{p[0]}-{p[3]}" for p in STATUSES])
def test_statuses_with_invented_names(nlp, rel_type, source, target, status, text):
    rel = find(run(nlp, text), rel_type, source, target)
    assert rel is not None and rel.properties["status"] == status, rel


@GAP
def test_an_anaphor_in_the_next_sentence_stands_for_the_name_before(nlp):
    text = ("Quorvane raised $18 million from Halvard Partners on Monday. "
            "The company also named Ilse Varga its chief financial officer.")
    rel = find(run(nlp, text), "HOLDS_ROLE", "Ilse Varga", "Quorvane")
    assert rel is not None and rel.evidence.sentence == text, rel


def test_the_seed_gives_the_same_facts_combined_as_with_the_rules(nlp):
    from pathlib import Path

    from kg.articles import read_articles

    seed = Path(__file__).parents[1] / "data" / "samples" / "ai-industry-news-sample.txt"
    articles = list(read_articles([seed]))

    def facts(use: str) -> set[tuple[str, str, str]]:
        return {(r.type, r.source, r.target) for r in extract(articles, nlp=nlp, use=use)}

    assert facts("combined") == facts("rules")  # nothing the rules left out was stated
