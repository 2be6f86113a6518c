"""The reader: formats, messy dumps split into articles, and bad input reported, not fatal."""

from __future__ import annotations

import io
import json
import sys

import pytest

from kg.advertising import is_advertising
from kg.articles import MAX_ARTICLE_CHARS, ReadProblem, read_articles
from kg.extract import extract

SAMPLE = "data/samples/ai-industry-news-sample.txt"



def read(paths):
    problems: list[ReadProblem] = []
    articles = list(read_articles(paths, on_error=problems.append))
    return articles, problems


def test_seed_dump_is_split_into_articles_with_the_trailing_headline_as_title():
    articles, problems = read([SAMPLE])
    assert problems == []
    assert len(articles) == 8
    first = articles[0]
    assert first.title.startswith("Google Ends Partnership with Scale AI")
    assert "However, the company’s dependence" in first.text  # continuation paragraph kept
    assert articles[1].text.startswith("The Walt Disney Company")
    assert articles[1].title is None


def test_advertising_is_dropped():
    articles, _ = read([SAMPLE])
    text = " ".join(a.text for a in articles)
    assert "Launch your" not in text and "autopilot" not in text and "leads" not in text
    assert "dependence on a limited number of large clients" in text  # news about clients
    assert is_advertising("Start your free trial today and grow your audience")
    assert not is_advertising("Nvidia agreed to buy Run:ai for about $700 million.")


def test_headline_before_its_article_titles_it(tmp_path):
    path = tmp_path / "news.txt"
    path.write_text("Vexora Raises $40 Million From Quillon Partners\n"
                    "Vexora, a robotics startup, raised $40 million from Quillon Partners.\n"
                    "Brindle Labs said it would open an office in Lisbon.\n", encoding="utf-8")
    articles, _ = read([path])
    assert [a.title for a in articles] == ["Vexora Raises $40 Million From Quillon Partners",
                                           None]


def test_same_article_twice_has_the_same_id(tmp_path):
    (tmp_path / "a.txt").write_text("Meta bought a stake in Scale AI.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Meta bought a stake in Scale AI.\n", encoding="utf-8")
    articles, _ = read([tmp_path / "a.txt", tmp_path / "b.txt"])
    assert articles[0].id == articles[1].id


def test_jsonl_fields_and_bad_lines_reported_with_line_numbers(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "x1", "title": "T", "text": "Body one."}) + "\n"
                    "{not json\n" + json.dumps({"title": "no text"}) + "\n"
                    + json.dumps({"text": "Body two."}) + "\n", encoding="utf-8")
    articles, problems = read([path])
    assert [a.id for a in articles][0] == "x1" and articles[0].title == "T"
    assert len(articles) == 2
    assert any("line 2" in p.message for p in problems)
    assert any("line 3" in p.message for p in problems)


def test_markdown_and_html(tmp_path):
    (tmp_path / "a.md").write_text("# Acme Buys Widgetco\n\n**Acme** bought [Widgetco]"
                                   "(http://x) on Monday.\n", encoding="utf-8")
    body = "<p>Zentrix, a chip startup, signed a supply deal with Orvane Systems.</p>" * 5
    (tmp_path / "b.html").write_text(f"<html><head><title>Zentrix deal</title></head><body>"
                                     f"<article>{body}</article></body></html>",
                                     encoding="utf-8")
    articles, problems = read([tmp_path])
    md = next(a for a in articles if a.source.endswith(".md#1"))
    assert md.title == "Acme Buys Widgetco" and md.text == "Acme bought Widgetco on Monday."
    html = next(a for a in articles if a.source.endswith(".html"))
    assert "Zentrix" in html.text and "<p>" not in html.text


def test_bad_inputs_are_reported_and_the_rest_is_read(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Orvane Systems acquired Brindle Labs.\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Société Générale invested in Mistral AI.\n".encode("cp1252"))
    articles, problems = read([empty, binary, tmp_path / "missing.txt", latin, good])
    by_path = {p.path: p.message for p in problems}
    assert "empty" in by_path[str(empty)]
    assert "binary" in by_path[str(binary)]
    assert "no such file" in by_path[str(tmp_path / "missing.txt")]
    assert "not valid UTF-8" in by_path[str(latin)] and "Windows-1252" in by_path[str(latin)]
    texts = [a.text for a in articles]
    assert "Société Générale invested in Mistral AI." in texts
    assert "Orvane Systems acquired Brindle Labs." in texts


def test_large_file_is_streamed_in_article_sized_parts(tmp_path):
    path = tmp_path / "big.txt"
    paragraph = ("Orvane Systems said on Tuesday that it had agreed to buy Brindle Labs, "
                 "a maker of inference chips, for an undisclosed sum. ") * 20
    with path.open("w", encoding="utf-8") as out:
        for i in range(8000):  # ~20 MB, one line per paragraph, no headlines
            out.write(f"Item {i}. {paragraph}\n")
    count = 0
    longest = 0
    for article in read_articles([path]):
        count += 1
        longest = max(longest, len(article.text))
    assert count >= 1
    assert longest <= MAX_ARTICLE_CHARS + len(paragraph) + 20


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(
        b"Helix Robotics sued Orvane Systems over a patent.\n")))
    articles, problems = read(["-"])
    assert problems == [] and articles[0].text.startswith("Helix Robotics")


