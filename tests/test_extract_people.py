"""People families (HOLDS_ROLE, MOVES_TO, FOUNDED) on made-up names that no list holds:
each test is one general pattern in a sentence of its own."""

from __future__ import annotations

import pytest
from extraction import run_keyed as run

from kg.records import Article


def test_apposition_with_two_titles_gives_founder_and_role(nlp):
    found = run(nlp, "Orla Venning, Quillbeam's co-founder and chief executive, said sales "
                     "had tripled.")
    assert ("FOUNDED", "Orla Venning", "Quillbeam") in found
    assert found[("HOLDS_ROLE", "Orla Venning", "Quillbeam")].properties["role"] == "CEO"


def test_former_title_in_apposition(nlp):
    found = run(nlp, "Brannock Tell, a former Ostrava Dynamics chief executive, joined "
                     "Pellucid Labs in May.")
    rel = found[("HOLDS_ROLE", "Brannock Tell", "Ostrava Dynamics")]
    assert rel.properties["status"] == "former"
    assert ("MOVES_TO", "Brannock Tell", "Pellucid Labs") in found


def test_founded_by_a_list_in_a_relative_clause(nlp):
    found = run(nlp, "Velatrix, which was founded in 2019 by Idris Okafor, Lena Marsh and "
                     "Tomas Ruiz, has raised money from Harbor Peak.")
    for person in ("Idris Okafor", "Lena Marsh", "Tomas Ruiz"):
        assert ("FOUNDED", person, "Velatrix") in found, person


def test_co_founded_passive(nlp):
    found = run(nlp, "Gravel & Pine was co-founded in 2016 by Asha Pillai and Jonah Brandt.")
    assert ("FOUNDED", "Asha Pillai", "Gravel & Pine") in found
    assert ("FOUNDED", "Jonah Brandt", "Gravel & Pine") in found


def test_what_someone_founded_is_a_company(nlp):
    found = run(nlp, "Marek Hollis, who founded Cedar Alpha in Lyon in 2018 and serves as "
                     "its chief executive, said the money would fund new models.")
    assert ("FOUNDED", "Marek Hollis", "Cedar Alpha") in found
    assert found[("HOLDS_ROLE", "Marek Hollis", "Cedar Alpha")].properties["role"] == "CEO"


def test_its_title_refers_to_the_company_of_the_article(nlp):
    found = run(nlp, "Tessaline builds speech models for hospitals. Tessaline said demand "
                     "was strong. Rafe Oduya, its chief executive, will stay on.")
    assert ("HOLDS_ROLE", "Rafe Oduya", "Tessaline") in found


def test_founders_named_after_the_title(nlp):
    found = run(nlp, "Kestrel:io's founders, Amara Lindqvist and Jules Ferrand, said they "
                     "would stay.")
    assert ("FOUNDED", "Amara Lindqvist", "Kestrel:io") in found
    assert ("FOUNDED", "Jules Ferrand", "Kestrel:io") in found


def test_founder_list_broken_by_appositions(nlp):
    found = run(nlp, "Brisa was founded in 2021 by Nadia Osei, a former patent lawyer, and "
                     "Pavel Dorn, a former research scientist at Kelvion Systems.")
    assert ("FOUNDED", "Nadia Osei", "Brisa") in found
    assert ("FOUNDED", "Pavel Dorn", "Brisa") in found
    assert ("FOUNDED", "Pavel Dorn", "Kelvion Systems") not in found


def test_described_company_founded_by(nlp):
    found = run(nlp, "Halvane Robotics, the warehouse startup founded by Ines Carvalho, has "
                     "raised $40 million.")
    assert ("FOUNDED", "Ines Carvalho", "Halvane Robotics") in found


def test_each_title_of_an_apposition_has_its_own_organisation(nlp):
    found = run(nlp, "Oskar Lindahl, Varnis's chief executive and a co-founder of Tundra "
                     "Labs, said more deals would follow.")
    assert found[("HOLDS_ROLE", "Oskar Lindahl", "Varnis")].properties["role"] == "CEO"
    assert ("FOUNDED", "Oskar Lindahl", "Tundra Labs") in found
    assert ("FOUNDED", "Oskar Lindahl", "Varnis") not in found


def test_relative_clause_copula_title(nlp):
    found = run(nlp, "The round was led by Corvane, whose backers include Hale Partners. "
                     "Mirela Stan, who is chief executive of Corvane, declined to comment.")
    assert ("HOLDS_ROLE", "Mirela Stan", "Corvane") in found


