"""Deal families (investment, customer, partnership, competition, acquisition, subsidiary,
lawsuit, IPO) on sentences of their own, with made-up company names that no list contains:
each test shows that a pattern works beyond the sentence of the gold set that motivated it."""

from __future__ import annotations

import pytest
from extraction import find, run


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


# --- investment ------------------------------------------------------------------------------

def test_round_named_earlier_gives_the_investee_of_its_participants(nlp):
    rels = run(nlp, "Quorvex Labs has closed a $90 million Series B round. Talvora Capital "
                    "led the round, with participation from Brindle Ventures and Okapi "
                    "Partners. Marrow Capital and Senna Ventures also joined the round.")
    invested = pairs(rels, "INVESTS_IN")
    for investor in ("Talvora Capital", "Brindle Ventures", "Okapi Partners", "Marrow Capital",
                     "Senna Ventures"):
        assert (investor, "Quorvex Labs") in invested, invested


def test_round_led_by_several_gives_the_total_to_none_of_them(nlp):
    rels = run(nlp, "Quorvex Labs has raised $120 million in a funding round co-led by "
                    "Talvora Capital and Brindle Ventures.")
    for investor in ("Talvora Capital", "Brindle Ventures"):
        rel = find(rels, "INVESTS_IN", investor, "Quorvex Labs")
        assert rel is not None and "amount" not in rel.properties


def test_sole_lead_gets_the_round_total(nlp):
    rels = run(nlp, "Quorvex Labs, a robotics startup, has raised $45 million in its first "
                    "funding round, led by Talvora Capital.")
    assert find(rels, "INVESTS_IN", "Talvora Capital", "Quorvex Labs").properties["amount"] \
        == 45e6


def test_passive_round_and_taking_part(nlp):
    rels = run(nlp, "Quorvex Labs has raised $30 million. The round was led by Talvora "
                    "Capital and Brindle Ventures. Okapi Partners also took part.")
    assert pairs(rels, "INVESTS_IN") >= {("Talvora Capital", "Quorvex Labs"),
                                         ("Brindle Ventures", "Quorvex Labs"),
                                         ("Okapi Partners", "Quorvex Labs")}


@pytest.mark.parametrize("text", [
    "Talvora Capital and Brindle Ventures are both investors in Quorvex Labs.",
    "Talvora Capital and Brindle Ventures were among the investors in Quorvex Labs's $80 "
    "million Series C round.",
    "Quorvex Labs, whose backers include Talvora Capital and Brindle Ventures, sells drones.",
    "Quorvex Labs was founded in 2020 by Marta Okonkwo and is backed by Talvora Capital and "
    "Brindle Ventures.",
])
def test_investors_named_by_investor_nouns_and_backing(nlp, text):
    assert pairs(run(nlp, text), "INVESTS_IN") == {("Talvora Capital", "Quorvex Labs"),
                                                    ("Brindle Ventures", "Quorvex Labs")}


def test_shareholder_apposition_and_percent_owned(nlp):
    rels = run(nlp, "Talvora Capital, Quorvex Labs's largest shareholder, opposed the plan. "
                    "Brindle Ventures, which owns about 18% of Okapi Robotics, backed it.")
    assert find(rels, "INVESTS_IN", "Talvora Capital", "Quorvex Labs") is not None
    rel = find(rels, "INVESTS_IN", "Brindle Ventures", "Okapi Robotics")
    assert rel is not None and rel.properties["stake_pct"] == 18.0


def test_bankrolls_and_stock_received(nlp):
    rels = run(nlp, "Okapi Robotics was started by Marta Okonkwo and Talvora Capital, which "
                    "bankrolls Quorvex Labs. Brindle Ventures will receive $20 million worth "
                    "of Quorvex Labs stock.")
    assert find(rels, "INVESTS_IN", "Talvora Capital", "Quorvex Labs") is not None
    assert find(rels, "INVESTS_IN", "Marta Okonkwo", "Quorvex Labs") is None
    assert find(rels, "INVESTS_IN", "Brindle Ventures", "Quorvex Labs").properties["status"] \
        == "planned"


def test_majority_ownership_is_not_an_investment(nlp):
    rels = run(nlp, "Talvora Holdings owns about 80% of Quorvex Labs.")
    assert not pairs(rels, "INVESTS_IN")


# --- customers -------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "customer", "supplier"), [
    ("Talvora Systems is one of Quorvex Labs's biggest customers.", "Talvora Systems",
     "Quorvex Labs"),
    ("Quorvex Labs sells sensors to farms and counts Talvora Systems among its clients.",
     "Talvora Systems", "Quorvex Labs"),
    ("The deal cuts Quorvex Labs's dependence on Talvora Systems, its largest customer.",
     "Talvora Systems", "Quorvex Labs"),
    ("Brindle Robotics, which rents extra computing capacity from Quorvex Labs, grew fast.",
     "Brindle Robotics", "Quorvex Labs"),
    ("Brindle Robotics will use Quorvex Labs as its main cloud provider.", "Brindle Robotics",
     "Quorvex Labs"),
    ("Brindle Robotics's support chatbot runs on Quorvex Labs's models.", "Brindle Robotics",
     "Quorvex Labs"),
    ("Brindle Robotics deploys Quorvex Labs systems in its warehouses.", "Brindle Robotics",
     "Quorvex Labs"),
])
def test_customer_phrasings(nlp, text, customer, supplier):
    rels = run(nlp, text)
    assert pairs(rels, "CUSTOMER_OF") == {(customer, supplier)}, rels


def test_paying_to_license_makes_the_payer_a_customer(nlp):
    rels = run(nlp, "Brindle Robotics will pay $80 million to license some of Quorvex Labs's "
                    "software. Talvora Systems pays publishers, including Okapi Media and "
                    "Senna News, to license their archives.")
    lic = find(rels, "CUSTOMER_OF", "Brindle Robotics", "Quorvex Labs")
    assert lic.properties["amount"] == 80e6 and lic.properties["status"] == "planned"
    assert find(rels, "CUSTOMER_OF", "Talvora Systems", "Okapi Media") is not None
    assert find(rels, "CUSTOMER_OF", "Talvora Systems", "Senna News") is not None


def test_cutting_access_ends_a_customer_tie_but_granting_it_is_no_sale(nlp):
    cut = run(nlp, "Quorvex Labs has cut off Brindle Robotics's access to its models.")
    assert find(cut, "CUSTOMER_OF", "Brindle Robotics", "Quorvex Labs").properties["status"] \
        == "ended"
    given = run(nlp, "The alliance will give Brindle Robotics's users access to Quorvex "
                     "Labs's archive.")
    assert not pairs(given, "CUSTOMER_OF")


def test_supply_agreement_amount_reaches_the_customer_tie(nlp):
    rels = run(nlp, "Quorvex Labs signed a $3 billion agreement to supply computing capacity "
                    "to Brindle Robotics.")
    rel = find(rels, "CUSTOMER_OF", "Brindle Robotics", "Quorvex Labs")
    assert rel.properties["amount"] == 3e9


# --- partnerships ----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Quorvex Labs has research collaborations with Talvora Systems and Brindle Robotics.",
    "Quorvex Labs sells robots to farms and counts Talvora Systems and Brindle Robotics "
    "among its partners.",
    "Quorvex Labs's partners include Talvora Systems and Brindle Robotics.",
])
def test_partners_named_in_several_ways(nlp, text):
    assert pairs(run(nlp, text), "PARTNERS_WITH") == {("Quorvex Labs", "Talvora Systems"),
                                                       ("Quorvex Labs", "Brindle Robotics")}


def test_partner_with_two_others_makes_three_partners(nlp):
    rels = run(nlp, "Quorvex Labs is a partner with Talvora Systems and Brindle Robotics in "
                    "Nimbus, a venture to build data centers.")
    for a, b in (("Quorvex Labs", "Talvora Systems"), ("Quorvex Labs", "Brindle Robotics"),
                 ("Talvora Systems", "Brindle Robotics")):
        assert find(rels, "PARTNERS_WITH", a, b) is not None, (a, b)


def test_ended_collaboration_agreement(nlp):
    rels = run(nlp, "Quorvex Labs has ended its collaboration agreement with Talvora Systems.")
    assert find(rels, "PARTNERS_WITH", "Quorvex Labs", "Talvora Systems").properties[
        "status"] == "ended"


def test_signed_partnership_is_an_edge_even_beside_an_investment(nlp):
    rels = run(nlp, "Quorvex Labs has struck a multiyear partnership with Talvora Systems. "
                    "Quorvex Labs will also invest $15 million in Talvora Systems.")
    assert find(rels, "PARTNERS_WITH", "Quorvex Labs", "Talvora Systems") is not None
    assert find(rels, "INVESTS_IN", "Quorvex Labs", "Talvora Systems") is not None


def test_loose_partnership_word_for_an_investment_adds_no_edge(nlp):
    rels = run(nlp, "Quorvex Labs bought a 30% stake in Talvora Systems. Quorvex Labs's "
                    "partnership with Talvora Systems worried rivals.")
    assert not pairs(rels, "PARTNERS_WITH")


# --- subsidiaries ----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Talvora Group also owns Quorvex Labs and Brindle Robotics.",
     {("Quorvex Labs", "Talvora Group"), ("Brindle Robotics", "Talvora Group")}),
    ("Talvora Group still owns about 85% of Quorvex Labs after the listing.",
     {("Quorvex Labs", "Talvora Group")}),
    ("Talvora Group and its robotics unit Quorvex Labs sued Brindle Robotics in May.",
     {("Quorvex Labs", "Talvora Group")}),
    ("Quorvex Labs, whose backers include Talvora Group's venture fund Okapi Ventures, "
     "makes drones.", {("Okapi Ventures", "Talvora Group")}),
    ("Quorvex Labs, which is backed by Brindle Robotics and Talvora Group's Okapi Ventures, "
     "makes drones.", {("Okapi Ventures", "Talvora Group")}),
])
def test_subsidiary_phrasings(nlp, text, expected):
    assert pairs(run(nlp, text), "SUBSIDIARY_OF") == expected


