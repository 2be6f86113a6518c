"""Issue 11, item 3: no input text is lost without a word.

News is never taken for advertising, and what is dropped is reported; JSONL is read line by
line (a bad line costs that line only); stdin and files are decoded alike; binary is refused.
"""

from __future__ import annotations

import io
import json
import random
import sys
from pathlib import Path

import pytest

from kg import articles as articles_module
from kg.advertising import is_advertising
from kg.articles import MAX_ARTICLE_CHARS, DroppedText, ReadProblem, read_articles
from kg.extract import extract

SAMPLE = "data/samples/ai-industry-news-sample.txt"
DATA_ARTICLES = sorted(Path("data/articles").glob("*.jsonl")) + sorted(
    Path("data/corpus").glob("*/*.jsonl"))


def read(paths):
    problems: list[ReadProblem] = []
    dropped: list[DroppedText] = []
    articles = list(read_articles(paths, on_error=problems.append, on_dropped=dropped.append))
    return articles, problems, dropped


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def words(article) -> list[str]:
    """The words of an article's title (headlines joined by " — ") and text, in order."""
    return (article.title or "").replace(" — ", " ").split() + article.text.split()


def txt_forms(record: dict) -> dict[str, str]:
    """The article as a .txt file: its text alone, and under its title and a blank line."""
    forms = {"text": record["text"] + "\n"}
    if record.get("title"):
        forms["title"] = f"{record['title']}\n\n{record['text']}\n"
    return forms


def test_every_article_in_data_reads_the_same_from_txt_as_from_jsonl(tmp_path):
    """One article with every word, in order: the same text, so the same relations
    (bench/txt_vs_jsonl.py compares the relations). Line breaks may differ (lines inside a
    paragraph come back as paragraphs), and a heading line that opens the text may become
    the title. Ids only in the message: the corpus test split is not read while developing."""
    assert len(DATA_ARTICLES) > 10
    path = tmp_path / "article.txt"
    differ, seen = [], 0
    for source in DATA_ARTICLES:
        for record in records(source):
            for form, content in txt_forms(record).items():
                seen += 1
                path.write_text(content, encoding="utf-8")
                articles, problems, dropped = read([path])
                want = (record["title"] if form == "title" else "") + " " + record["text"]
                if problems or dropped or len(articles) != 1 or words(articles[0]) != \
                        want.split():
                    differ.append(f"{record['id']} ({form})")
    assert seen > 800
    assert differ == []


@pytest.mark.parametrize("article_id", ["heldout4-004", "heldout3-008"])
def test_an_article_gives_the_same_relations_as_txt_and_as_jsonl(tmp_path, nlp, article_id):
    """The issue's cases: news about customers and clients taken for advertising lost
    Meta's 49% stake in Scale AI (12 relations as JSONL, 6 as .txt)."""
    record = next(r for source in DATA_ARTICLES for r in records(source)
                  if r["id"] == article_id)
    jsonl = tmp_path / "one.jsonl"
    jsonl.write_text(json.dumps(record) + "\n", encoding="utf-8")
    txt = tmp_path / "one.txt"
    txt.write_text(txt_forms(record)["title"], encoding="utf-8")

    def relations(path):
        return sorted((r.type, r.source, r.target, r.properties.get("status"))
                      for r in extract(read([path])[0], nlp=nlp))

    assert relations(txt) == relations(jsonl)
    if article_id == "heldout4-004":
        assert ("INVESTS_IN", "Meta", "Scale AI", "completed") in relations(txt)


NEWS = [  # news that talks about customers, clients, today, you: never advertising
    "Google and OpenAI, two of its biggest customers, have since said they would wind down "
    "their work with Scale, while rivals such as Surge AI and Mercor have won new clients.",
    "Lisa Su, AMD's chief executive, said the deal would help customers deploy its Instinct "
    "accelerators faster.",
    '"We were not shopping the company," van Oss said. "But when your biggest client '
    'knocks, you open the door."',
    "if you use vaultly, go change your master password now. vaultly disclosed a breach on "
    "friday, and its biggest business customer ended its contract.",
    "Start-ups that sell to customers today grow faster, a study by Brenton Research found "
    "in March 2024.",
]
ADVERTISING = [
    "Begin getting your first leads today",
    "Start your free trial today and grow your audience",
    "Subscribe to our newsletter at https://example.com/news for more AI deals!",
    "Try Acme Cloud for $9.99/mo. No credit card needed.",
    "Book a demo and supercharge your sales team",
]


@pytest.mark.parametrize("text", NEWS)
def test_news_is_never_advertising(text):
    assert not is_advertising(text)
    assert not is_advertising(text, after_promo=True)