def test_premodifier_co_founder(nlp):
    found = run(nlp, "The fund is run by Drayton Capital, the firm of Quillo co-founder "
                     "Maren Sato.")
    assert ("FOUNDED", "Maren Sato", "Quillo") in found


def test_general_counsel_is_a_role(nlp):
    found = run(nlp, "Tomasz Berg, Varnis's general counsel, said the filing was wrong.")
    assert found[("HOLDS_ROLE", "Tomasz Berg", "Varnis")].properties["role"] == \
        "General Counsel"


def test_becoming_a_title_is_a_role_not_a_move(nlp):
    found = run(nlp, "Ravi Tandel, previously head of sales, becomes Quorvex's interim chief "
                     "executive.")
    assert found[("HOLDS_ROLE", "Ravi Tandel", "Quorvex")].properties["role"] == "Interim CEO"
    assert ("MOVES_TO", "Ravi Tandel", "Quorvex") not in found


def test_taking_over_as_a_title_is_a_role(nlp):
    found = run(nlp, "Edda Morrow, a former Pilgrim Bank executive, takes over as Lunaris's "
                     "CEO.")
    assert ("HOLDS_ROLE", "Edda Morrow", "Lunaris") in found
    assert ("MOVES_TO", "Edda Morrow", "Lunaris") not in found  # "former": no current role


def test_becoming_a_title_elsewhere_while_holding_one_is_a_move(nlp):
    found = run(nlp, "Kofi Arhin, who has been Tallow's chief executive, becomes chief "
                     "operating officer of Brightwater Systems.")
    assert ("MOVES_TO", "Kofi Arhin", "Brightwater Systems") in found


def test_a_completed_move_makes_the_old_role_former(nlp):
    found = run(nlp, "Liesel Varga, the chief executive of Orbital Fern, has joined Cindral "
                     "along with part of her team.")
    assert ("MOVES_TO", "Liesel Varga", "Cindral") in found
    assert found[("HOLDS_ROLE", "Liesel Varga", "Orbital Fern")].properties["status"] == \
        "former"


def test_title_narrowed_by_of(nlp):
    found = run(nlp, "Hal Brenner, Quorvex's senior vice president of devices, said the "
                     "launch slipped.")
    assert found[("HOLDS_ROLE", "Hal Brenner", "Quorvex")].properties["role"] == \
        "Senior Vice President of Devices"


def test_speaker_title_belongs_to_the_company_they_speak_about(nlp):
    found = run(nlp, "Tarnwell Robotics has ended its supply deal with Ferrogate, chief "
                     "executive Ilona Marsh said on Monday.")
    assert ("HOLDS_ROLE", "Ilona Marsh", "Tarnwell Robotics") in found


def test_one_title_at_two_companies(nlp):
    found = run(nlp, "Ravi Osei, who is chief executive of both Calloway Bio and Zentrix, "
                     "spoke on Monday.")
    assert ("HOLDS_ROLE", "Ravi Osei", "Calloway Bio") in found
    assert ("HOLDS_ROLE", "Ravi Osei", "Zentrix") in found


def test_relative_clause_hire(nlp):
    found = run(nlp, "Ada Quell joins Bram Oster, the former Plinth chief executive, who was "
                     "hired by Castellan Labs last month.")
    assert ("MOVES_TO", "Bram Oster", "Castellan Labs") in found


def test_people_moving_along_with_the_subject(nlp):
    found = run(nlp, "Mina Kaur, the chief executive of Druva Labs, is returning to Pellton "
                     "Systems along with co-founder Jonas Wirth.")
    assert ("MOVES_TO", "Mina Kaur", "Pellton Systems") in found
    assert ("MOVES_TO", "Jonas Wirth", "Pellton Systems") in found


def test_who_became_title_marks_a_person(nlp):
    found = run(nlp, "Marek Dunst, who became Ambrel's chief executive in 2024, has pushed "
                     "the company into chips.")
    assert ("HOLDS_ROLE", "Marek Dunst", "Ambrel") in found


def test_has_taken_over_as_title(nlp):
    found = run(nlp, "Teodor Vasko, who co-founded Lumetric in 2021, said he has taken over "
                     "as the startup's CEO.")
    assert ("FOUNDED", "Teodor Vasko", "Lumetric") in found
    assert found[("HOLDS_ROLE", "Teodor Vasko", "Lumetric")].properties["role"] == "CEO"