@pytest.mark.parametrize("text", [
    "Talvora Group owns about 20% of Quorvex Labs.",
    "Talvora Group owns a minority stake in Quorvex Labs.",
    "Talvora Group partly owns Quorvex Labs.",
    "Marta Okonkwo's Quorvex Labs makes drones.",
])
def test_partial_or_personal_ownership_is_no_subsidiary(nlp, text):
    assert not pairs(run(nlp, text), "SUBSIDIARY_OF")


# --- lawsuits --------------------------------------------------------------------------------

def test_settled_lawsuit_brought_by_several_plaintiffs(nlp):
    rels = run(nlp, "Quorvex Labs has agreed to pay $20 million to settle a lawsuit brought by "
                    "Talvora Media and Brindle Press over its training data.")
    for plaintiff in ("Talvora Media", "Brindle Press"):
        rel = find(rels, "SUES", plaintiff, "Quorvex Labs")
        assert rel is not None and rel.properties["status"] == "ended", rels


@pytest.mark.parametrize("text", [
    "Talvora Group sent Quorvex Labs a cease-and-desist letter on Monday.",
    "Talvora Group has sent a cease-and-desist letter to Quorvex Labs.",
])
def test_cease_and_desist_recipient(nlp, text):
    rel = find(run(nlp, text), "SUES", "Talvora Group", "Quorvex Labs")
    assert rel is not None and rel.properties["kind"] == "cease_and_desist"


def test_plaintiffs_listed_past_an_apposition(nlp):
    rels = run(nlp, "Talvora Media, the owner of the Daily Lantern, and Brindle Press have "
                    "sued Quorvex Labs.")
    assert pairs(rels, "SUES") >= {("Talvora Media", "Quorvex Labs"),
                                   ("Brindle Press", "Quorvex Labs")}


# --- acquisitions ----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Quorvex Labs had agreed to buy Talvora Systems for $2 billion in 2021, but the deal "
    "collapsed a year later.",
    "Quorvex Labs's planned $2 billion takeover of Talvora Systems has fallen apart.",
    "Talvora Systems shareholders have voted against Quorvex Labs's proposed acquisition of "
    "the company.",
    "Quorvex Labs tried to acquire Talvora Systems last spring, but its founders rebuffed the "
    "approach.",
])
def test_failed_acquisitions_are_cancelled(nlp, text):
    rel = find(run(nlp, text), "ACQUIRES", "Quorvex Labs", "Talvora Systems")
    assert rel is not None and rel.properties["status"] == "cancelled"


def test_acquisition_that_went_ahead_despite_a_failed_rival_bid(nlp):
    rels = run(nlp, "Quorvex Labs bought Talvora Systems in March after talks with Brindle "
                    "Robotics collapsed.")
    assert find(rels, "ACQUIRES", "Quorvex Labs", "Talvora Systems").properties["status"] \
        == "completed"


def test_bid_discussed_internally_is_rumored(nlp):
    rels = run(nlp, "Quorvex Labs executives have discussed a possible bid for Talvora "
                    "Systems, according to people familiar with the matter.")
    assert find(rels, "ACQUIRES", "Quorvex Labs", "Talvora Systems").properties["status"] \
        == "rumored"


@pytest.mark.parametrize(("text", "amount"), [
    ("The deal follows Quorvex Labs's $4.5 billion purchase of Talvora Systems in 2021.",
     4.5e9),
    ("Quorvex Labs has agreed to acquire Talvora Systems, a startup that helps banks detect "
     "fraud, for $300 million.", 300e6),
])
def test_price_where_the_parser_hangs_it_elsewhere(nlp, text, amount):
    rel = find(run(nlp, text), "ACQUIRES", "Quorvex Labs", "Talvora Systems")
    assert rel.properties["amount"] == amount


def test_relative_clause_after_a_list_belongs_to_the_nearest_name(nlp):
    rels = run(nlp, "Its rivals include Brindle Robotics, a Danish startup, and Quorvex Labs, "
                    "which bought Talvora Systems in 2023.")
    assert pairs(rels, "ACQUIRES") == {("Quorvex Labs", "Talvora Systems")}


def test_two_targets_of_one_purchase(nlp):
    rels = run(nlp, "Last year Quorvex Labs also bought Talvora Systems, which makes sensors, "
                    "and the Danish startup Brindle Robotics.")
    assert pairs(rels, "ACQUIRES") >= {("Quorvex Labs", "Talvora Systems")}


# --- IPOs ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "status"), [
    ("Quorvex Labs raised $900 million in its initial public offering on the Nasdaq.",
     "completed"),
    ("Quorvex Labs, a maker of sensors, listed on the Nasdaq last June.", "completed"),
    ("Quorvex Labs, a maker of sensors, filed for a Nasdaq listing on Friday.", "pending"),
    ("Quorvex Labs is reportedly preparing to go public on the Nasdaq next year.", "planned"),
])
def test_ipo_statuses(nlp, text, status):
    rel = find(run(nlp, text), "PLANS_IPO", "Quorvex Labs", "Nasdaq")
    assert rel is not None and rel.properties["status"] == status


def test_ipo_proceeds_from_a_listing_read_as_a_verb(nlp):
    rel = find(run(nlp, "Quorvex Labs raised $300 million in its Hong Kong listing in May."),
               "PLANS_IPO", "Quorvex Labs", "Hong Kong Stock Exchange")
    assert rel.properties["amount"] == 300e6 and rel.properties["status"] == "completed"


def test_supplied_customers_in_a_list(nlp):
    rels = run(nlp, "Quorvex Labs, which supplies lidar chips to Talvora Motors and Brindle "
                    "Motors, raised $90 million in its Hong Kong listing in May.")
    assert pairs(rels, "CUSTOMER_OF") == {("Talvora Motors", "Quorvex Labs"),
                                          ("Brindle Motors", "Quorvex Labs")}


def test_its_customers_after_an_unsure_anaphor_are_left_out(nlp):
    rels = run(nlp, "Talvora Systems agreed to buy Quorvex Labs, a robotics startup. The "
                    "Oslo-based company, founded in 2017, counts Brindle Auto among its "
                    "clients.")
    customers = pairs(rels, "CUSTOMER_OF")
    assert ("Brindle Auto", "Talvora Systems") not in customers


# --- parser slips shared by the families ------------------------------------------------------

def test_main_verb_read_as_reduced_relative_keeps_its_subject(nlp):
    rels = run(nlp, "Quillfeather Inc. partnered with Borealis Cloud to build a data center "
                    "in Norway.")
    assert pairs(rels, "PARTNERS_WITH") == {("Quillfeather Inc.", "Borealis Cloud")}


def test_passive_reduced_relative_is_no_doer(nlp):
    rels = run(nlp, "Quorvex Labs, acquired by Talvora Systems in 2020, competes with Brindle "
                    "Robotics.")
    assert pairs(rels, "COMPETES_WITH") == {("Quorvex Labs", "Brindle Robotics")}
    assert pairs(rels, "ACQUIRES") == {("Talvora Systems", "Quorvex Labs")}


def test_rival_of_two_companies(nlp):
    rels = run(nlp, "Quorvex Labs is a rival of Talvora Systems and Brindle Robotics.")
    assert pairs(rels, "COMPETES_WITH") == {("Talvora Systems", "Quorvex Labs"),
                                            ("Brindle Robotics", "Quorvex Labs")}


def test_raised_from_an_investor_described_in_apposition_and_another(nlp):
    rels = run(nlp, "Quorvex Labs has raised $50 million from Talvora Capital, its existing "
                    "investor, and Brindle Ventures.")
    assert pairs(rels, "INVESTS_IN") == {("Talvora Capital", "Quorvex Labs"),
                                         ("Brindle Ventures", "Quorvex Labs")}
    assert all("amount" not in r.properties for r in rels if r.type == "INVESTS_IN")


def test_company_named_like_a_part_word_can_be_acquired(nlp):
    rels = run(nlp, "Quorvex Labs has agreed to acquire Talvora Data, a maker of database "
                    "tools, for about $90 million.")
    rel = find(rels, "ACQUIRES", "Quorvex Labs", "Talvora Data")
    assert rel is not None and rel.properties["amount"] == 90e6


def test_sentence_opening_its_rivals_belong_to_the_topic(nlp):
    rels = run(nlp, "Quorvex Labs has raised $40 million from Okapi Ventures. Its rivals "
                    "include Talvora Systems, a Danish startup, and Brindle Robotics.")
    assert pairs(rels, "COMPETES_WITH") == {("Quorvex Labs", "Talvora Systems"),
                                            ("Quorvex Labs", "Brindle Robotics")}


def test_it_in_a_subordinate_clause_is_the_nearest_company(nlp):
    rels = run(nlp, "Marta Okonkwo joined Quorvex Labs in 2023 when it bought Talvora "
                    "Systems, a chip startup.")
    assert pairs(rels, "ACQUIRES") == {("Quorvex Labs", "Talvora Systems")}


def test_sentence_opening_its_customers_and_backers_belong_to_the_topic(nlp):
    rels = run(nlp, "Quorvex Labs has raised $40 million from Okapi Ventures. Its customers "
                    "include Talvora Systems and Brindle Robotics.")
    assert pairs(rels, "CUSTOMER_OF") == {("Talvora Systems", "Quorvex Labs"),
                                          ("Brindle Robotics", "Quorvex Labs")}


def test_cornerstone_investors_buying_into_the_offering(nlp):
    rels = run(nlp, "Quorvex Labs raised $700 million in its initial public offering on the "
                    "Nasdaq. Talvora Systems, Brindle Robotics and Okapi Motors were among the "
                    "cornerstone investors that bought shares in the offering.")
    assert pairs(rels, "INVESTS_IN") == {("Talvora Systems", "Quorvex Labs"),
                                         ("Brindle Robotics", "Quorvex Labs"),
                                         ("Okapi Motors", "Quorvex Labs")}


def test_both_companies_are_the_pair_named_before(nlp):
    rels = run(nlp, "Quorvex Labs competes with Talvora Systems, which also sells drones. "
                    "Both companies buy most of their motors from Brindle Robotics.")
    assert pairs(rels, "CUSTOMER_OF") == {("Quorvex Labs", "Brindle Robotics"),
                                          ("Talvora Systems", "Brindle Robotics")}


