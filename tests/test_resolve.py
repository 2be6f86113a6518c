"""kg.resolve: entities resolved across articles -- duplicates joined, distinct entities kept
apart, people never companies -- on real relation records and graphs."""

from __future__ import annotations

from kg.graph import relations_to_graph
from kg.names import article_aliases, is_acronym_of, person_shaped
from kg.records import Evidence, Relation
from kg.resolve import Decisions, apply_plan, plan_resolution, resolve_relations


def rel(rtype: str, source: str, target: str, doc: str, *, src: str = "Company",
        dst: str = "Company", date: str | None = None, **props) -> Relation:
    sentence = f"{source} {rtype} {target} ({doc})"
    return Relation(rtype, source, target, src, dst,
                    Evidence(doc, sentence, 0, len(sentence), "test", published=date),
                    {"status": "completed", **props} if rtype in {"INVESTS_IN", "ACQUIRES"}
                    else props)


def ends(relations: list[Relation | None]) -> set[tuple[str, str, str, str]]:
    return {(r.source, r.source_label, r.target, r.target_label) for r in relations if r}


def test_one_company_spelled_three_ways_across_articles_is_one_node() -> None:
    resolved = resolve_relations([
        rel("INVESTS_IN", "Halden Capital", "Zentavo Robotics", "a1"),
        rel("ACQUIRES", "Zentavo", "Brisk Labs", "a2"),  # short form, no article in common
        rel("INVESTS_IN", "Halden Capital", "Zentavo", "a2"),  # ... but a partner in common
        rel("COMPETES_WITH", "Zentavo Robotics Inc.", "Orbex", "a3"),  # legal suffix
    ])
    names = {n for r in resolved if r for n in (r.source, r.target)}
    assert names == {"Halden Capital", "Zentavo Robotics", "Brisk Labs", "Orbex"}


def test_a_short_form_needs_corporate_words_or_context_to_join() -> None:
    resolved = resolve_relations([
        rel("INVESTS_IN", "Halden Capital", "Aurora Innovation", "a1"),
        rel("INVESTS_IN", "Kestrel Ventures", "Aurora", "a2"),  # nothing in common
        rel("ACQUIRES", "Vexor", "Nuance Communications", "a3"),
        rel("SUES", "Nuance", "Orbex", "a4"),  # "Communications" is a corporate word
    ])
    names = {n for r in resolved if r for n in (r.source, r.target)}
    assert {"Aurora", "Aurora Innovation", "Nuance Communications"} <= names
    assert "Nuance" not in names


def test_distinct_entities_with_similar_names_stay_distinct() -> None:
    relations = [
        rel("SUBSIDIARY_OF", "Google DeepMind", "Google", "a1"),
        rel("CUSTOMER_OF", "Anthropic", "Google Cloud", "a1"),
        rel("PARTNERS_WITH", "Google", "Anthropic", "a1"),
        rel("SUBSIDIARY_OF", "Meta Superintelligence Labs", "Meta", "a2"),
        rel("INVESTS_IN", "SoftBank Vision Fund 2", "Vexor", "a3"),
        rel("INVESTS_IN", "SoftBank", "Vexor", "a3"),
        rel("INVESTS_IN", "Deutsche Telekom Capital Partners", "Vexor", "a3"),
        rel("PARTNERS_WITH", "Deutsche Telekom", "Vexor", "a3"),
        rel("INVESTS_IN", "Uber", "Orbex", "a4"),
        rel("ACQUIRES", "Orbex", "Uber Advanced Technologies Group", "a4"),
    ]
    assert resolve_relations(relations) == relations


