"""Plain sentences with invented names, for every type and for hard negatives.

No list in the repository names these companies or people, so a test here fails when the
extractor only knows names it memorised. Run through both extractors combined.
"""

from __future__ import annotations

import pytest
from extraction import find

from kg.extract import extract
from kg.records import Article

# Known misses of this release: the rules have no pattern for them and the first trained
# model (a small corpus) does not find them yet. Strict, so a fix shows as XPASS -> failure.
GAP = pytest.mark.xfail(strict=True, reason="known miss: rules lack it, model too small yet")

POSITIVE = [
    pytest.param("INVESTS_IN", "Harlow Peak Capital", "Vontrel",
     "Harlow Peak Capital completed a second $30 million investment in Vontrel on Monday.",
                 marks=GAP),
    ("INVESTS_IN", "Ostrava Partners", "Quillmate",
     "Quillmate raised $12 million in a round led by Ostrava Partners."),
    ("ACQUIRES", "Delmore Group", "Finchley Robotics",
     "Delmore Group agreed to buy Finchley Robotics for $410 million in cash."),
    ("ACQUIRES", "Ranvik", "Sollis Data",
     "Ranvik has completed its acquisition of Sollis Data, the companies said."),
    pytest.param("CUSTOMER_OF", "Pellcross Bank", "Arkwell Cloud",
     "Pellcross Bank named Arkwell Cloud its primary cloud provider.", marks=GAP),
    pytest.param("CUSTOMER_OF", "Tamsin Retail", "Zorvia",
     "Zorvia's clients include Tamsin Retail and several regional insurers.", marks=GAP),
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
    pytest.param("PLANS_IPO", "Marlowe Freight", "Nasdaq",
     "Marlowe Freight plans to list its shares on the Nasdaq next year.", marks=GAP),
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
                         ids=[f"{p[0]}-{p[1]}" for p in NEGATIVE])
def test_hard_negatives_with_invented_names_give_no_tie(nlp, rel_type, source, target, text):
    rels = run(nlp, text)
    assert find(rels, rel_type, source, target) is None, rels