def test_company_started_in_a_relative_clause_with_a_cofounder(nlp):
    found = run(nlp, "Pyxis, which Marta Kell started in 2020 with Quarry co-founder Oren "
                     "Lasky, said it would sell its models to banks.")
    assert ("FOUNDED", "Marta Kell", "Pyxis") in found
    assert ("FOUNDED", "Oren Lasky", "Pyxis") in found
    assert ("FOUNDED", "Oren Lasky", "Quarry") in found
    assert ("FOUNDED", "Quarry", "Pyxis") not in found


def test_acronym_inside_a_title(nlp):
    found = run(nlp, "Vesna Kolar, Brightmoor's chief AI officer, said the models were ready.")
    assert found[("HOLDS_ROLE", "Vesna Kolar", "Brightmoor")].properties["role"] == \
        "Chief AI Officer"


def test_cofounder_of_two_companies(nlp):
    found = run(nlp, "Tallis Corp has hired Omar Reyes, a co-founder of Quillon and of "
                     "Harbor Loom, to lead a new unit.")
    assert ("FOUNDED", "Omar Reyes", "Quillon") in found
    assert ("FOUNDED", "Omar Reyes", "Harbor Loom") in found


def test_a_singular_title_is_not_shared_by_the_people_listed_after(nlp):
    found = run(nlp, "Instead, Corvel's chief executive, Ana Ruiz, co-founder Piet Smit and a "
                     "few researchers have joined Tandem Labs.")
    assert ("HOLDS_ROLE", "Ana Ruiz", "Corvel") in found
    assert ("HOLDS_ROLE", "Piet Smit", "Corvel") not in found


def test_stepped_down_inside_a_relative_clause_on_the_company(nlp):
    found = run(nlp, "Corvane, which has struggled since co-founder Rasmus Dahl stepped down "
                     "as chief executive in May, is now led by Ines Moreau.")
    assert ("FOUNDED", "Rasmus Dahl", "Corvane") in found
    assert found[("HOLDS_ROLE", "Rasmus Dahl", "Corvane")].properties["status"] == "former"


def test_will_become_a_title_at_the_current_company(nlp):
    found = run(nlp, "Quorbit named a new board on Monday. Halina Berg, Quorbit's general "
                     "counsel, will become interim chief executive.")
    rel = found[("HOLDS_ROLE", "Halina Berg", "Quorbit")]
    assert rel.properties["role"] == "Interim CEO"
    assert rel.properties["status"] == "planned"


def test_as_after_an_apposition_is_not_part_of_it(nlp):
    found = run(nlp, "Norvik said it had hired Lena Strand, the former chief operating "
                     "officer of Tamarind Health, as its president.")
    move = found[("MOVES_TO", "Lena Strand", "Norvik")]
    assert move.properties["from_org"] == "Tamarind Health"
    assert found[("HOLDS_ROLE", "Lena Strand", "Tamarind Health")].properties["status"] == \
        "former"
    assert not any(s == "Tamarind Health" for (_, s, _o) in found)


def test_short_form_founded_and_head_of_role_and_from_org(nlp):
    found = run(nlp, "Halcyon Data agreed to buy Fernwood Analytics. Fernwood, which was "
                     "founded by Priya Natarajan in 2016, sells software. She will join "
                     "Halcyon as head of product. Marcus Oyelaran joined the company in 2021 "
                     "from Oracle.")
    assert ("FOUNDED", "Priya Natarajan", "Fernwood Analytics") in found
    move = found[("MOVES_TO", "Priya Natarajan", "Halcyon Data")]
    assert move.properties["role"] == "Head of Product"
    assert move.properties["status"] == "planned"
    assert found[("MOVES_TO", "Marcus Oyelaran", "Halcyon Data")].properties["from_org"] == \
        "Oracle"


def test_purpose_clause_inherits_the_future(nlp):
    found = run(nlp, "Vantor's chief revenue officer, Paolo Ricci, will leave in June to "
                     "become chief executive of Lumina Health.")
    move = found[("MOVES_TO", "Paolo Ricci", "Lumina Health")]
    assert move.properties["status"] == "planned"
    assert move.properties["from_org"] == "Vantor"
    assert found[("HOLDS_ROLE", "Paolo Ricci", "Vantor")].properties["status"] == "active"