@pytest.mark.parametrize("text", [
    "Model Week: the AI deals you missed while you were training.",
    "so codeyard is buying hexdoc. if you write api docs for a living you've probably touched "
    "hexdoc at some point.",
    "As AI integrates into digital marketing, its influence on search engine optimization is "
    "becoming significant."])
def test_prose_that_addresses_the_reader_is_not_advertising(text):
    assert not is_advertising(text)


@pytest.mark.parametrize("text", ADVERTISING)
def test_advertising_needs_several_promo_cues(text):
    assert is_advertising(text)


def test_one_promo_cue_is_not_enough_except_next_to_advertising():
    assert not is_advertising("No ads needed")
    assert is_advertising("No ads needed", after_promo=True)


def test_dropped_paragraphs_are_reported_with_their_place():
    articles, problems, dropped = read([SAMPLE])
    assert problems == [] and len(articles) == 8
    assert [(d.line, d.text[:20]) for d in dropped] == [(11, "Launch your AI-power"),
                                                         (13, "Begin getting your f")]
    assert str(dropped[1]) == f"{SAMPLE}:13: Begin getting your first leads today"


def test_a_promo_run_after_the_article_goes_and_the_article_stays(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text("Orvane Systems said on Monday it had bought Brindle Labs, which counts "
                    "banks among its customers.\n\n"
                    "Get started with Acme Cloud today: book a demo!\n\n"
                    "No credit card needed\n\n"
                    "Visit www.acme.example\n", encoding="utf-8")
    articles, _, dropped = read([path])
    assert [a.text for a in articles] == ["Orvane Systems said on Monday it had bought "
                                          "Brindle Labs, which counts banks among its "
                                          "customers."]
    assert [d.line for d in dropped] == [3, 5, 7]


def test_a_5_mb_article_on_one_line_is_read_whole_in_article_sized_parts(tmp_path):
    sentence = ("Orvane Systems said its customers and clients would get the new chips "
                "today, and Brindle Labs agreed to supply them. ")
    line = sentence * (5_000_000 // len(sentence))
    path = tmp_path / "one-line.txt"
    path.write_text(line, encoding="utf-8")
    articles, problems, dropped = read([path])
    assert problems == [] and dropped == []
    assert len(articles) >= 25
    assert max(len(a.text) for a in articles) <= MAX_ARTICLE_CHARS
    assert all(a.text.endswith("supply them.") for a in articles)  # cut after sentences
    assert " ".join(a.text for a in articles).split() == line.split()


def test_a_title_line_in_sentence_case_titles_the_article(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Cognition to buy what is left of Windsurf\n\n"
                    "Cognition agreed to buy Windsurf.\n", encoding="utf-8")
    articles, _, _ = read([path])
    assert [(a.title, a.text) for a in articles] == [
        ("Cognition to buy what is left of Windsurf", "Cognition agreed to buy Windsurf.")]


def test_short_section_headings_of_a_newsletter_do_not_split_it(tmp_path):
    path = tmp_path / "newsletter.txt"
    path.write_text("This week in robotics.\n\nFunding\n\nOrvane Systems raised $40 million."
                    "\n\nPeople Moves\n\nThe company hired Ana Reis from Brindle Labs.\n",
                    encoding="utf-8")
    articles, _, _ = read([path])
    assert len(articles) == 1 and "\n\nPeople Moves\n\nThe company hired" in articles[0].text


def test_a_closing_line_shaped_like_a_headline_stays_in_the_article(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("Orvane Systems raised $40 million.\n\nThe round was led by Quenby.\n\n"
                    "Rating Outperform Target Raised\n", encoding="utf-8")
    articles, _, _ = read([path])
    assert [a.text.split("\n\n")[-1] for a in articles] == ["Rating Outperform Target Raised"]


def test_an_about_section_of_a_press_release_stays_in_it(tmp_path):
    path = tmp_path / "release.txt"
    path.write_text("Orvane Systems today announced it had acquired Brindle Labs.\n\n"
                    "About Brindle Labs\n\n"
                    "Brindle Labs was founded in 2015 by Ana Reis.\n", encoding="utf-8")
    articles, _, _ = read([path])
    assert len(articles) == 1 and "About Brindle Labs\n\nBrindle Labs was" in articles[0].text


# --- JSONL, line by line ----------------------------------------------------------------


def test_a_nul_byte_in_one_jsonl_line_costs_that_line_only(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"id": "a", "text": "Vantor Systems acquired Pell Data."}\n'
                     b'{"id": "b", "text": "Zed\x00 bought Ypsilon."}\n'
                     b'{"id": "c", "text": "Orvane Systems acquired Brindle Labs."}\n')
    articles, problems, _ = read([path])
    assert [a.id for a in articles] == ["a", "c"]
    assert [p.message for p in problems] == [
        "line 2: binary data (a NUL byte), not JSON; skipped"]


def test_a_nul_byte_in_a_text_file_costs_its_line_only(tmp_path):
    path = tmp_path / "a.txt"
    story = b"Vantor Systems said on Monday it had acquired Pell Data for $20 million.\n"
    path.write_bytes(story * 20 + b"Zed\x00 bought Ypsilon.\n" + story.replace(b"Pell", b"Quill"))
    articles, problems, _ = read([path])
    assert [p.message for p in problems] == ["line 21: binary data (NUL bytes); skipped"]
    assert "Ypsilon" not in articles[0].text and articles[0].text.endswith("Quill Data for "
                                                                            "$20 million.")


def test_a_long_jsonl_record_across_read_boundaries_is_read_whole(tmp_path):
    first = "Vantor Systems acquired Pell Data. " * 20_000  # ~700k characters
    long = "Orvane Systems acquired Brindle Labs. " * 13_000  # ~500k, across 1 MB
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps({"id": i, "text": t}) for i, t in
                              enumerate([first, long, "Helix sued Orvane."])) + "\n",
                    encoding="utf-8")
    articles, problems, _ = read([path])
    assert problems == []
    assert [a.text for a in articles] == [first, long, "Helix sued Orvane."]