def test_the_two_companies_signed_a_partnership(nlp):
    rels = run(nlp, "Quorvex Labs will invest $20 million in Talvora Systems. The two "
                    "companies also signed a partnership to build drones in Oslo and Bergen.")
    assert find(rels, "PARTNERS_WITH", "Quorvex Labs", "Talvora Systems") is not None


def test_products_that_compete_make_their_makers_rivals(nlp):
    rels = run(nlp, "Quorvex Labs designs lidar sensors that compete with Talvora Systems's "
                    "radar units.")
    assert pairs(rels, "COMPETES_WITH") == {("Quorvex Labs", "Talvora Systems")}


def test_anchor_investor_of_an_offering_gets_its_order(nlp):
    rels = run(nlp, "Quorvex Labs raised $900 million in its initial public offering. "
                    "Talvora Systems, which already owned a stake in Quorvex Labs, anchored the "
                    "offering with a $150 million order.")
    rel = find(rels, "INVESTS_IN", "Talvora Systems", "Quorvex Labs")
    assert rel is not None and rel.properties.get("amount") == 150e6


def test_settlement_amount_reaches_the_lawsuit(nlp):
    rels = run(nlp, "Quorvex Labs agreed to pay $25 million to settle a lawsuit brought by "
                    "Talvora Media Group.")
    rel = find(rels, "SUES", "Talvora Media Group", "Quorvex Labs")
    assert rel.properties["amount"] == 25e6 and rel.properties["status"] == "ended"


def test_a_companys_product_is_no_subsidiary_and_stands_for_its_maker(nlp):
    rels = run(nlp, "Amazon's Alexa uses Quorvex Labs's speech models.")
    assert not pairs(rels, "SUBSIDIARY_OF")
    assert pairs(rels, "CUSTOMER_OF") == {("Amazon", "Quorvex Labs")}


# --- statuses --------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "rel_type", "status"), [
    ("Brindle Robotics no longer competes with Okapi Motors in Europe.", "COMPETES_WITH",
     "former"),
    ("Brindle Robotics stopped using Okapi Motors's cloud last year.", "CUSTOMER_OF", "ended"),
    ("Brindle Robotics dropped its lawsuit against Okapi Motors in June.", "SUES",
     "withdrawn"),
    ("Brindle Robotics threatened to sue Okapi Motors over the patent.", "SUES", "planned"),
    ("Brindle Robotics is in talks with Okapi Motors about a partnership.", "PARTNERS_WITH",
     "in_talks"),
    ("Brindle Robotics has paused its contract with Okapi Motors.", "CUSTOMER_OF", "paused"),
])
def test_tie_and_lawsuit_statuses(nlp, text, rel_type, status):
    rel = find(run(nlp, text), rel_type, "Brindle Robotics", "Okapi Motors")
    assert rel is not None and rel.properties["status"] == status


def test_withdrawn_ipo_filing(nlp):
    rel = find(run(nlp, "Brindle Robotics withdrew its IPO filing on the Nasdaq."),
               "PLANS_IPO", "Brindle Robotics", "Nasdaq")
    assert rel is not None and rel.properties["status"] == "withdrawn"


@pytest.mark.parametrize("text", [
    "Brindle Robotics said it would not sue Okapi Motors.",
    "Brindle Robotics will not invest in Okapi Motors, a spokesperson said.",
    "Brindle Robotics does not compete with Okapi Motors.",
])
def test_negated_deals_are_no_facts(nlp, text):
    rels = run(nlp, text)
    assert not [r for r in rels if {r.source, r.target} == {"Brindle Robotics", "Okapi Motors"}]


# --- more phrasings --------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "rel_type", "source", "target", "status"), [
    ("Okapi Labs is owned by Brindle Group.", "SUBSIDIARY_OF", "Okapi Labs", "Brindle Group",
     "active"),
    ("Okapi Labs, which is owned by Brindle Group, makes drones.", "SUBSIDIARY_OF",
     "Okapi Labs", "Brindle Group", "active"),
    ("Okapi Labs operates as a subsidiary of Brindle Group.", "SUBSIDIARY_OF", "Okapi Labs",
     "Brindle Group", "active"),
    ("Okapi Labs took Brindle Group to court over a patent.", "SUES", "Okapi Labs",
     "Brindle Group", "active"),
    ("Brindle Group faces a lawsuit from Okapi Labs over a patent.", "SUES", "Okapi Labs",
     "Brindle Group", "active"),
    ("A lawsuit filed by Okapi Labs against Brindle Group was dismissed.", "SUES",
     "Okapi Labs", "Brindle Group", "ended"),
    ("Okapi Labs made its debut on the Nasdaq in June.", "PLANS_IPO", "Okapi Labs", "Nasdaq",
     "completed"),
    ("Okapi Labs will make its debut on the Nasdaq in June.", "PLANS_IPO", "Okapi Labs",
     "Nasdaq", "planned"),
    ("Okapi Labs filed to go public on the Nasdaq.", "PLANS_IPO", "Okapi Labs", "Nasdaq",
     "pending"),
])
def test_more_phrasings(nlp, text, rel_type, source, target, status):
    rel = find(run(nlp, text), rel_type, source, target)
    assert rel is not None and rel.properties["status"] == status


def test_minority_owned_is_an_investment_not_a_subsidiary(nlp):
    rels = run(nlp, "Okapi Labs is 40% owned by Brindle Group.")
    assert not pairs(rels, "SUBSIDIARY_OF")
    assert find(rels, "INVESTS_IN", "Brindle Group", "Okapi Labs").properties["stake_pct"] == 40


@pytest.mark.parametrize(("text", "rel_type", "source", "target"), [
    ("Brindle Group counts Okapi Labs as a customer.", "CUSTOMER_OF", "Okapi Labs",
     "Brindle Group"),
    ("Brindle Group won a $40 million contract from Okapi Labs.", "CUSTOMER_OF", "Okapi Labs",
     "Brindle Group"),
    ("Okapi Labs awarded Brindle Group a $40 million contract to build its data center.",
     "CUSTOMER_OF", "Okapi Labs", "Brindle Group"),
    ("Okapi Labs has agreed to purchase $2 billion of chips from Brindle Group.",
     "CUSTOMER_OF", "Okapi Labs", "Brindle Group"),
    ("Okapi Labs closed a $50 million Series A led by Brindle Group.", "INVESTS_IN",
     "Brindle Group", "Okapi Labs"),
    ("Okapi Labs secured $50 million in funding from Brindle Group and Kestrel Capital.",
     "INVESTS_IN", "Kestrel Capital", "Okapi Labs"),
    ("Brindle Group is an early backer of Okapi Labs.", "INVESTS_IN", "Brindle Group",
     "Okapi Labs"),
])
def test_customer_and_investment_phrasings(nlp, text, rel_type, source, target):
    rels = run(nlp, text)
    assert find(rels, rel_type, source, target) is not None, rels
    assert all("Series" not in r.target for r in rels)


@pytest.mark.parametrize(("text", "status"), [
    ("Brindle Group is buying Okapi Labs for $300 million.", "announced"),
    ("Brindle Group announced a deal to acquire Okapi Labs.", "announced"),
    ("Okapi Labs agreed to be acquired by Brindle Group for $300 million.", "announced"),
    ("Okapi Labs agreed to sell itself to Brindle Group.", "announced"),
    ("Okapi Labs was sold to Brindle Group last year.", "completed"),
    ("Brindle Group snapped up Okapi Labs for $300 million.", "completed"),
    ("Brindle Group took over Okapi Labs in 2021.", "completed"),
    ("Brindle Group made an offer to buy Okapi Labs, which rejected it.", "cancelled"),
])
def test_acquisition_phrasings(nlp, text, status):
    rels = run(nlp, text)
    rel = find(rels, "ACQUIRES", "Brindle Group", "Okapi Labs")
    assert rel is not None and rel.properties["status"] == status
    assert not pairs(rels, "CUSTOMER_OF")


def test_selling_a_product_or_a_stake_is_no_acquisition(nlp):
    rels = run(nlp, "Okapi Labs sold its stake in Kestrel Robotics to Brindle Group. Okapi Labs "
                    "would sell Claude to Brindle Group.")
    assert not pairs(rels, "ACQUIRES")
    assert not [r for r in rels if r.type == "CUSTOMER_OF" and r.target == "Okapi Labs"
                and "stake" in r.evidence.sentence]


def test_main_rival_is(nlp):
    rels = run(nlp, "Brindle Group's main competitor is Okapi Labs.")
    assert pairs(rels, "COMPETES_WITH") == {("Brindle Group", "Okapi Labs")}


def test_revenue_sharing_is_a_partnership_but_falling_shares_are_not(nlp):
    rels = run(nlp, "Okapi Labs has agreed to share revenue with Brindle Group. Okapi Labs "
                    "shares fell after Brindle Group cut its forecast.")
    assert pairs(rels, "PARTNERS_WITH") == {("Okapi Labs", "Brindle Group")}


def test_deal_that_could_give_it_a_stake(nlp):
    rels = run(nlp, "Okapi Labs agreed to buy $2 billion of Brindle Group chips in a deal that "
                    "could also give it a stake of up to 10% in the chipmaker.")
    rel = find(rels, "INVESTS_IN", "Okapi Labs", "Brindle Group")
    assert rel is not None and rel.properties["status"] in {"expected", "planned"}


# --- held-out generalisation: constructions the tuned rules missed or over-read ---------------

@pytest.mark.parametrize("text", [
    "Quorvex Labs's rival Talvora Systems was founded by Marta Okonkwo in 2017.",
    "Brindlewood AI's main rival Talvora Systems raised money last year.",
])
def test_rival_before_a_name_is_a_competitor_not_a_unit(nlp, text):
    rels = run(nlp, text)
    assert not pairs(rels, "SUBSIDIARY_OF"), rels
    assert len(pairs(rels, "COMPETES_WITH")) == 1, rels
    assert any("Talvora Systems" in pair for pair in pairs(rels, "COMPETES_WITH")), rels