def test_surname_founder_with_a_partner(nlp):
    found = run(nlp, "Vantor Robotics has raised $50 million. Its chief executive, Ruth "
                     "Okafor, said demand was strong. Okafor founded the company with Dev "
                     "Anand after both left Bosch.")
    assert ("FOUNDED", "Ruth Okafor", "Vantor Robotics") in found
    assert ("FOUNDED", "Dev Anand", "Vantor Robotics") in found
    assert ("FOUNDED", "Ruth Okafor", "Bosch") not in found


def test_progressive_move_is_planned(nlp):
    found = run(nlp, "Noor Haddad, the chief executive of Pellbrook, is returning to Ostrava "
                     "Labs along with co-founder Ivo Marek.")
    assert found[("MOVES_TO", "Noor Haddad", "Ostrava Labs")].properties["status"] == "planned"


def test_founding_phrasings_with_unknown_names(nlp):
    found = run(nlp, "Pavel Orlov, who started Glimmer Labs in his garage, said demand was "
                     "strong. Founder and chief executive Ada Lindqvist said Nuvio, which she "
                     "co-founded with Ben Aston, had doubled sales. Kemal Arslan is a "
                     "co-founder of Ferrox.")
    for person, company in [("Pavel Orlov", "Glimmer Labs"), ("Ada Lindqvist", "Nuvio"),
                            ("Ben Aston", "Nuvio"), ("Kemal Arslan", "Ferrox")]:
        assert ("FOUNDED", person, company) in found, (person, company)


def test_unknown_company_the_ner_calls_a_place_owns_a_title(nlp):
    found = run(nlp, "The company hired Tom Reyes, Ferrox's former head of sales, as chief "
                     "revenue officer.")
    rel = found[("HOLDS_ROLE", "Tom Reyes", "Ferrox")]
    assert rel.properties == {"role": "Head of Sales", "status": "former"}


def test_a_real_place_is_not_a_company_for_owning_a_title(nlp):
    found = run(nlp, "Anna Berg, the president of France's largest bank, joined Qorvane.")
    assert not any("France" in (s, o) for (_, s, o) in found)


def test_joined_without_object_is_the_company_of_the_title(nlp):
    found = run(nlp, "Arvana's chief executive, Dana Holt, joined in 2022 from Pfizer.")
    move = found[("MOVES_TO", "Dana Holt", "Arvana")]
    assert move.properties["from_org"] == "Pfizer"
    assert found[("HOLDS_ROLE", "Dana Holt", "Arvana")].properties["status"] == "active"


@pytest.mark.parametrize("text, expected", [
    ("Quorvex Labs will not invest in Tallis Robotics, its chief executive said.", None),
    ("Brennick Systems will buy Odelia Networks, its chief executive said on Friday.",
     ("ACQUIRES", "Brennick Systems", "Odelia Networks")),
])
def test_a_company_before_a_reporting_clause_is_never_a_person(nlp, text, expected):
    found = run(nlp, text)
    assert not [k for k in found if k[0] in {"HOLDS_ROLE", "MOVES_TO", "FOUNDED"}]
    assert expected is None or expected in found


@pytest.mark.parametrize("text, expected", [
    ("Ilse Varga, a physician who founded Corvane Health in 2017, is its chief executive.",
     ("FOUNDED", "Ilse Varga", "Corvane Health")),
    ("Tomas Reyes, an engineer who co-founded Brannock Labs, left the company in March.",
     ("FOUNDED", "Tomas Reyes", "Brannock Labs")),
])
def test_a_relative_clause_on_an_apposition_is_about_the_name(nlp, text, expected):
    assert expected in run(nlp, text)


@pytest.mark.parametrize("text, founders, company", [
    ("Halvern Labs was started in 2021 by three Oxford classmates: Ines Moller, Tarek "
     "Haddad and Lena Brook.", {"Ines Moller", "Tarek Haddad", "Lena Brook"}, "Halvern Labs"),
    ("Pellwood AI, a Lisbon startup, builds sensors. The company was launched in 2019 by "
     "Rui Matos and Ana Dias.", {"Rui Matos", "Ana Dias"}, "Pellwood AI"),
])
def test_a_company_started_or_launched_by_people_was_founded_by_them(
        nlp, text, founders, company):
    found = run(nlp, text)
    assert {k[1] for k in found if k[0] == "FOUNDED" and k[2] == company} == founders