ONE_STORY = [
    # paragraph 3 names only others and paragraph 4 refers back with "The company"
    ("Halvora Robotics, a Lisbon maker of warehouse robots, said on Monday it had raised "
     "new funding.\n\n"
     "The round values Halvora Robotics at $900 million, people familiar with it said.\n\n"
     "Demand for warehouse automation has grown since 2021, analysts at Brenton Research "
     "said.\n\n"
     "The company also agreed to buy Quillfeather Systems, a maker of picking arms.\n\n"
     "Shares of rival automation groups fell on the news.\n",
     ("ACQUIRES", "Halvora Robotics", "Quillfeather Systems")),
    ("Marlowe Health said it had hired a new finance chief.\n\n"
     "Growth in telemedicine slowed last year, according to data from Pennick Analytics.\n\n"
     "Investors were cautious.\n\n"
     "The startup has also signed a partnership with Ostrander Labs to build triage "
     "software.\n\n"
     "Its chief executive declined to comment.\n",
     ("PARTNERS_WITH", "Marlowe Health", "Ostrander Labs")),
]


@pytest.mark.parametrize("text, relation", ONE_STORY)
def test_paragraphs_of_one_article_stay_together(tmp_path, nlp, text, relation):
    path = tmp_path / "story.txt"
    path.write_text(text, encoding="utf-8")
    articles, _ = read([path])
    assert len(articles) == 1
    found = {(r.type, r.source, r.target) for r in extract(articles, nlp=nlp)}
    assert relation in found or (relation[0], relation[2], relation[1]) in found


def test_paragraphs_between_blank_lines_stay_one_article_until_a_headline(tmp_path, nlp):
    """Without headlines, a paragraph that opens with other names is still the article's
    (splitting there loses what the rest says about "the company"); headlines split."""
    story = ("Orvane Systems agreed to buy Brindle Labs for $80 million.\n\n"
             "Talvora Health, a rival, raised $20 million from Quenby Capital.\n\n"
             "The company said the deal would close in June.\n")
    (tmp_path / "story.txt").write_text(story, encoding="utf-8")
    (tmp_path / "digest.md").write_text("# Orvane Buys Brindle Labs\n\n" + story.replace(
        "\n\nTalvora", "\n\n# Talvora Raises $20 Million\n\nTalvora"), encoding="utf-8")
    articles, _ = read([tmp_path / "story.txt"])
    assert len(articles) == 1
    found = {(r.type, r.source, r.target) for r in extract(articles, nlp=nlp)}
    assert ("ACQUIRES", "Orvane Systems", "Brindle Labs") in found
    assert ("INVESTS_IN", "Quenby Capital", "Talvora Health") in found
    digest, _ = read([tmp_path / "digest.md"])
    assert [a.title for a in digest] == ["Orvane Buys Brindle Labs",
                                         "Talvora Raises $20 Million"]


def test_dump_lines_without_shared_names_are_stories_of_their_own(tmp_path):
    path = tmp_path / "dump.txt"
    path.write_text("Orvane Systems agreed to buy Brindle Labs for $80 million.\n"
                    "However, the company did not say how it would pay.\n"
                    "Demand for chips keeps growing across the industry.\n"
                    "Talvora Health raised $20 million from Quenby Capital.\n",
                    encoding="utf-8")
    articles, _ = read([path])
    assert len(articles) == 3
    assert articles[0].text.endswith("how it would pay.")


@pytest.mark.parametrize("text", [
    "Orvane Systems, a Porto maker of drones, raised $30 million.\n\nOrvane competes with "
    "Brisk Aero.\n\nLast year Tavira Capital bought a stake in Orvane, and Tavira Capital "
    "later sold it.\n",
    "Quellon Bio said its trial succeeded.\n\nAnalysts were surprised.\n\nMerrow Pharma "
    "agreed to license a drug from Quellon in May.\n",
])
def test_a_name_that_opens_sentences_is_shared_with_later_paragraphs(tmp_path, text):
    path = tmp_path / "story.txt"
    path.write_text(text, encoding="utf-8")
    articles, _ = read([path])
    assert len(articles) == 1