@pytest.mark.parametrize("text, owned", [
    ("Quorvex Media, the owner of Brindle Post, Tessary Herald and the Talvora Times, has "
     "sued Ostrand Labs.", {"Brindle Post", "Talvora Times"}),
    ("Quorvex Media, the owner of Brindlewood AI and of Talvora Systems, has sued Ostrand "
     "Labs.", {"Brindlewood AI", "Talvora Systems"}),
    ("Quorvex Media Group is the owner of Brindlewood AI and of Talvora Systems.",
     {"Brindlewood AI", "Talvora Systems"}),
])
def test_owner_of_companies_is_their_parent_not_a_plaintiff(nlp, text, owned):
    rels = run(nlp, text)
    for child in owned:
        assert any(find(rels, "SUBSIDIARY_OF", child, parent)
                   for parent in ("Quorvex Media", "Quorvex Media Group")), rels
    assert {s for s, _ in pairs(rels, "SUES")} <= {"Quorvex Media"}, rels


def test_owner_of_a_stake_is_no_parent(nlp):
    rels = run(nlp, "Quorvex Media, the owner of a 10% stake in Brindlewood AI, said so.")
    assert not pairs(rels, "SUBSIDIARY_OF"), rels


@pytest.mark.parametrize("text", [
    "Quorvex Labs will pay Talvora Systems a $1 billion termination fee.",
    "Brindlewood AI paid $20 million in damages to Talvora Systems last year.",
])
def test_fees_and_damages_are_no_purchase(nlp, text):
    assert not pairs(run(nlp, text), "CUSTOMER_OF")


@pytest.mark.parametrize("text, amount", [
    ("Quorvex Labs will invest up to $5 billion in Brindlewood AI and Talvora Systems up to "
     "$10 billion, the companies said.", 10e9),
    ("Quorvex Labs invested $200 million in Brindlewood AI and Talvora Systems another "
     "$50 million.", 50e6),
])
def test_second_investor_with_its_verb_left_out(nlp, text, amount):
    rels = run(nlp, text)
    assert pairs(rels, "INVESTS_IN") == {("Quorvex Labs", "Brindlewood AI"),
                                         ("Talvora Systems", "Brindlewood AI")}, rels
    assert find(rels, "INVESTS_IN", "Talvora Systems", "Brindlewood AI"
                ).properties["amount"] == amount


@pytest.mark.parametrize("text", [
    "Brindlewood AI has raised $308 million in a round led by Quorvex Ventures, with Talvora "
    "Capital and Tessary Partners participating.",
    "Brindlewood AI raised $40 million in a round led by Quorvex Ventures. Talvora Capital "
    "and Tessary Partners also invested.",
])
def test_other_investors_of_a_round(nlp, text):
    rels = run(nlp, text)
    assert pairs(rels, "INVESTS_IN") == {("Quorvex Ventures", "Brindlewood AI"),
                                         ("Talvora Capital", "Brindlewood AI"),
                                         ("Tessary Partners", "Brindlewood AI")}, rels


@pytest.mark.parametrize("text, pct", [
    ("Quorvex Labs is investing $14.3 billion for a 49% stake in Brindlewood AI.", 49.0),
    ("Quorvex Labs paid $2 billion for a 20% stake in Brindlewood AI.", 20.0),
])
def test_money_paid_for_a_stake(nlp, text, pct):
    rel = find(run(nlp, text), "INVESTS_IN", "Quorvex Labs", "Brindlewood AI")
    assert rel is not None and rel.properties["stake_pct"] == pct


@pytest.mark.parametrize("text, seller", [
    ("Talvora Systems has agreed to sell a 51% stake in Brindlewood Chips, its chip unit, to "
     "the buyout firm Ostrand Capital.", "Talvora Systems"),
    ("Ostrand Capital bought a 60% stake in Brindlewood Chips last year.", None),
])
def test_majority_stake_is_an_acquisition(nlp, text, seller):
    rels = run(nlp, text)
    rel = find(rels, "ACQUIRES", "Ostrand Capital", "Brindlewood Chips")
    assert rel is not None and rel.properties["stake_pct"] > 50, rels
    assert not find(rels, "INVESTS_IN", "Ostrand Capital", "Brindlewood Chips"), rels
    assert seller is None or not find(rels, "INVESTS_IN", seller, "Brindlewood Chips"), rels


def test_buyer_of_a_minority_stake_invests(nlp):
    rels = run(nlp, "Talvora Systems sold its 30% stake in Brindlewood Chips to Ostrand "
                    "Capital.")
    assert find(rels, "INVESTS_IN", "Ostrand Capital", "Brindlewood Chips"
                ).properties["status"] == "completed"
    assert find(rels, "INVESTS_IN", "Talvora Systems", "Brindlewood Chips"
                ).properties["status"] == "ended"


@pytest.mark.parametrize("text, status", [
    ("Quorvex Labs and Talvora Systems have called off their $20 billion merger, citing "
     "regulators.", "cancelled"),
    ("Quorvex Labs and Talvora Systems completed their merger in March.", "completed"),
])
def test_their_merger_names_both_parties(nlp, text, status):
    rels = run(nlp, text)
    assert pairs(rels, "ACQUIRES") == {("Quorvex Labs", "Talvora Systems")}, rels
    assert rels[0].properties["status"] == status


@pytest.mark.parametrize("text", [
    "The main rival is Tessary Health, the speech company that Quorvex Labs bought for "
    "$19.7 billion in 2022.",
    "Tessary Health, which Quorvex Labs acquired in 2021, makes speech software.",
])
def test_relative_clause_object_is_the_target(nlp, text):
    assert pairs(run(nlp, text), "ACQUIRES") == {("Quorvex Labs", "Tessary Health")}


@pytest.mark.parametrize("text, exchange, status", [
    ("Shares of Quorvex Labs jumped 40% in their Nasdaq debut on Thursday.", "Nasdaq",
     "completed"),
    ("Quorvex Labs's shares rose 12% in their New York Stock Exchange debut.",
     "New York Stock Exchange", "completed"),
    ("Shares of Quorvex Labs could jump in their Nasdaq debut next week.", "Nasdaq",
     "planned"),
])
def test_share_moves_in_a_debut_say_the_listing_happened(nlp, text, exchange, status):
    rel = find(run(nlp, text), "PLANS_IPO", "Quorvex Labs", exchange)
    assert rel is not None and rel.properties["status"] == status


@pytest.mark.parametrize("text, pct", [
    ("Talvora Systems retained about 20% of Brindlewood Chips after the sale.", 20.0),
    ("Talvora Systems will keep the remaining 49% of Brindlewood Chips.", 49.0),
])
def test_kept_minority_is_an_investment(nlp, text, pct):
    rel = find(run(nlp, text), "INVESTS_IN", "Talvora Systems", "Brindlewood Chips")
    assert rel is not None and rel.properties["stake_pct"] == pct


@pytest.mark.parametrize("text", [
    "Quorvex Labs's video tools compete with Brindlewood AI's Sora and with models from "
    "Tessary Networks.",
    "Quorvex Labs's chips compete with processors from Brindlewood AI and with Tessary "
    "Networks's accelerators.",
])
def test_products_compete_with_products_named_by_maker(nlp, text):
    rels = run(nlp, text)
    assert find(rels, "COMPETES_WITH", "Quorvex Labs", "Brindlewood AI"), rels
    assert find(rels, "COMPETES_WITH", "Quorvex Labs", "Tessary Networks"), rels


@pytest.mark.parametrize("text", [
    "Quorvex Labs relies heavily on models from Brindlewood AI, which it pays for access.",
    "Quorvex Labs relies on Brindlewood AI's cloud for training.",
])
def test_relying_on_offerings_is_being_a_customer(nlp, text):
    assert pairs(run(nlp, text), "CUSTOMER_OF") == {("Quorvex Labs", "Brindlewood AI")}


@pytest.mark.parametrize("text", [
    "Quorvex Labs has partnerships with Brindlewood AI and with Tessary Networks.",
    "Quorvex Labs partnered with Brindlewood AI and with Tessary Networks on chips.",
])
def test_partners_after_a_repeated_with(nlp, text):
    rels = run(nlp, text)
    assert find(rels, "PARTNERS_WITH", "Quorvex Labs", "Brindlewood AI"), rels
    assert find(rels, "PARTNERS_WITH", "Quorvex Labs", "Tessary Networks"), rels
    assert not find(rels, "PARTNERS_WITH", "Brindlewood AI", "Tessary Networks"), rels


@pytest.mark.parametrize("text", [
    "Quorvex Labs raised $1.37 billion in its initial public offering on the New York Stock "
    "Exchange, five months after it put the listing on hold.",
    "Quorvex Labs made its debut on the Nasdaq on Friday, a year after it had postponed the "
    "listing.",
])
def test_main_clause_listing_wins_over_an_earlier_pause(nlp, text):
    rels = [r for r in run(nlp, text) if r.type == "PLANS_IPO"]
    assert len(rels) == 1 and rels[0].properties["status"] == "completed", rels


@pytest.mark.parametrize("text", [
    "Quorvex Labs listed on the Nasdaq in May. Brindlewood AI, the design software maker, "
    "went public on the same exchange in July.",
    "Quorvex Labs filed for an IPO on the Nasdaq last year. Brindlewood AI listed its shares "
    "on the same exchange in March.",
])
def test_the_same_exchange_is_the_one_named_before(nlp, text):
    rel = find(run(nlp, text), "PLANS_IPO", "Brindlewood AI", "Nasdaq")
    assert rel is not None and rel.properties["status"] == "completed"


@pytest.mark.parametrize("text", [
    "The plaintiffs in the lawsuit against Brindlewood AI include Quorvex Media Group and "
    "Talvora Press.",
    "Quorvex Media Group and Talvora Press are plaintiffs in a copyright suit against "
    "Brindlewood AI.",
    "A lawsuit against Brindlewood AI, whose plaintiffs include Quorvex Media Group and "
    "Talvora Press, was filed in May.",
])
def test_named_plaintiffs_sue_the_defendant_of_the_case(nlp, text):
    assert pairs(run(nlp, text), "SUES") == {("Quorvex Media Group", "Brindlewood AI"),
                                             ("Talvora Press", "Brindlewood AI")}


def test_plaintiffs_without_a_named_defendant_give_nothing(nlp):
    assert not pairs(run(nlp, "The plaintiffs include Quorvex Media Group."), "SUES")