def test_a_product_launched_by_someone_is_no_founding(nlp):
    assert not run(nlp, "The headset was launched in 2019 by Rui Matos.")


@pytest.mark.parametrize("text, founder, company", [
    ("Dana Kell, Brisa's chief executive, spoke.\n\nBrisa was founded by Kell and Omar Faris.",
     "Dana Kell", "Brisa"),
    ("Lena Marsh, Tovik's chief executive, spoke.\n\nTovik was founded by Marsh and Omar "
     "Faris.", "Lena Marsh", "Tovik"),
])
def test_a_listed_surname_the_ner_calls_a_place_is_the_person_named_before(
        nlp, text, founder, company):
    found = run(nlp, text)
    assert ("FOUNDED", founder, company) in found
    assert not [k for k in found if k[1] == founder.split()[-1]]


@pytest.mark.parametrize("text, person, company", [
    ("Corvane Labs has named Ada Pike, its chief operating officer, as interim chief "
     "executive.", "Ada Pike", "Corvane Labs"),
    ("Tovik Systems appointed Lena Marsh, its chief financial officer, as president.",
     "Lena Marsh", "Tovik Systems"),
])
def test_a_promotion_inside_the_company_is_a_role_not_a_move(nlp, text, person, company):
    found = run(nlp, text)
    assert ("HOLDS_ROLE", person, company) in found
    assert ("MOVES_TO", person, company) not in found


def test_a_hire_from_another_company_is_still_a_move(nlp):
    found = run(nlp, "Tovik Systems appointed Lena Marsh, the chief financial officer of "
                     "Brisa Labs, as president.")
    assert found[("MOVES_TO", "Lena Marsh", "Tovik Systems")].properties["from_org"] == \
        "Brisa Labs"


@pytest.mark.parametrize("text, person, company, role", [
    ("Mara Quist was finance chief at Tovik Systems before joining Brisa Labs.",
     "Mara Quist", "Tovik Systems", "CFO"),
    ("Omar Faris was a partner at the venture firm Halvern Capital.",
     "Omar Faris", "Halvern Capital", "Partner"),
    ("Corvane Labs named Ada Pike, previously president of sales at Brisa Labs, as chief "
     "operating officer.", "Ada Pike", "Brisa Labs", "President of Sales"),
])
def test_past_titles_at_a_company_are_former_roles(nlp, text, person, company, role):
    rel = run(nlp, text)[("HOLDS_ROLE", person, company)]
    assert rel.properties == {"role": role, "status": "former"}


def test_a_company_that_is_a_partner_of_another_holds_no_role(nlp):
    found = run(nlp, "Velmora Capital, a partner of Brisa Labs, said Ines Lund is a partner "
                     "of the fund.")
    assert not [k for k in found if k[0] == "HOLDS_ROLE"]


@pytest.mark.parametrize("text, founders, company", [
    ("Ravi Menon spoke on Monday.\n\nMenon co-founded Oskari Systems in 2019 with Tomas Lind.",
     {"Ravi Menon", "Tomas Lind"}, "Oskari Systems"),
    ("Ines Moller runs the lab. Moller co-founded Halvern Labs in 2016 with Tarek Haddad, "
     "a chemist.", {"Ines Moller"}, "Halvern Labs"),
])
def test_a_surname_that_co_founded_a_company_is_its_founder(nlp, text, founders, company):
    found = run(nlp, text)
    assert founders <= {k[1] for k in found if k[0] == "FOUNDED" and k[2] == company}


@pytest.mark.parametrize("name", ["Anthropic", "Brisa Robotics"])
def test_a_listed_or_company_shaped_name_is_never_a_person_party(nlp, name):
    from kg.extract.base import Sentence
    from kg.extract.entities import Mention
    from kg.schema import COMPANY, PERSON

    text = f"{name}, Orvane's chief executive, spoke."
    doc = nlp(text)
    width = len(name.split())
    person = Mention(0, width, name, PERSON, "ner")
    org = Mention(width + 1, width + 2, "Orvane", COMPANY, "ner")
    sent = Sentence(next(doc.sents), [person, org], Article("t", text), 0)
    assert sent.relation("HOLDS_ROLE", person, org, doc[width + 4], "people.role", 0.9,
                         "active") is None