def test_a_jsonl_line_over_the_limit_is_skipped_and_named(tmp_path, monkeypatch):
    monkeypatch.setattr(articles_module, "MAX_JSONL_LINE_CHARS", 1_000)
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps({"id": i, "text": t}) for i, t in enumerate(
        ["Vantor bought Pell.", "Orvane bought Brindle. " * 100, "Helix sued Orvane."])) + "\n",
        encoding="utf-8")
    articles, problems, _ = read([path])
    assert [a.text for a in articles] == ["Vantor bought Pell.", "Helix sued Orvane."]
    assert [p.message for p in problems] == ["line 2: longer than 1,000 characters; skipped"]


def test_a_raw_line_break_character_inside_a_jsonl_record_is_no_line_break(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "Vantor\u2028Systems\rbought Pell."},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    articles, problems, _ = read([path])
    assert problems == [] and articles[0].text == "Vantor\u2028Systems\rbought Pell."


# --- bytes to text: files and stdin alike ------------------------------------------------

LATIN1 = "Société Générale invested in Mistral AI.\n".encode("latin-1")


def stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_latin1_on_stdin_is_read_like_the_same_bytes_in_a_file(tmp_path, monkeypatch):
    path = tmp_path / "latin.txt"
    path.write_bytes(LATIN1 + LATIN1.replace(b"Mistral", b"Helsing"))
    stdin(monkeypatch, path.read_bytes())
    from_stdin, stdin_problems, _ = read(["-"])
    from_file, file_problems, _ = read([path])
    assert [a.text for a in from_stdin] == [a.text for a in from_file] == [
        "Société Générale invested in Mistral AI.\n\n"
        "Société Générale invested in Helsing AI."]
    assert "Windows-1252" in stdin_problems[0].message
    assert [p.message for p in stdin_problems] == [p.message for p in file_problems]


def test_jsonl_on_stdin_in_utf16_with_a_bom(monkeypatch):
    stdin(monkeypatch, (json.dumps({"id": "x", "text": "Nordvik Labs acquired Quellmark."})
                        + "\n").encode("utf-16"))
    articles, problems, _ = read(["-"])
    assert problems == [] and [(a.id, a.text) for a in articles] == [
        ("x", "Nordvik Labs acquired Quellmark.")]


def test_a_latin1_line_in_a_utf8_file_keeps_both_encodings_right(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_bytes(("Brâlo Robotics said on Monday it raised €5 million.\n" * 30_000).encode()
                     + LATIN1)
    articles, problems, _ = read([path])
    text = "\n".join(a.text for a in articles)
    assert "€" in text and text.endswith("Société Générale invested in Mistral AI.")
    assert "Ã" not in text
    assert "first bad byte at offset 1650004" in problems[0].message


@pytest.mark.parametrize("data", [bytes(range(128, 256)) * 64,  # no NUL byte at all
                                  bytes(range(1, 32)) * 100,
                                  random.Random(11).randbytes(20_000).replace(b"\0", b"\1")])
def test_binary_without_nul_bytes_is_refused_with_one_line(tmp_path, monkeypatch, data):
    path = tmp_path / "blob.txt"
    path.write_bytes(data)
    stdin(monkeypatch, data)
    for source in (path, "-"):
        articles, problems, _ = read([source])
        assert articles == []
        assert len(problems) == 1 and "binary" in problems[0].message