@pytest.mark.parametrize("text", [
    "Eight newspapers owned by Ostrand Capital, including the Brindle Daily News and the "
    "Talvora Daily News, sued Brindlewood AI.",
    "Several papers owned by Ostrand Capital, including the Talvora Daily News, have "
    "licensed their archives to Brindlewood AI.",
])
def test_members_of_a_group_owned_by_y_are_its_units(nlp, text):
    rels = run(nlp, text)
    assert find(rels, "SUBSIDIARY_OF", "Talvora Daily News", "Ostrand Capital"), rels
    assert not find(rels, "SUES", "Ostrand Capital", "Brindlewood AI"), rels


@pytest.mark.parametrize("text", [
    "Eight newspapers owned by Ostrand Capital, including the Brindle Daily News and the "
    "Talvora Daily News, sued Brindlewood AI.",
    "Newspapers including the Brindle Daily News and the Talvora Daily News have sued "
    "Brindlewood AI.",
])
def test_listed_members_of_a_suing_group_are_plaintiffs(nlp, text):
    assert pairs(run(nlp, text), "SUES") == {("Brindle Daily News", "Brindlewood AI"),
                                             ("Talvora Daily News", "Brindlewood AI")}


@pytest.mark.parametrize("text, rivals", [
    ("Quorvex Labs faces stiff competition from Brindlewood AI, Ostrand Labs and Talvora "
     "Systems.", {"Brindlewood AI", "Ostrand Labs", "Talvora Systems"}),
    ("Quorvex Labs is facing growing competition from Brindlewood AI.", {"Brindlewood AI"}),
])
def test_competition_faced_from_named_companies(nlp, text, rivals):
    assert pairs(run(nlp, text), "COMPETES_WITH") == {("Quorvex Labs", r) for r in rivals}


@pytest.mark.parametrize("text, amount", [
    ("Quorvex Labs led a $50 million Series B in Brindlewood AI.", 50e6),
    ("Quorvex Labs led a Series A round in Brindlewood AI last year.", None),
])
def test_a_series_led_in_a_named_company(nlp, text, amount):
    rel = find(run(nlp, text), "INVESTS_IN", "Quorvex Labs", "Brindlewood AI")
    assert rel is not None and rel.properties.get("amount") == amount


def test_investors_counted_among_a_company_s_investors(nlp):
    rels = run(nlp, "Brindlewood AI counts Quorvex Labs and Talvora Systems among its "
                    "investors.")
    assert pairs(rels, "INVESTS_IN") == {("Quorvex Labs", "Brindlewood AI"),
                                         ("Talvora Systems", "Brindlewood AI")}


@pytest.mark.parametrize("text, plaintiff", [
    ("The lawsuit, filed by Ostrand Media Group, names Quorvex Labs and Brindlewood AI as "
     "defendants.", "Ostrand Media Group"),
    ("A class action brought by a group of authors led by Marta Okonkwo names Quorvex Labs "
     "and Brindlewood AI as defendants.", "Marta Okonkwo"),
])
def test_case_naming_defendants(nlp, text, plaintiff):
    assert pairs(run(nlp, text), "SUES") == {(plaintiff, "Quorvex Labs"),
                                             (plaintiff, "Brindlewood AI")}


def test_case_naming_defendants_without_plaintiff_gives_nothing(nlp):
    assert not pairs(run(nlp, "The suit names Quorvex Labs as a defendant."), "SUES")


@pytest.mark.parametrize("text", [
    "The Brindle Post and the Talvora Daily News are newspapers. Both publishers are owned "
    "by Ostrand Media Group.",
    "The Brindle Post and the Talvora Daily News reported record sales. The two papers are "
    "owned by Ostrand Media Group.",
])
def test_both_publishers_are_the_pair_named_before(nlp, text):
    rels = run(nlp, text)
    assert find(rels, "SUBSIDIARY_OF", "Brindle Post", "Ostrand Media Group"), rels
    assert find(rels, "SUBSIDIARY_OF", "Talvora Daily News", "Ostrand Media Group"), rels


@pytest.mark.parametrize("text, status", [
    ("Quorvex Labs's shares began trading on the New York Stock Exchange on Friday.",
     "completed"),
    ("Shares of Quorvex Labs will begin trading on the Nasdaq next week.", "planned"),
])
def test_shares_beginning_to_trade_is_a_listing(nlp, text, status):
    rels = [r for r in run(nlp, text) if r.type == "PLANS_IPO"]
    assert [(r.source, r.properties["status"]) for r in rels] == [("Quorvex Labs", status)]


@pytest.mark.parametrize("text, amount", [
    ("Quorvex Labs priced its IPO on the Nasdaq at $20 a share.", None),
    ("Quorvex Labs raised $400 million in its IPO on the Nasdaq, pricing shares at $18 a "
     "share.", 400e6),
])
def test_a_price_per_share_is_no_offering_amount(nlp, text, amount):
    rel = find(run(nlp, text), "PLANS_IPO", "Quorvex Labs", "Nasdaq")
    assert rel is not None and rel.properties.get("amount") == amount


@pytest.mark.parametrize("text", [
    "Quorvex Labs agreed to acquire Brindlewood AI in an all-stock deal valued at $5 billion.",
    "Quorvex Labs will buy Brindlewood AI in a transaction worth about $5 billion.",
])
def test_deal_value_is_the_acquisition_price(nlp, text):
    rel = find(run(nlp, text), "ACQUIRES", "Quorvex Labs", "Brindlewood AI")
    assert rel is not None and rel.properties["amount"] == 5e9


@pytest.mark.parametrize("text, status", [
    ("Quorvex Labs rejected a takeover offer from Brindlewood AI.", "cancelled"),
    ("Quorvex Labs received a $2 billion takeover bid from Brindlewood AI.", "planned"),
    ("Brindlewood AI made a $3 billion bid for Quorvex Labs last month.", "planned"),
])
def test_takeover_offers_are_no_done_deals(nlp, text, status):
    rel = find(run(nlp, text), "ACQUIRES", "Brindlewood AI", "Quorvex Labs")
    assert rel is not None and rel.properties["status"] == status


def test_an_offer_to_license_is_no_takeover(nlp):
    rels = run(nlp, "Quorvex Labs got an offer from Brindlewood AI to license its patents.")
    assert not pairs(rels, "ACQUIRES")


@pytest.mark.parametrize("text", [
    "Quorvex Labs, whose rival Brindlewood AI went public on the Nasdaq in 2021, is still "
    "private.",
    "Quorvex Labs, whose competitors include Brindlewood AI, raised money.",
])
def test_whose_rival_belongs_to_the_relative_clause_head(nlp, text):
    assert pairs(run(nlp, text), "COMPETES_WITH") in ({("Quorvex Labs", "Brindlewood AI")},
                                                      {("Brindlewood AI", "Quorvex Labs")})


@pytest.mark.parametrize("text", [
    "Ostrand Capital, an investor in Brindlewood AI, also led Quorvex Labs's seed round.",
    "Ostrand Capital led Quorvex Labs's Series A round in 2021.",
])
def test_leading_a_companys_named_round(nlp, text):
    assert find(run(nlp, text), "INVESTS_IN", "Ostrand Capital", "Quorvex Labs")


@pytest.mark.parametrize("text", [
    "Quorvex Labs's largest customer is Brindlewood AI.",
    "Quorvex Labs's biggest customers are Brindlewood AI, Ostrand Networks and Talvora "
    "Systems.",
])
def test_customers_named_after_a_copula(nlp, text):
    assert ("Brindlewood AI", "Quorvex Labs") in pairs(run(nlp, text), "CUSTOMER_OF")


@pytest.mark.parametrize("text", [
    "Quorvex Labs acquired Brindlewood AI, which had bought Talvora Systems in 2019.",
    "Brindlewood AI bought Talvora Systems last year for $40 million.",
])
def test_a_company_named_like_an_offering_is_no_offering(nlp, text):
    rels = run(nlp, text)
    assert find(rels, "ACQUIRES", "Brindlewood AI", "Talvora Systems"), rels
    assert not pairs(rels, "CUSTOMER_OF"), rels


@pytest.mark.parametrize("text", [
    "Quorvex Labs will also use Brindlewood AI's upcoming Falcon and Osprey systems.",
    "Quorvex Labs uses Brindlewood AI's Falcon and Osprey chips in its data centers.",
])
def test_offerings_listed_after_their_maker(nlp, text):
    assert pairs(run(nlp, text), "CUSTOMER_OF") == {("Quorvex Labs", "Brindlewood AI")}


def test_investing_without_object_or_also_is_no_round_member(nlp):
    rels = run(nlp, "Brindlewood AI raised $40 million in a round led by Quorvex Ventures. "
                    "Talvora Capital has invested heavily since 2019.")
    assert pairs(rels, "INVESTS_IN") == {("Quorvex Ventures", "Brindlewood AI")}


@pytest.mark.parametrize("text", [
    "Brindlewood AI, which counts Quorvex Labs as an investor, makes chips.",
    "Brindlewood AI counts Quorvex Labs as one of its backers.",
])
def test_counted_as_an_investor(nlp, text):
    assert pairs(run(nlp, text), "INVESTS_IN") == {("Quorvex Labs", "Brindlewood AI")}


@pytest.mark.parametrize("text, amount", [
    ("Quorvex Labs poured $2 billion into Brindlewood AI last year.", 2e9),
    ("Quorvex Labs pumped another $500 million into Brindlewood AI.", 5e8),
])
def test_sums_poured_into_a_company(nlp, text, amount):
    rel = find(run(nlp, text), "INVESTS_IN", "Quorvex Labs", "Brindlewood AI")
    assert rel is not None and rel.properties["amount"] == amount


def test_pouring_cold_water_is_no_investment(nlp):
    assert not run(nlp, "Quorvex Labs poured cold water on reports about Brindlewood AI.")


@pytest.mark.parametrize("text", [
    "Brindlewood AI, in which Quorvex Labs holds a 10% stake, makes chips.",
    "Brindlewood AI, in which Quorvex Labs owns a 10% stake, is based in Oslo.",
])
def test_stake_in_which(nlp, text):
    rel = find(run(nlp, text), "INVESTS_IN", "Quorvex Labs", "Brindlewood AI")
    assert rel is not None and rel.properties["stake_pct"] == 10.0


