"""The HTML view without a browser: what the page embeds, how a view is selected, how it looks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from graph_samples import reports
from view_samples import SCALE_TITLE, build_sample_store, scale_ai_graph

from kg.cli import main
from kg.schema import RELATION_TYPES
from kg.store.embedded import EmbeddedStore
from kg.store.trim import EVIDENCE_KEPT
from kg.view import UnknownEntityError, ViewError, select_subgraph, style, write_html


def payload(path: Path) -> dict:
    """The data the page embeds for vis-network (nodes, edges, options, meta)."""
    match = re.search(r"window\.kgPayload = (\{.*?\});</script>", path.read_text("utf-8"), re.S)
    assert match, "page has no embedded payload"
    return json.loads(match.group(1))


def edge(data: dict, rel_type: str, source: str, target: str) -> dict:
    return next(e for e in data["edges"]
                if e["relType"] == rel_type and (e["from"], e["to"]) == (source, target))


@pytest.fixture
def graph():
    return scale_ai_graph()


def test_whole_graph_page_embeds_every_node_and_edge(graph, tmp_path):
    out = write_html(graph, tmp_path / "sub" / "all.html")
    assert out == tmp_path / "sub" / "all.html"
    data = payload(out)
    assert {n["id"] for n in data["nodes"]} == set(graph.nodes)
    assert len(data["edges"]) == graph.number_of_edges() == 10
    assert data["meta"] | {"title": None} == {
        "title": None, "center": None, "large": False, "nodeCount": 10, "edgeCount": 10,
        "articleCount": 3}


def test_page_is_self_contained(graph, tmp_path):
    html = write_html(graph, tmp_path / "g.html").read_text("utf-8")
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", html, re.I)
    assert "vis.Network" in html and "new vis.DataSet" in html


def test_edges_carry_label_style_and_evidence(graph, tmp_path):
    data = payload(write_html(graph, tmp_path / "g.html"))
    invest = edge(data, "INVESTS_IN", "company:meta", "company:scale-ai")
    assert invest["label"] == "49%"
    assert invest["dashes"] is False and invest["color"]["opacity"] == 1.0
    assert invest["evidence"][0]["sentence"].startswith("Meta's recent acquisition of a 49%")
    assert invest["evidence"][0]["title"] == SCALE_TITLE
    assert "valuation: $29B" in invest["facts"] and invest["confidence"] == 0.92
    google = edge(data, "CUSTOMER_OF", "company:google", "company:scale-ai")
    assert google["label"] == "$200M · ended"
    assert google["dashes"] is True and google["color"]["opacity"] < 1
    assert (google["statusClass"], invest["statusClass"]) == ("inactive", "current")
    paused = edge(data, "CUSTOMER_OF", "company:microsoft", "company:scale-ai")
    assert paused["label"] == "paused" and paused["dashes"] and paused["color"]["opacity"] == 1
    assert paused["statusClass"] == "tentative"
    rivals = edge(data, "COMPETES_WITH", "company:labelbox", "company:scale-ai")
    assert rivals["arrows"]["to"]["enabled"] is False
    assert invest["color"]["color"] != rivals["color"]["color"]


def test_nodes_are_shaped_by_label_and_sized_by_degree(graph, tmp_path):
    nodes = {n["id"]: n for n in payload(write_html(graph, tmp_path / "g.html"))["nodes"]}
    assert nodes["company:scale-ai"]["shape"] == "dot"
    assert nodes["person:alexandr-wang"]["shape"] == "diamond"
    assert nodes["exchange:shanghai-stock-exchange"]["shape"] == "square"
    assert nodes["company:scale-ai"]["size"] > nodes["company:meta"]["size"] \
        > nodes["company:google"]["size"]
    assert nodes["company:scale-ai"]["aliases"] == ["Scale", "Scale AI Inc."]


def test_nodes_whose_label_is_in_doubt_are_marked(graph, tmp_path):
    graph.nodes["company:meta"]["type_confidence"] = 0.6
    nodes = {n["id"]: n for n in payload(write_html(graph, tmp_path / "g.html"))["nodes"]}
    assert nodes["company:meta"]["shapeProperties"] == {"borderDashes": True}
    assert "label uncertain (60% sure it is a Company)" in nodes["company:meta"]["title"]
    assert nodes["company:scale-ai"]["shapeProperties"] == {"borderDashes": False}


def test_parallel_edges_are_curved_apart(graph, tmp_path):
    data = payload(write_html(graph, tmp_path / "g.html"))
    pair = [e for e in data["edges"] if {e["from"], e["to"]} == {"company:meta",
                                                                 "company:scale-ai"}]
    assert len(pair) == 2
    assert all(e["smooth"]["enabled"] for e in pair)
    assert {e["smooth"]["type"] for e in pair} == {"curvedCW", "curvedCCW"}


def test_legend_lists_labels_and_types_present(graph, tmp_path):
    html = write_html(graph, tmp_path / "g.html").read_text("utf-8")
    boxes = re.findall(r'class="type-filter" data-type="(\w+)"', html)
    assert sorted(boxes) == sorted({d["type"] for *_e, d in graph.edges(data=True)})
    assert "FOUNDED" not in boxes
    for text in ("Company", "Person", "Exchange", "ended, denied, cancelled"):
        assert text in html


@pytest.mark.parametrize("name", ["Scale AI", "scale ai", "SCALE", "Scale AI Inc.", "scale-ai"])
def test_company_is_resolved_by_name_alias_or_case(graph, name):
    sub, center = select_subgraph(graph, company=name, depth=1)
    assert center == "company:scale-ai"
    assert "company:alibaba" not in sub
    assert {"company:meta", "company:google", "person:alexandr-wang"} <= set(sub)


def test_depth_widens_the_ego_network(graph):
    sub0, _ = select_subgraph(graph, company="Alibaba", depth=0)
    sub1, _ = select_subgraph(graph, company="Alibaba", depth=1)
    sub2, _ = select_subgraph(graph, company="Alibaba", depth=2)
    assert set(sub0) == {"company:alibaba"}
    assert set(sub1) == {"company:alibaba", "company:zhipu-ai"}
    assert set(sub2) == set(sub1) | {"exchange:shanghai-stock-exchange"}


def test_unknown_company_suggests_close_matches(graph, tmp_path):
    with pytest.raises(UnknownEntityError, match="close matches: Scale AI") as info:
        write_html(graph, tmp_path / "x.html", company="Scael AI")
    assert info.value.suggestions[0] == "Scale AI"
    assert not (tmp_path / "x.html").exists()
    with pytest.raises(UnknownEntityError, match="no close matches"):
        select_subgraph(graph, company="Qwertyuiop Corp")
    with pytest.raises(UnknownEntityError) as info:
        select_subgraph(graph, company="Shanghai")
    assert info.value.suggestions == ["Shanghai Stock Exchange"]


def test_type_filter_keeps_only_those_types(graph, tmp_path):
    data = payload(write_html(graph, tmp_path / "t.html", types="invests_in, CUSTOMER_OF"))
    assert {e["relType"] for e in data["edges"]} == {"INVESTS_IN", "CUSTOMER_OF"}
    assert len(data["edges"]) == 4
    assert "person:alexandr-wang" not in {n["id"] for n in data["nodes"]}
    with pytest.raises(ViewError, match="unknown relation type.*OWNS"):
        select_subgraph(graph, types=["OWNS"])
    assert select_subgraph(graph, types=" , ")[0].number_of_edges() == graph.number_of_edges()


def test_since_keeps_edges_dated_on_or_after(graph):
    sub, _ = select_subgraph(graph, since="2025")
    assert ("company:alibaba", "company:zhipu-ai", "INVESTS_IN") not in sub.edges
    assert sub.number_of_edges() == 9
    assert select_subgraph(graph, since="2025-05")[0].number_of_edges() == 8
    assert select_subgraph(graph, since="2025-06-14")[0].number_of_edges() == 8
    assert select_subgraph(graph, since="2025-06-15")[0].number_of_edges() == 0
    with pytest.raises(ViewError, match="not a date"):
        select_subgraph(graph, since="last week")


def test_filters_combine_with_the_ego_network(graph):
    sub, center = select_subgraph(graph, company="Zhipu AI", depth=2, since="2025")
    assert set(sub) == {"company:zhipu-ai", "exchange:shanghai-stock-exchange"}
    sub, _ = select_subgraph(graph, company="Alibaba", types="COMPETES_WITH")
    assert set(sub) == {"company:alibaba"} and sub.number_of_edges() == 0


def test_empty_view_still_writes_a_page(graph, tmp_path):
    data = payload(write_html(graph, tmp_path / "e.html", since="2030"))
    assert data["nodes"] == [] and data["edges"] == []


def test_negative_depth_is_refused(graph):
    with pytest.raises(ViewError, match="depth"):
        select_subgraph(graph, company="Meta", depth=-1)


def test_large_graphs_get_cheap_layout_settings(graph, tmp_path):
    from kg.view import render_page

    options = json.loads(json.loads(
        re.search(r"window\.kgPayload = (\{.*?\});</script>",
                  render_page(graph, large=True), re.S).group(1))["options"])
    assert options["layout"]["improvedLayout"] is False
    assert options["interaction"]["hideEdgesOnDrag"] is True


def test_every_relation_type_has_its_own_colour():
    assert set(style.EDGE_COLORS) == set(RELATION_TYPES)
    assert len(set(style.EDGE_COLORS.values())) == len(RELATION_TYPES)


@pytest.mark.parametrize(("props", "label"), [
    ({"stake_pct": 49.0, "valuation": 29e9}, "49%"),
    ({"amount": 14.3e9, "currency": "USD", "status": "completed"}, "$14.3B"),
    ({"stake": "minority", "status": "in_talks"}, "minority · in talks"),
    ({"role": "Chief Revenue Officer", "status": "planned"}, "Chief Revenue Officer · planned"),
    ({"status": "denied"}, "denied"), ({"status": "active"}, "")])
def test_edge_labels_say_the_essentials(props, label):
    assert style.edge_label(props) == label


@pytest.fixture(scope="module")
def built_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("kg-home-view")
    build_sample_store(home)
    return home


def run_kg(home: Path, *args: str):
    return CliRunner().invoke(main, list(args), env={"KG_HOME": str(home)})


def test_kg_view_writes_the_company_view_from_the_store(built_home, tmp_path):
    out = tmp_path / "scale.html"
    result = run_kg(built_home, "view", "--company", "Scale AI", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output
    data = payload(out)
    assert data["meta"]["center"] == "company:scale-ai"
    assert len(data["edges"]) == 8 and len(data["nodes"]) == 7
    invest = edge(data, "INVESTS_IN", "company:meta", "company:scale-ai")
    assert invest["label"] == "49%" and invest["evidence"][0]["title"] == SCALE_TITLE


def test_kg_view_filters_by_type_and_date(built_home, tmp_path):
    out = tmp_path / "t.html"
    result = run_kg(built_home, "view", "--types", "INVESTS_IN", "--since", "2024-01", "-o",
                    str(out))
    assert result.exit_code == 0, result.output
    assert {(e["from"], e["to"]) for e in payload(out)["edges"]} == {
        ("company:meta", "company:scale-ai"), ("company:alibaba", "company:zhipu-ai")}


@pytest.mark.parametrize(("args", "message"), [
    (["--company", "Scael AI"], "no company named 'Scael AI' in the graph (close matches: "
                                "Scale AI)"),
    (["--types", "OWNS"], "unknown relation type(s) OWNS"),
    (["--since", "last week"], "is not a date"),
    (["--depth", "-1"], "-1 is not in the range x>=0"),
])
def test_kg_view_explains_bad_requests(built_home, tmp_path, args, message):
    result = run_kg(built_home, "view", *args, "-o", str(tmp_path / "x.html"))
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "x.html").exists()


def test_kg_view_without_a_graph_says_to_build_first(tmp_path):
    result = run_kg(tmp_path / "empty-home", "view", "-o", str(tmp_path / "x.html"))
    assert result.exit_code == 1
    assert "no graph has been built yet" in result.output
    assert "run `kg build PATH` first" in result.output


def test_kg_view_reads_neo4j(neo4j_driver, tmp_path):
    build_sample_store(tmp_path / "home", neo4j=True)
    out = tmp_path / "neo.html"
    result = run_kg(tmp_path / "other-home", "view", "--neo4j", "--company", "scale ai", "-o",
                    str(out))
    assert result.exit_code == 0, result.output
    data = payload(out)
    assert len(data["nodes"]) == 7 and len(data["edges"]) == 8
    google = edge(data, "CUSTOMER_OF", "company:google", "company:scale-ai")
    assert google["label"] == "$200M · ended"
    assert google["evidence"][0]["sentence"].startswith("In 2024, Google allocated")


def test_an_edge_with_trimmed_evidence_shows_how_many_sources_it_has(tmp_path):
    with EmbeddedStore(tmp_path / "g.lbug") as store:
        store.load(reports(EVIDENCE_KEPT + 10))
        graph = store.read_graph()
    stake = edge(payload(write_html(graph, tmp_path / "g.html")), "INVESTS_IN", "company:meta",
                 "company:scale-ai")
    assert stake["evidenceCount"] == EVIDENCE_KEPT + 10
    assert len(stake["evidence"]) == EVIDENCE_KEPT
    assert f"{EVIDENCE_KEPT + 10} sources" in stake["title"]