@pytest.mark.parametrize("text, person, old, new", [
    ("Priya Natarajan, the chief financial officer of Corvane Labs, is leaving to become "
     "chief executive of Brisa Health.", "Priya Natarajan", "Corvane Labs", "Brisa Health"),
    ("Ilse Varga, the chief operating officer of Tovik Systems, is leaving to become "
     "president of Marlowe Health.", "Ilse Varga", "Tovik Systems", "Marlowe Health"),
])
def test_is_leaving_to_become_is_a_planned_move(nlp, text, person, old, new):
    found = run(nlp, text)
    assert found[("MOVES_TO", person, new)].properties["status"] == "planned"
    assert found[("HOLDS_ROLE", person, old)].properties["status"] == "active"


@pytest.mark.parametrize("text, other, holder, company", [
    ("The new board includes Maren Holtz and Idris Okafor, Quillbeam's chief executive.",
     "Maren Holtz", "Idris Okafor", "Quillbeam"),
    ("Speakers included Tomas Rylander, Elena Brask and Yusuf Demir, the chief financial "
     "officer of Corvane Labs.", "Elena Brask", "Yusuf Demir", "Corvane Labs"),
])
def test_a_title_apposed_to_the_last_of_a_list_is_only_that_persons(nlp, text, other,
                                                                   holder, company):
    found = run(nlp, text)
    assert ("HOLDS_ROLE", holder, company) in found, found
    assert ("HOLDS_ROLE", other, company) not in found, found


@pytest.mark.parametrize("text, buyer, target, founders", [
    ("Halden Group has agreed to buy Brisa Robotics, a Lisbon startup that builds warehouse "
     "robots, for about $400 million. Halden Group said the deal would close next year. The "
     "company was founded in 2016 by Ana Ferreira and Rui Matos.", "Halden Group",
     "Brisa Robotics", ("Ana Ferreira", "Rui Matos")),
    ("Morrick Systems acquired Quillon Labs, the Oslo-based developer of chip design software. "
     "Morrick Systems will keep the brand. Sven Dahl, who co-founded the company in 2018 with "
     "Kari Lund, will remain chief executive.", "Morrick Systems", "Quillon Labs",
     ("Sven Dahl", "Kari Lund")),
])
def test_the_company_whose_founding_is_told_is_the_one_introduced(nlp, text, buyer, target,
                                                                  founders):
    found = run(nlp, text)
    for founder in founders:
        assert ("FOUNDED", founder, target) in found, found
        assert ("FOUNDED", founder, buyer) not in found, found


@pytest.mark.parametrize("text, founder, earlier", [
    ("Brisa Labs makes software. Tomas Lund founded Vexor, the robotics company he sold to "
     "Halden Group for $2 billion in 2014.", "Tomas Lund", "Brisa Labs"),
    ("Kestrel Dynamics makes drones. Jonas Weber founded Tarsio, the mapping startup that he "
     "sold in 2019.", "Jonas Weber", "Kestrel Dynamics"),
])
def test_an_apposed_description_is_no_anaphor_for_an_earlier_company(nlp, text, founder,
                                                                     earlier):
    assert ("FOUNDED", founder, earlier) not in run(nlp, text)


@pytest.mark.parametrize("text, holder, other, company", [
    ("Quillon Labs was founded in 2012 by Sven Dahl, who remains its chief executive, and "
     "Kari Lund.", "Sven Dahl", "Kari Lund", "Quillon Labs"),
    ("Brisa Robotics was started by Ana Ferreira, who is now its president, and Rui Matos.",
     "Ana Ferreira", "Rui Matos", "Brisa Robotics"),
])
def test_a_title_in_a_relative_clause_is_only_its_antecedents(nlp, text, holder, other,
                                                             company):
    found = run(nlp, text)
    assert ("HOLDS_ROLE", holder, company) in found, found
    assert ("HOLDS_ROLE", other, company) not in found, found
    assert ("FOUNDED", other, company) in found, found


@pytest.mark.parametrize("text, person, company", [
    ("Brisa Robotics is led by chief executive Ana Ferreira.", "Ana Ferreira", "Brisa Robotics"),
    ("Tarsio Systems, run by chief executive Jonas Weber, makes lidar for cars.", "Jonas Weber",
     "Tarsio Systems"),
])
def test_a_company_led_by_a_titled_person_is_where_the_title_is_held(nlp, text, person,
                                                                    company):
    found = run(nlp, text)
    assert found[("HOLDS_ROLE", person, company)].properties["role"] == "CEO", found