@pytest.mark.parametrize("text", [
    "Quorvex Labs runs its models on Brindlewood AI's chips.",
    "Quorvex Labs ran its training jobs on Brindlewood AI's cloud last year.",
])
def test_running_own_workloads_on_a_suppliers_offering(nlp, text):
    assert pairs(run(nlp, text), "CUSTOMER_OF") == {("Quorvex Labs", "Brindlewood AI")}


@pytest.mark.parametrize("text", [
    "Quorvex Labs partners with Brindlewood AI on chip design.",
    "Quorvex Labs partners with Brindlewood AI and with Talvora Systems.",
])
def test_partners_with_read_as_a_noun(nlp, text):
    assert find(run(nlp, text), "PARTNERS_WITH", "Quorvex Labs", "Brindlewood AI")


def test_partners_with_money_are_no_partnership(nlp):
    assert not run(nlp, "The partners with the most money won the Talvora Systems auction.")


@pytest.mark.parametrize("text", [
    "Quorvex Labs's parent, Talvora Systems, reported earnings.",
    "Quorvex Labs's parent, Talvora Systems, may sell the unit next year.",
])
def test_a_described_parent_is_a_fact_whatever_the_clause_says(nlp, text):
    rel = find(run(nlp, text), "SUBSIDIARY_OF", "Quorvex Labs", "Talvora Systems")
    assert rel is not None and rel.properties["status"] == "active"


@pytest.mark.parametrize("text", [
    "Quorvex Labs is controlled by Talvora Systems.",
    "Talvora Systems controls Quorvex Labs and several smaller firms.",
])
def test_control_makes_a_subsidiary(nlp, text):
    assert pairs(run(nlp, text), "SUBSIDIARY_OF") == {("Quorvex Labs", "Talvora Systems")}


def test_controlling_a_market_share_is_no_subsidiary(nlp):
    assert not run(nlp, "Talvora Systems controls 40% of the market for sensors.")


@pytest.mark.parametrize("text", [
    "In return, Quorvex Labs has committed to buy $30 billion of computing capacity from "
    "Brindlewood AI's cloud.",
    "Quorvex Labs pledged to spend $2 billion on Brindlewood AI's chips.",
])
def test_committed_purchases_are_planned(nlp, text):
    rel = find(run(nlp, text), "CUSTOMER_OF", "Quorvex Labs", "Brindlewood AI")
    assert rel is not None and rel.properties["status"] == "planned"


@pytest.mark.parametrize("text, pct", [
    ("Quorvex Labs agreed to a deal that could give it a stake of up to 10% in Brindlewood "
     "AI.", 10.0),
    ("Quorvex Labs took a stake of 15% in Brindlewood AI.", 15.0),
])
def test_stake_of_n_percent(nlp, text, pct):
    rel = find(run(nlp, text), "INVESTS_IN", "Quorvex Labs", "Brindlewood AI")
    assert rel is not None and rel.properties["stake_pct"] == pct


@pytest.mark.parametrize("text", [
    "The lawsuit, which Brindlewood AI filed in March, accuses Quorvex Labs of copying its "
    "code.",
    "Brindlewood AI's lawsuit accuses Quorvex Labs of patent infringement.",
])
def test_a_lawsuit_accusing_a_company(nlp, text):
    assert pairs(run(nlp, text), "SUES") == {("Brindlewood AI", "Quorvex Labs")}


def test_a_lawsuit_without_plaintiff_gives_nothing(nlp):
    assert not run(nlp, "The lawsuit accuses Quorvex Labs of fraud.")


@pytest.mark.parametrize("text", [
    "Brindlewood AI's largest shareholder, Quorvex Labs, opposed the deal.",
    "Brindlewood AI's biggest investor is Quorvex Labs.",
])
def test_investor_named_after_the_noun(nlp, text):
    assert pairs(run(nlp, text), "INVESTS_IN") == {("Quorvex Labs", "Brindlewood AI")}


@pytest.mark.parametrize("text", [
    "Quorvex Labs's competitors, including Brindlewood AI, have cut prices.",
    "Quorvex Labs's rivals, such as Brindlewood AI, may struggle to keep up.",
])
def test_rivalry_described_in_a_subject_is_active(nlp, text):
    rel = find(run(nlp, text), "COMPETES_WITH", "Quorvex Labs", "Brindlewood AI")
    assert rel is not None and rel.properties["status"] == "active"


def test_rivals_that_do_not_include_a_company(nlp):
    assert not run(nlp, "Quorvex Labs's rivals do not include Brindlewood AI.")


@pytest.mark.parametrize("text", [
    "Quorvex Labs vies with Brindlewood AI for customers.",
    "Quorvex Labs is vying with Brindlewood AI for government contracts.",
])
def test_vying_is_competing(nlp, text):
    assert find(run(nlp, text), "COMPETES_WITH", "Quorvex Labs", "Brindlewood AI")


@pytest.mark.parametrize("text, rel_type, pair, status", [
    ("Quorvex Labs's customers, including Brindlewood AI, cut spending last quarter.",
     "CUSTOMER_OF", ("Brindlewood AI", "Quorvex Labs"), "active"),
    ("Brindlewood AI's backers, including Quorvex Labs, ended the year with gains.",
     "INVESTS_IN", ("Quorvex Labs", "Brindlewood AI"), "completed"),
    ("Quorvex Labs, a former Brindlewood AI customer, will cut jobs.",
     "CUSTOMER_OF", ("Quorvex Labs", "Brindlewood AI"), "former"),
])
def test_a_party_noun_describes_a_tie_whatever_its_verb_says(nlp, text, rel_type, pair,
                                                              status):
    rel = find(run(nlp, text), rel_type, *pair)
    assert rel is not None and rel.properties["status"] == status


def test_a_stating_verb_still_carries_the_status(nlp):
    rel = find(run(nlp, "Quorvex Labs's customers no longer include Brindlewood AI."),
               "CUSTOMER_OF", "Brindlewood AI", "Quorvex Labs")
    assert rel is not None and rel.properties["status"] == "ended"


@pytest.mark.parametrize("text", [
    "Quorvex Labs is Brindlewood AI's largest supplier.",
    "Quorvex Labs, Brindlewood AI's chip supplier, raised prices.",
])
def test_a_named_companys_supplier(nlp, text):
    assert pairs(run(nlp, text), "CUSTOMER_OF") == {("Brindlewood AI", "Quorvex Labs")}


def test_a_supplier_to_an_industry_is_no_tie(nlp):
    assert not run(nlp, "Quorvex Labs is a supplier to the auto industry.")


@pytest.mark.parametrize("text, backer, backed", [
    ("Brindlewood AI, a Halvorsen-backed startup, makes chips.", "Halvorsen",
     "Brindlewood AI"),
    ("Tessary Networks, a Nvidia-backed chip designer, raised money.", "Nvidia",
     "Tessary Networks"),
])
def test_hyphen_backed_description_of_a_name(nlp, text, backer, backed):
    assert pairs(run(nlp, text), "INVESTS_IN") == {(backer, backed)}


@pytest.mark.parametrize("text, child", [
    ("Brindlewood AI, which is majority-owned by Quorvex Labs, makes chips.",
     "Brindlewood AI"),
    ("Talvora Systems, which is majority-owned by Quorvex Labs, makes sensors.",
     "Talvora Systems"),
])
def test_majority_owned_relative_clause(nlp, text, child):
    assert pairs(run(nlp, text), "SUBSIDIARY_OF") == {(child, "Quorvex Labs")}


@pytest.mark.parametrize("text", [
    "Brindlewood AI, a portfolio company of Quorvex Ventures, makes chips.",
    "Quorvex Ventures's portfolio includes Brindlewood AI and Talvora Systems.",
    "Brindlewood AI is a Quorvex Ventures portfolio company.",
])
def test_portfolio_companies_are_investments(nlp, text):
    assert ("Quorvex Ventures", "Brindlewood AI") in pairs(run(nlp, text), "INVESTS_IN")


def test_a_product_portfolio_is_no_investment(nlp):
    assert not pairs(run(nlp, "Quorvex Labs expanded its product portfolio with Brindlewood "
                              "AI's chips."), "INVESTS_IN")


@pytest.mark.parametrize("text, status", [
    ("Quorvex Labs's IPO on the Nasdaq raised $300 million.", "completed"),
    ("Quorvex Labs's IPO on the Nasdaq could raise $300 million.", "planned"),
])
def test_an_ipo_that_raised_money(nlp, text, status):
    rel = find(run(nlp, text), "PLANS_IPO", "Quorvex Labs", "Nasdaq")
    assert rel is not None and rel.properties["status"] == status
    assert rel.properties["amount"] == 3e8


@pytest.mark.parametrize("text, exchange", [
    ("Quorvex Labs has been listed on the Nasdaq since 2015.", "Nasdaq"),
    ("Quorvex Labs, whose stock is listed on the New York Stock Exchange, reported earnings.",
     "New York Stock Exchange"),
])
def test_listed_companies(nlp, text, exchange):
    rel = find(run(nlp, text), "PLANS_IPO", "Quorvex Labs", exchange)
    assert rel is not None and rel.properties["status"] == "completed"


@pytest.mark.parametrize("text", [
    "Quorvex Labs to buy Brindlewood AI for $2 billion",
    "Quorvex Labs to acquire Brindlewood AI in $2 billion deal",
])
def test_headline_infinitive_deal_is_announced(nlp, text):
    rel = find(run(nlp, text), "ACQUIRES", "Quorvex Labs", "Brindlewood AI")
    assert rel is not None and rel.properties["status"] == "announced"


@pytest.mark.parametrize("text", [
    "Nasdaq-listed Quorvex Labs will buy Brindlewood AI in 2026.",
    "Quorvex Labs, a Nasdaq-listed chipmaker, bought Brindlewood AI in 2021.",
])
def test_exchange_listed_description_is_a_standing_listing(nlp, text):
    rel = find(run(nlp, text), "PLANS_IPO", "Quorvex Labs", "Nasdaq")
    assert rel is not None and rel.properties["status"] == "completed"
    assert "date" not in rel.properties