def test_people_typed_as_companies_become_people_and_firms_stay_firms() -> None:
    resolved = resolve_relations([
        rel("FOUNDED", "Jesse Levinson", "Zoox", "a1"),  # a founder with a person's name
        rel("INVESTS_IN", "Baillie Gifford", "Zoox", "a1", src="Person"),  # NER's guess
        rel("INVESTS_IN", "Bezos Expeditions", "Zoox", "a1", src="Person"),
        rel("INVESTS_IN", "Bezos Expeditions", "Orbex", "a2"),
        rel("INVESTS_IN", "Kleiner Perkins", "Orbex", "a2"),  # person-shaped, in doubt
        rel("HOLDS_ROLE", "Aicha Evans", "Zoox", "a1", src="Person", role="CEO"),
        rel("SUES", "Aicha", "Orbex", "a1", src="Company"),  # her first name alone
    ])
    assert ends(resolved) == {
        ("Jesse Levinson", "Person", "Zoox", "Company"),
        ("Baillie Gifford", "Person", "Zoox", "Company"),
        ("Bezos Expeditions", "Company", "Zoox", "Company"),
        ("Bezos Expeditions", "Company", "Orbex", "Company"),
        ("Kleiner Perkins", "Company", "Orbex", "Company"),
        ("Aicha Evans", "Person", "Zoox", "Company"),
        ("Aicha Evans", "Person", "Orbex", "Company"),
    }
    plan = plan_resolution(relations_to_graph([r for r in resolved if r]))
    assert plan.targets["company:kleiner-perkins"].type_confidence == 0.6  # marked in views


def test_an_acronym_joins_its_long_name_when_the_context_agrees() -> None:
    resolved = resolve_relations([
        rel("INVESTS_IN", "Innovation Park Artificial Intelligence", "Aleph Alpha", "a1"),
        rel("INVESTS_IN", "Ipai", "Vexor", "a1"),
        rel("INVESTS_IN", "IPA", "Orbex", "a2"),  # an acronym of nothing related
    ])
    assert {r.source for r in resolved if r} == {"Innovation Park Artificial Intelligence",
                                                "IPA"}


def test_user_decisions_merge_and_keep_apart() -> None:
    relations = [rel("INVESTS_IN", "Halden Capital", "Zentavo Robotics", "a1"),
                 rel("ACQUIRES", "Zentavo", "Brisk Labs", "a1"),
                 rel("PARTNERS_WITH", "Quellmark", "Brisk Labs", "a2"),
                 rel("PARTNERS_WITH", "Quell Mark Systems", "Orbex", "a3")]
    merged = resolve_relations(relations, Decisions(merges=(("Quellmark", "Quell Mark Systems"),),
                                                    splits=(("Zentavo", "Zentavo Robotics"),)))
    names = {n for r in merged if r for n in (r.source, r.target)}
    assert names == {"Halden Capital", "Zentavo Robotics", "Zentavo", "Brisk Labs",
                     "Quell Mark Systems", "Orbex"}


def test_joined_nodes_keep_all_evidence_and_the_newer_values() -> None:
    g = relations_to_graph([
        rel("INVESTS_IN", "Halden Capital", "Zentavo Robotics", "a1", date="2024-01-01",
            amount=10e6),
        rel("INVESTS_IN", "Halden Capital", "Zentavo", "a2", date="2025-01-01", amount=20e6),
    ])
    out = apply_plan(g, plan_resolution(g))
    assert sorted(out.nodes) == ["company:halden-capital", "company:zentavo-robotics"]
    edge = out.edges["company:halden-capital", "company:zentavo-robotics", "INVESTS_IN"]
    assert edge["evidence_count"] == 2 and edge["amount"] == 20e6
    assert (edge["first_seen"], edge["last_seen"]) == ("2024-01-01", "2025-01-01")
    assert out.nodes["company:zentavo-robotics"]["aliases"] == ["Zentavo"]


def test_names_an_article_introduces_and_name_shapes() -> None:
    assert article_aliases("led by Innovation Park Artificial Intelligence (Ipai) and Bosch.") \
        == {"Ipai": "Innovation Park Artificial Intelligence"}
    assert article_aliases("co-founders of H, the Paris-based AI startup formerly known as "
                           "Holistic, have left") == {"Holistic": "H"}
    assert is_acronym_of("AWS", "Amazon Web Services") and not is_acronym_of("AWS", "Amazon")
    assert person_shaped("Tim Kentley-Klay") and not person_shaped("Lakefront Brewery")