@pytest.mark.parametrize("text", [
    "Orvane Health raised $75 million. The round was led by Gallant Capital and included "
    "Redwick Partners and Tamsin Ventures.",
    "Orvane Health's latest funding round drew investment from Gallant Capital, Redwick "
    "Partners and Tamsin Ventures.",
    "Gallant Capital, Redwick Partners and Tamsin Ventures joined the round, which values "
    "Orvane Health at $1 billion.",
])
def test_investors_a_round_included(nlp, text):
    got = pairs(run(nlp, text), "INVESTS_IN")
    assert {("Redwick Partners", "Orvane Health"), ("Tamsin Ventures", "Orvane Health")} <= got


def test_criticism_drawn_is_no_investment(nlp):
    assert not run(nlp, "Orvane Health drew criticism from Gallant Capital.")


@pytest.mark.parametrize("text, status", [
    ("Quorvex Labs's deal to buy Brindlewood AI was approved by regulators.", "completed"),
    ("Brindlewood AI, which Quorvex Labs agreed to buy last year for $3 billion, makes chips.",
     "announced"),
    ("Quorvex Labs's proposed takeover of Brindlewood AI faces scrutiny.", "planned"),
    ("Quorvex Labs walked away from its deal to buy Brindlewood AI.", "cancelled"),
])
def test_deals_named_in_noun_phrases_and_relative_clauses(nlp, text, status):
    rel = find(run(nlp, text), "ACQUIRES", "Quorvex Labs", "Brindlewood AI")
    assert rel is not None and rel.properties["status"] == status


@pytest.mark.parametrize("text", [
    "Quorvex Labs completed the sale of its chip unit, Brindlewood AI, to Talvora Systems.",
    "The sale of its unit, Brindlewood AI, to Talvora Systems closed in May.",
])
def test_sale_of_a_unit_to_a_buyer(nlp, text):
    assert find(run(nlp, text), "ACQUIRES", "Talvora Systems", "Brindlewood AI")


@pytest.mark.parametrize("text", [
    "Quorvex Labs's sale of shares to Talvora Systems raised $2 billion.",
    "Quorvex Labs's plan to sell chips to Brindlewood AI stalled.",
])
def test_sales_of_shares_or_goods_are_no_acquisition(nlp, text):
    assert not pairs(run(nlp, text), "ACQUIRES")


def test_a_unit_being_sold_is_still_a_unit(nlp):
    rel = find(run(nlp, "Quorvex Labs is said to be exploring a sale of its Brindlewood AI "
                        "unit."), "SUBSIDIARY_OF", "Brindlewood AI", "Quorvex Labs")
    assert rel is not None and rel.properties["status"] == "active"


@pytest.mark.parametrize("text", [
    "Quorvex Labs won a lawsuit against Brindlewood AI in 2023.",
    "Quorvex Labs lost its lawsuit against Brindlewood AI last year.",
])
def test_a_decided_lawsuit_has_ended(nlp, text):
    rel = find(run(nlp, text), "SUES", "Quorvex Labs", "Brindlewood AI")
    assert rel is not None and rel.properties["status"] == "ended"


@pytest.mark.parametrize("text, kind", [
    ("Brindlewood AI received a cease-and-desist letter from Quorvex Labs.",
     "cease_and_desist"),
    ("Brindlewood AI got a copyright complaint from Quorvex Labs in June.", "complaint"),
])
def test_received_legal_action_from_the_plaintiff(nlp, text, kind):
    rel = find(run(nlp, text), "SUES", "Quorvex Labs", "Brindlewood AI")
    assert rel is not None and rel.properties["kind"] == kind


@pytest.mark.parametrize("text", [
    "Brightloom AI raised money. The company said the money would help it compete with "
    "Halvard Systems and with Zentro Labs.",
    "Brightloom AI will compete with Halvard Systems in Europe next year.",
])
def test_a_planned_rivalry_is_a_rivalry(nlp, text):
    rel = find(run(nlp, text), "COMPETES_WITH", "Brightloom AI", "Halvard Systems")
    assert rel is not None and rel.properties["status"] == "active"


@pytest.mark.parametrize("text", [
    "Brightloom AI will not compete with Halvard Systems.",
    "Brightloom AI denied that it would compete with Halvard Systems.",
])
def test_a_denied_rivalry_is_none(nlp, text):
    assert not run(nlp, text)


@pytest.mark.parametrize("text", [
    "Brightloom AI on Wednesday announced a $250 million Series C funding round led by "
    "Ardent Ventures.",
    "Brightloom AI disclosed a $40 million seed round led by Ardent Ventures on Monday.",
])
def test_an_announced_round_belongs_to_the_announcer(nlp, text):
    assert pairs(run(nlp, text), "INVESTS_IN") == {("Ardent Ventures", "Brightloom AI")}


@pytest.mark.parametrize("text, status", [
    ("Brightloom AI signed a deal with Teller Networks to run its models on Teller Networks's "
     "servers.", "active"),
    ("Brightloom AI struck an agreement to train its models on Halvard Systems's chips.",
     "active"),
    ("Brightloom AI plans to host its apps on Halvard Systems's cloud.", "planned"),
])
def test_workloads_run_on_a_suppliers_offering_by_deal_or_plan(nlp, text, status):
    rels = [r for r in run(nlp, text) if r.type == "CUSTOMER_OF"]
    assert [(r.source, r.properties["status"]) for r in rels] == [("Brightloom AI", status)]


@pytest.mark.parametrize("text", [
    "Teller Networks, one of Halvard Systems's largest customers, cut its orders.",
    "Teller Networks, one of Halvard Systems's biggest customers, said it would expand.",
])
def test_one_of_a_suppliers_customers_in_apposition(nlp, text):
    rel = find(run(nlp, text), "CUSTOMER_OF", "Teller Networks", "Halvard Systems")
    assert rel is not None and rel.properties["status"] == "active"


@pytest.mark.parametrize("text, investor", [
    ("Halvard Systems's venture arm, Halvard Ventures, invested in Teller Networks.",
     "Halvard Ventures"),
    ("Halvard Capital's fund, Halvard Fund II, invested $5 million in Teller Networks.",
     "Halvard Fund II"),
])
def test_apposed_name_of_a_misread_subject_invests(nlp, text, investor):
    assert find(run(nlp, text), "INVESTS_IN", investor, "Teller Networks")


@pytest.mark.parametrize("text, pct", [
    ("Halvard Systems cut its stake in Teller Networks to 5%.", 5.0),
    ("Halvard Systems raised its stake in Teller Networks to 15%.", 15.0),
    ("Halvard Systems's 20% stake in Teller Networks is worth $1 billion.", 20.0),
])
def test_changed_or_described_stakes_go_on(nlp, text, pct):
    rel = find(run(nlp, text), "INVESTS_IN", "Halvard Systems", "Teller Networks")
    assert rel is not None and rel.properties["status"] == "completed"
    assert rel.properties["stake_pct"] == pct


@pytest.mark.parametrize("text", [
    "Teller Networks agreed to buy $38 billion of cloud services from Halvard Systems over "
    "seven years.",
    "Teller Networks has agreed to rent computing capacity from Halvard Systems.",
])
def test_an_agreed_purchase_is_planned(nlp, text):
    rel = find(run(nlp, text), "CUSTOMER_OF", "Teller Networks", "Halvard Systems")
    assert rel is not None and rel.properties["status"] == "planned"


@pytest.mark.parametrize("text, status", [
    ("Brindlewood AI's partner Quorvex Labs halted production.", "active"),
    ("Quorvex Labs, a longtime partner of Brindlewood AI, halted production.", "active"),
    ("Quorvex Labs, a former partner of Brindlewood AI, halted production.", "former"),
])
def test_partner_named_beside_the_noun(nlp, text, status):
    rel = find(run(nlp, text), "PARTNERS_WITH", "Quorvex Labs", "Brindlewood AI")
    assert rel is not None and rel.properties["status"] == status


def test_a_partner_at_a_firm_is_a_person_role(nlp):
    assert not pairs(run(nlp, "Marta Okonkwo, a partner at Brindlewood Capital, said so."),
                     "PARTNERS_WITH")


@pytest.mark.parametrize("text, status", [
    ("Zentro Labs's Nasdaq IPO was a success, raising $500 million.", "completed"),
    ("Zentro Labs's IPO on the Nasdaq closed on Friday, raising $1 billion.", "completed"),
])
def test_an_ipo_described_as_raising_money(nlp, text, status):
    rel = find(run(nlp, text), "PLANS_IPO", "Zentro Labs", "Nasdaq")
    assert rel is not None and rel.properties["status"] == status


@pytest.mark.parametrize("text", [
    "Zentro Labs, a San Francisco startup, said on Monday that Brightloom AI had agreed to "
    "acquire it for about $1.2 billion.",
    "Zentro Labs confirmed that Brightloom AI would buy it.",
    "Zentro Labs makes chips for robots. Brightloom AI will buy it, the companies said.",
])
def test_it_bought_is_the_reporting_or_topic_company(nlp, text):
    assert pairs(run(nlp, text), "ACQUIRES") == {("Brightloom AI", "Zentro Labs")}


def test_it_bought_without_antecedent_gives_nothing(nlp):
    assert not run(nlp, "Analysts said Brightloom AI would buy it.")


@pytest.mark.parametrize("text", [
    "Quorvex Labs competes with Brindlewood AI and Tessary Networks, the company behind the "
    "Bolt app builder.",
    "Quorvex Labs listed on the Nasdaq in May. Brindlewood AI builds chips. Ostrand AI, the "
    "design software maker, went public on the same exchange in July.",
])
def test_an_apposed_description_is_no_extra_list_member(nlp, text):
    rels = run(nlp, text)
    assert not find(rels, "COMPETES_WITH", "Tessary Networks", "Brindlewood AI"), rels
    assert not find(rels, "PLANS_IPO", "Brindlewood AI", "Nasdaq"), rels


@pytest.mark.parametrize("text, plaintiff, defendant", [
    ("Clarity Notes sued Orvane Health in March, alleging that it had poached engineers; "
     "Orvane Health denied the claims.", "Clarity Notes", "Orvane Health"),
    ("Talvora Systems sued Quorvex Labs over patents; Quorvex Labs rejected the "
     "accusations.", "Talvora Systems", "Quorvex Labs"),
])
def test_a_denial_after_a_semicolon_does_not_deny_the_lawsuit(nlp, text, plaintiff,
                                                               defendant):
    rel = find(run(nlp, text), "SUES", plaintiff, defendant)
    assert rel is not None and rel.properties["status"] == "active"


@pytest.mark.parametrize("text", [
    "Lovable, a Stockholm startup, has raised $200 million in a round led by Accel. Lovable "
    "competes with Replit and StackBlitz.",
    "Brisk, a Berlin startup, makes chips for robots. Brisk competes with Quorvex Labs and "
    "with Talvora Systems.",
])
def test_a_company_named_like_a_common_word_keeps_its_name(nlp, text):
    rels = run(nlp, text)
    first = "Lovable" if text.startswith("Lovable") else "Brisk"
    assert len([r for r in rels if r.type == "COMPETES_WITH" and first in (r.source, r.target)
                ]) == 2, rels


@pytest.mark.parametrize("text, rival", [
    ("Quorvex Labs competes with established software vendors such as Zendara.", "Zendara"),
    ("Quorvex Labs's rivals include startups like Halden and Morrick.", "Morrick"),
])
def test_names_given_as_examples_of_businesses_are_companies(nlp, text, rival):
    assert find(run(nlp, text), "COMPETES_WITH", "Quorvex Labs", rival)


@pytest.mark.parametrize("text, investee, investors", [
    ("Talvora Systems makes chips for robots. Quorvex Labs and Brindlewood Capital are among "
     "its biggest shareholders.", "Talvora Systems", ("Quorvex Labs", "Brindlewood Capital")),
    ("Orvane Health sells software to hospitals. Halden Group and Morrick Partners were among "
     "its largest investors.", "Orvane Health", ("Halden Group", "Morrick Partners")),
])
def test_listed_subjects_among_its_backers_are_not_its_antecedent(nlp, text, investee,
                                                                  investors):
    rels = run(nlp, text)
    for investor in investors:
        assert not find(rels, "INVESTS_IN", investor, investors[0]), rels
        assert not find(rels, "INVESTS_IN", investor, investors[1]), rels
        assert find(rels, "INVESTS_IN", investor, investee), rels


@pytest.mark.parametrize("text, investor, investee, described", [
    ("Talvora Systems makes chips for robots. Halden Group, the owner of Brisa Media, is the "
     "company's largest shareholder, with about 30%.", "Halden Group", "Talvora Systems",
     "Brisa Media"),
    ("Orvane Health sells software to hospitals. Morrick Partners, the parent of Quillon Bank, "
     "owns 20% of the company.", "Morrick Partners", "Orvane Health", "Quillon Bank"),
])
def test_a_name_describing_the_subject_is_not_the_companys_antecedent(nlp, text, investor,
                                                                       investee, described):
    rels = run(nlp, text)
    assert find(rels, "INVESTS_IN", investor, investee), rels
    assert not find(rels, "INVESTS_IN", investor, described), rels


@pytest.mark.parametrize("text, child, parent", [
    ("Orvane Health sells software. Its main rival is Quorvex Labs, the Berlin startup owned "
     "by Halden Group.", "Quorvex Labs", "Halden Group"),
    ("Talvora Systems sells chips. Its main rival is Brisa Robotics, the Lisbon startup owned "
     "by Morrick Partners.", "Brisa Robotics", "Morrick Partners"),
])
def test_an_apposed_description_stands_for_the_name_before_it(nlp, text, child, parent):
    assert find(run(nlp, text), "SUBSIDIARY_OF", child, parent)


@pytest.mark.parametrize("text, startup, backer, partner", [
    ("Halden Motors and Kestrel Auto have shut down Brisa Robotics, a Lisbon startup they had "
     "backed. Halden Motors said it would take a charge. The startup's partnerships with "
     "Quillon Foods and Tarsio Logistics will end.", "Brisa Robotics", "Halden Motors",
     "Quillon Foods"),
    ("Morrick Energy has agreed to buy Vexor Labs, a Denver startup, for $90 million. Morrick "
     "Energy said the deal would close in May. The startup signed a partnership with Orvane "
     "Health last year.", "Vexor Labs", "Morrick Energy", "Orvane Health"),
])
def test_the_startup_is_the_company_introduced_as_one(nlp, text, startup, backer, partner):
    rels = run(nlp, text)
    assert find(rels, "PARTNERS_WITH", startup, partner), rels
    assert not find(rels, "PARTNERS_WITH", backer, partner), rels


@pytest.mark.parametrize("text, lead, investee, earlier", [
    ("Kestrel Robotics makes drones. Morrick Partners invested in Vexor Labs as part of a $50 "
     "million round led by Tarsio Capital.", "Tarsio Capital", "Vexor Labs", "Morrick Partners"),
    ("Talvora Systems builds chips. Quillon Bank is investing in Orvane Health as part of a "
     "funding round led by Halden Ventures.", "Halden Ventures", "Orvane Health", "Quillon Bank"),
])
def test_a_round_invested_in_as_part_of_is_the_investees(nlp, text, lead, investee, earlier):
    rels = run(nlp, text)
    assert find(rels, "INVESTS_IN", lead, investee), rels
    assert not find(rels, "INVESTS_IN", lead, earlier), rels


@pytest.mark.parametrize("text, company, owner, exchange", [
    ("Shares of Vexor Labs, Halden Group's battery unit, rose 20% in their Nasdaq debut after "
     "the company raised $400 million in its initial public offering.", "Vexor Labs",
     "Halden Group", "Nasdaq"),
    ("Brisa Robotics, Morrick Systems' warehouse robot maker, jumped after the startup said it "
     "had filed for an IPO on the New York Stock Exchange.", "Brisa Robotics", "Morrick Systems",
     "New York Stock Exchange"),
])
def test_a_possessor_describing_a_company_is_not_the_anaphors_referent(nlp, text, company,
                                                                       owner, exchange):
    rels = run(nlp, text)
    assert find(rels, "PLANS_IPO", company, exchange), rels
    assert not find(rels, "PLANS_IPO", owner, exchange), rels


@pytest.mark.parametrize("text, company, rivals", [
    ("Talvora Systems competes for advertising with Morrick Labs, Kestrel Media and Vexor Inc.",
     "Talvora Systems", ("Morrick Labs", "Kestrel Media", "Vexor Inc.")),
    ("Orvane Health competes on price with Quillon Labs and Tarsio Systems.", "Orvane Health",
     ("Quillon Labs", "Tarsio Systems")),
])
def test_competing_for_a_market_with_rivals_names_them(nlp, text, company, rivals):
    rels = run(nlp, text)
    for rival in rivals:
        assert find(rels, "COMPETES_WITH", company, rival), rels


@pytest.mark.parametrize("text, investors, investee", [
    ("Quorvex Labs, a Pittsburgh startup in which Halden Motors and Kestrel Auto have invested, "
     "builds lidar.", ("Halden Motors", "Kestrel Auto"), "Quorvex Labs"),
    ("Brisa Robotics competes with Tarsio Systems, a Lyon company in which Morrick Capital "
     "invested $20 million.", ("Morrick Capital",), "Tarsio Systems"),
])
def test_a_company_in_which_others_invested_is_the_investee(nlp, text, investors, investee):
    rels = run(nlp, text)
    for investor in investors:
        assert find(rels, "INVESTS_IN", investor, investee), rels


@pytest.mark.parametrize("text, company, owner, exchange", [
    ("Kestrel Partners took Orvane Health public on the Nasdaq in 2018.", "Orvane Health",
     "Kestrel Partners", "Nasdaq"),
    ("Halden Group took Quorvex Labs public on the New York Stock Exchange in 2019.",
     "Quorvex Labs", "Halden Group", "New York Stock Exchange"),
])
def test_a_company_taken_public_is_the_listed_one(nlp, text, company, owner, exchange):
    rels = run(nlp, text)
    rel = find(rels, "PLANS_IPO", company, exchange)
    assert rel is not None and rel.properties["status"] == "completed", rels
    assert not find(rels, "PLANS_IPO", owner, exchange), rels


@pytest.mark.parametrize("text, supplier, customers", [
    ("Quorvex Labs's chips are used by Orvane Health and Tarsio Systems.", "Quorvex Labs",
     ("Orvane Health", "Tarsio Systems")),
    ("Brisa Systems' software is used by Kestrel Bank and Morrick Insurance.", "Brisa Systems",
     ("Kestrel Bank", "Morrick Insurance")),
])
def test_a_suppliers_goods_used_by_companies_make_them_customers(nlp, text, supplier,
                                                                customers):
    rels = run(nlp, text)
    for customer in customers:
        assert find(rels, "CUSTOMER_OF", customer, supplier), rels
        assert not find(rels, "CUSTOMER_OF", supplier, customer), rels


@pytest.mark.parametrize("text, fund, rival", [
    ("Kestrel Ventures led a $50 million round in Brisa Robotics, a Porto chip designer. "
     "Kestrel Ventures said it expected strong growth. The startup struggled to compete with "
     "Halden Semiconductors.", "Kestrel Ventures", "Halden Semiconductors"),
    ("Tarsio Partners backed Vexor Robotics, a Lyon robot designer. Tarsio Partners said the "
     "deal closed in May. The startup now competes with Brisa Robotics.", "Tarsio Partners",
     "Brisa Robotics"),
])
def test_the_startup_is_never_a_fund_shaped_name(nlp, text, fund, rival):
    assert not find(run(nlp, text), "COMPETES_WITH", fund, rival)


def test_backers_alongside_those_who_took_part_are_investors_too(nlp):
    rels = run(nlp, "Quellon raised $300 million in a Series C round led by Orvo Capital. "
                    "Pell Ventures and 1789 Capital also took part, alongside existing backers "
                    "Harlow Capital and Tessary Partners.")
    for investor in ("Pell Ventures", "1789 Capital", "Harlow Capital", "Tessary Partners"):
        rel = find(rels, "INVESTS_IN", investor, "Quellon")
        assert rel is not None, (investor, rels)
        assert "period" not in rel.properties  # "1789" is a name, not a date
    assert not any(r.source == "Capital" for r in rels)
