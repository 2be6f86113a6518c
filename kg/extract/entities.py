"""Entity recognition for relation slots: who is named in a sentence, as what, under which name.

Three sources, best first: the entity list of the AI industry (kg/data/entities), spaCy's NER
(ORG, PERSON; GPE only when the list says it is a company), and patterns that find
companies no list names ("X, a data-labeling startup", "startup X", "X's CEO", "X Labs").
The list also corrects NER labels: the small model calls some companies people or places.
Aliases resolve to canonical names (list aliases, names seen earlier in the same article,
fuzzy matches against the list), and "the company" / "the startup" / "the tech giant"
resolve to the most recent fitting company of the article.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from kg.names import COMPANY_SUFFIXES, ENTITY_DIR, article_aliases, entity_rows
from kg.schema import COMPANY, EXCHANGE, PERSON

# How much a mention's origin is trusted; relation confidence is scaled by it.
ORIGIN_TRUST = {"list": 1.0, "ner": 0.93, "pattern": 0.85, "coref": 0.85}

BUSINESS_NOUNS = {
    "startup", "start-up", "company", "firm", "maker", "developer", "provider", "lab",
    "laboratory", "platform", "unicorn", "rival", "competitor", "chipmaker", "giant",
    "supplier", "vendor", "operator", "group", "conglomerate", "business", "manufacturer",
    "designer", "creator", "owner", "subsidiary", "unit", "insurer", "bank", "fund",
    "investor", "backer", "incumbent", "challenger", "player", "outfit", "specialist",
    "partner", "customer", "client", "acquirer", "studio", "publisher", "retailer",
    "venture",
}
POSSESSED_BUSINESS_NOUNS = {
    "ceo", "cfo", "cto", "coo", "founder", "co-founder", "cofounder", "chairman", "president",
    "shares", "stock", "valuation", "board", "investors", "customers", "clients", "rivals",
    "competitors", "ipo", "revenue", "stake", "acquisition", "subsidiary", "unit",
    "division", "headquarters", "employees", "staff", "chief", "executive", "executives",
    "products", "services", "platform", "models", "chips", "cloud", "partnership", "deal",
}
# Words that head a job title: a name in apposition with one is a person ("X, Y's chief
# executive", "chief executive X"); the name that owns one is an organisation ("Y's CEO").
TITLE_WORDS = {"ceo", "cfo", "cto", "coo", "cro", "cpo", "cmo", "ciso", "founder", "co-founder",
               "cofounder", "founders", "co-founders", "president", "chairman", "chairwoman",
               "chairperson", "executive", "officer", "scientist", "counsel"}
# Capitalised words before a surname that are not given names ("CEO Smith", "The Smith").
_NOT_GIVEN_NAMES = {"The", "A", "An", "Mr", "Ms", "Mrs", "Dr", "CEO", "CFO", "CTO", "President",
                    "Chief", "Executive", "Founder", "Co-founder", "Chairman", "Director", "Said",
                    "But", "And", "When", "While", "As", "At", "In", "On", "Of", "For", "By",
                    "With", "From", "After", "Before", "If", "Then", "Former", "Senator"}
_TITLE_VERBS = {"is", "was", "has", "had", "been", "became", "becomes", "serves", "served",
                "remains", "remained", "as"}
_APPOSITION_STOPS = {",", ".", ";", "who", "whose", "which", "that", "and", "(", ")"}
# Capitalised number words that begin company names ("Two Sigma", "One Medical").
NUMBER_NAMES = {"One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten"}
EXCHANGE_WORDS = re.compile(r"\b(exchange|nasdaq|nyse|hkex|bourse|star market)\b", re.I)
NOT_NAMES = {"ai", "seo", "ceo", "cfo", "cto", "ipo", "llm", "gpu", "gpus", "the", "us", "u.s.",
             "eu", "api", "chatgpt", "genai", "board", "company", "companies", "reuters",
             "bloomberg", "series", "chief", "officer", "executive", "founder", "president"}
# Products and models are named like companies but are not parties to deals.
PRODUCTS = {"ChatGPT", "GPT-4", "GPT-4o", "GPT-5", "Gemini", "Claude", "Llama", "Copilot",
            "Grok", "Siri", "Alexa", "Bard", "Sora", "Midjourney", "Android", "iPhone",
            "Windows", "Azure", "Office", "Search", "Street", "Wall", "Congress", "Parliament",
            "Commission", "Court", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
            "Saturday", "Sunday", "January", "February", "March", "April", "May", "June",
            "July", "August", "September", "October", "November", "December"}
PRODUCT_NOUNS = {"chatbot", "assistant", "model", "app", "chip", "robot", "agent", "tool",
                 "product", "feature", "humanoid", "browser", "headset", "glasses"}
# Verbs whose sentence-opening subject is a company (see _business_subjects).
BUSINESS_VERB_FORMS = {
    f"{stem}{end}" for stem, ends in {
        "compete": ("", "s", "d"), "invest": ("", "s", "ed"), "acquire": ("", "s", "d"),
        "sue": ("", "s", "d"), "partner": ("", "s", "ed"), "raise": ("", "s", "d"),
        "list": ("", "s", "ed"), "merge": ("", "s", "d"), "file": ("s", "d"),
        "buy": ("", "s"), "bought": ("",), "sell": ("s",), "sold": ("",), "hire": ("s", "d"),
        "license": ("s", "d"), "supply": ("",), "supplies": ("",), "supplied": ("",),
        "team": ("ed",), "back": ("s", "ed"), "lead": ("s",), "led": ("",),
        "rival": ("s", "led"), "agree": ("s", "d"), "sign": ("s", "ed"),
    }.items() for end in ends}
_BUSINESS_AUX = {"has", "have", "had", "will", "would", "also", "is", "was", "previously",
                 "recently", "then", "later"}
# Verbs that tell a company's origin: "the company" they found is the one introduced last.
_ORIGIN_VERBS = {"founded", "co-founded", "cofounded", "established", "started"}
PRONOUN_LABELS = {"it": COMPANY, "he": PERSON, "she": PERSON}
INVESTOR_NOUNS = {"fund", "investor", "backer", "bank", "insurer", "owner", "acquirer",
                  "partner", "customer", "client"}
# Kinds that say nothing against "the startup" / "the lab" meaning that company.
GENERIC_KINDS = {"company", "firm", "business", "group", "developer", "maker", "provider",
                 "platform"}
_VAGUE_MODIFIERS = {"based", "new", "same", "other", "former", "big", "biggest", "largest",
                    "small", "smaller", "young", "younger", "private", "privately", "held",
                    "listed", "public", "publicly", "top", "leading", "latest", "world"}
ANAPHORS = {  # "the <noun>" -> the kinds it prefers
    "company": (), "firm": (), "group": (), "business": (), "startup": ("startup", "lab"),
    "start-up": ("startup",), "lab": ("lab",), "giant": ("tech giant",),
    "chipmaker": ("chipmaker",), "investor": ("investor",), "unicorn": ("startup",),
    "developer": (), "maker": (), "provider": (), "platform": (), "designer": (),
    "miner": (), "manufacturer": (), "supplier": (), "operator": (), "specialist": (),
}


@dataclass(frozen=True)
class KnownEntity:
    name: str
    label: str
    kind: str


@dataclass
class Mention:
    """A named entity in a parsed sentence, resolved to its canonical name."""

    start: int  # token indices in the Doc
    end: int
    name: str
    label: str
    origin: str  # list | ner | pattern | coref

    @property
    def trust(self) -> float:
        return ORIGIN_TRUST[self.origin]


@dataclass
class ArticleMemory:
    """What an article has named so far: for coreference and alias resolution."""

    text: str = ""  # the article, for full names given in sentences that were not parsed
    seen: list[tuple[str, str]] = field(default_factory=list)  # (name, label), in order
    kinds: dict[str, set[str]] = field(default_factory=dict)
    salience: dict[str, float] = field(default_factory=dict)  # mentions, subjects count twice
    described: list[str] = field(default_factory=list)  # introduced as "X, a ... startup"
    aliases: dict[str, str] = field(init=False)  # acronyms and former names the text gives

    def __post_init__(self) -> None:
        self.aliases = article_aliases(self.text)

    def add(self, mention: Mention, kind: str | None = None, subject: bool = False) -> None:
        self.seen.append((mention.name, mention.label))
        self.salience[mention.name] = self.salience.get(mention.name, 0.0) + (
            2.0 if subject else 1.0)
        if kind:
            self.kinds.setdefault(mention.name, set()).add(kind)


class EntityList:
    """The AI-industry entity list: exact alias lookup and fuzzy matching."""

    def __init__(self, entities: list[KnownEntity], aliases: dict[str, KnownEntity]) -> None:
        self.entities = entities
        self.by_alias = aliases
        self.by_lower = {k.lower(): v for k, v in aliases.items()}
        self._choices = list(aliases)

    @classmethod
    def load(cls, folder: Path = ENTITY_DIR) -> EntityList:
        entities: list[KnownEntity] = []
        aliases: dict[str, KnownEntity] = {}
        for row in entity_rows(folder):
            known = KnownEntity(row["name"], row["label"], row.get("kind", ""))
            entities.append(known)
            for alias in [row["name"], *row.get("aliases", [])]:
                aliases.setdefault(alias, known)
        return cls(entities, aliases)

    def person_by_surname(self, surname: str) -> str | None:
        """"Musk" -> "Elon Musk" when exactly one listed person has that surname."""
        found = {e.name for e in self.entities
                 if e.label == PERSON and e.name.split()[-1] == surname}
        return found.pop() if len(found) == 1 else None

    def lookup(self, text: str) -> KnownEntity | None:
        """Exact alias match, then a close fuzzy match (corporate suffixes ignored)."""
        found = self.by_alias.get(text) or self.by_lower.get(text.lower())
        if found or len(text) < 5:
            return found
        best = process.extractOne(_strip_suffix(text), self._choices, scorer=fuzz.ratio,
                                  processor=str.lower, score_cutoff=92)
        return self.by_alias[best[0]] if best else None


def _strip_suffix(name: str) -> str:
    return re.sub(r"[,.]?\s+(Inc|Corp|Corporation|Ltd|LLC|Co|plc)\.?$", "", name)


@lru_cache(maxsize=1)
def entity_list() -> EntityList:
    return EntityList.load()


def phrase_matcher(nlp, entities: EntityList) -> PhraseMatcher:
    """Case-sensitive matcher of every list name and alias."""
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    matcher.add("KNOWN", list(nlp.tokenizer.pipe(entities.by_alias)))
    return matcher


def clean_name(span: Span) -> tuple[int, int, str] | None:
    """Strip a leading "the" and a trailing possessive from an entity span."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct):
        start += 1
    for i in range(start, end):  # "Innovation Park AI (Ipai)": the name ends at the bracket
        if doc[i].text in {"(", "["}:
            end = i
            break
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct
                           or doc[end - 1].lower_ in {"'s", "’s", "and", "or"}):
        end -= 1  # "the Toronto Star and": the NER took the conjunction along
    if start >= end:
        return None
    start = _with_number_word(doc, start, end)
    text = doc[start:end].text
    if text.lower() in NOT_NAMES or not any(c.isupper() for c in text):
        return None
    return start, end, text


@lru_cache(maxsize=4)
def _vocabulary(model_path: str) -> frozenset[str]:
    strings = json.loads((Path(model_path) / "vocab" / "strings.json").read_text("utf-8"))
    return frozenset(w.lower() for w in strings if w.isalpha())


def model_words(nlp) -> frozenset[str]:
    """The words the model's vocabulary knows (lowercased), as shipped: a capitalised word
    outside it is a name whatever the tagger says ("Zentavo", "Helsing"). Read from the
    model's files because the live string store grows with every text processed."""
    path = getattr(nlp, "path", None)
    if path is None or not (Path(path) / "vocab" / "strings.json").exists():
        return frozenset()
    return _vocabulary(str(path))


def _with_suffix_word(doc: Doc, end: int, taken: list[bool]) -> int:
    """The end of a name once the capitalised corporate words right after it are added:
    "Sarvam AI" when the tagger split off "AI", "Agility Robotics"."""
    while end < len(doc) and not taken[end] and doc[end].text[:1].isupper() \
            and doc[end].lower_ in COMPANY_SUFFIXES and not _place_modifier(doc, end + 1):
        end += 1
    return end


def _with_number_word(doc: Doc, start: int, end: int) -> int:
    """Start of a company name that begins with a number word ("Two Seas Capital"), which
    the tagger leaves out of the name, or with digits before a lone corporate word ("1789
    Capital": "Capital" alone names nothing)."""
    if start > 0 and doc[start - 1].text in NUMBER_NAMES and _company_shaped(doc, start, end):
        return start - 1
    if start > 0 and doc[start - 1].is_digit and end - start == 1 \
            and doc[start].lower_ in COMPANY_SUFFIXES:
        return start - 1
    return start


def find_mentions(doc: Doc, matcher: PhraseMatcher, entities: EntityList,
                  memory: ArticleMemory, words: frozenset[str] = frozenset()
                  ) -> list[Mention]:
    """All entity mentions of a parsed chunk, resolved, in text order; updates ``memory``.
    ``words`` is the model's vocabulary (``model_words``), for names the tagger missed."""
    taken = [False] * len(doc)
    mentions: list[Mention] = []

    def claim(start: int, end: int, name: str, label: str, origin: str,
              kind: str | None = None) -> None:
        if any(taken[start:end]) or _place_modifier(doc, end) or (
                origin != "list" and _named_product(doc, start)):
            return
        if label == COMPANY and origin != "list" and name == doc[start:end].text:
            end = _with_suffix_word(doc, end, taken)  # "Sarvam" + "AI" tagged apart
            name = doc[start:end].text
        if label == COMPANY and name in memory.aliases:  # "Ipai", "Holistic": the name given
            name = memory.aliases[name]
        for i in range(start, end):
            taken[i] = True
        mentions.append(Mention(start, end, name, label, origin))
        if kind is not None:
            memory.kinds.setdefault(name, set()).add(kind)

    for _, start, end in sorted(matcher(doc), key=lambda m: (m[1], -(m[2] - m[1]))):
        known = entities.by_alias[doc[start:end].text]
        if _is_part_of_longer_name(doc, start, end):
            continue
        claim(start, end, known.name, known.label, "list", known.kind)

    tokens = list(doc)  # made once: every pass below walks them
    for start, end in _joined_names(tokens):  # Run:ai
        known = entities.lookup(doc[start:end].text)
        if known:
            claim(start, end, known.name, known.label, "list", known.kind)
        else:
            claim(start, end, doc[start:end].text, COMPANY, "pattern",
                  _descriptor(doc, start, end))

    short = {n.split()[0] for n, label in memory.seen if label == COMPANY and " " in n}
    for start, end in _business_subjects(doc, words, short):  # "Anduril competes with ..."
        known = entities.lookup(doc[start:end].text)
        if known is None and not _resolve_person(doc[start:end].text, memory):
            claim(start, end, _resolve_alias(doc[start:end].text, COMPANY, memory), COMPANY,
                  "pattern", _descriptor(doc, start, end))

    for start, end, name in _surnames(tokens, memory, taken, mentions):  # "Staniszewski, ..."
        claim(start, end, name, PERSON, "ner")

    for ent in (part for e in doc.ents for part in (
            _split_listed(e) if any(t.lower_ == "and" for t in e[1:-1])
            and not entities.lookup(e.text) else [e])):
        if ent.label_ not in {"ORG", "PERSON", "GPE", "NORP", "PRODUCT", "FAC"}:
            continue
        cleaned = clean_name(ent)
        if cleaned is None:
            continue
        start, end, text = cleaned
        label, name, origin = _classify(doc, start, end, text, ent.label_, entities, memory,
                                        {m.name for m in mentions if m.label == COMPANY},
                                        words)
        if label:
            claim(start, end, name, label, origin, _descriptor(doc, start, end))

    named = {n for n, label in memory.seen if label == COMPANY and " " not in n} | {
        m.name for m in mentions if m.label == COMPANY and " " not in m.name}
    for tok in tokens:  # "Lovable" again, read as an adjective after "Lovable, a startup"
        if not taken[tok.i] and tok.text in named:
            claim(tok.i, tok.i + 1, tok.text, COMPANY, "pattern")

    for start, end in _propn_runs(doc, taken, words):
        start = _with_number_word(doc, start, end)
        kind = _descriptor(doc, start, end)
        text = doc[start:end].text
        if text.lower() in NOT_NAMES:
            continue
        known = entities.lookup(text)
        if known:
            claim(start, end, known.name, known.label, "list", known.kind)
        elif kind or _company_shaped(doc, start, end) or (
                _argument(doc[end - 1]) and doc[start].ent_type_ in {"", "ORG", "PERSON",
                                                                     "WORK_OF_ART"}):
            claim(start, end, _resolve_alias(text, COMPANY, memory), COMPANY, "pattern", kind)

    mentions.sort(key=lambda m: m.start)  # coreference below reads them in text order
    for m in mentions:
        if m.origin != "list":
            _relabel_by_title(doc, m, memory, mentions)
    for start, end, name in _surnames(tokens, memory, taken, mentions):  # of relabelled people
        claim(start, end, name, PERSON, "ner")
    for m in mentions:  # a surname taken for a company before its person was relabelled
        if m.label == COMPANY and m.origin in {"pattern", "ner"} and m.end - m.start == 1:
            full = [p.name for p in mentions if p.label == PERSON and " " in p.name
                    and p.name.split()[-1] == m.name]
            if full:
                m.label, m.name = PERSON, full[0]
    known_companies = [n for n, label in memory.seen if label == COMPANY] + [
        m.name for m in mentions if m.label == COMPANY]
    for m in mentions:  # "Inflection" after "Inflection AI" in the same chunk
        if m.label == COMPANY and m.origin != "list":
            m.name = _short_form_of(m.name, known_companies) or m.name
    short_forms = {n.split()[0]: n for n in known_companies if " " in n}
    for token in tokens:  # "Figure" after "Figure AI", whatever the tagger made of it
        if token.text not in short_forms or taken[token.i]:
            continue
        name = _short_form_of(token.text, known_companies)
        if name and token.text[:1].isupper() and _argument(token):
            claim(token.i, token.i + 1, name, COMPANY, "pattern")
    mentions.sort(key=lambda m: m.start)

    for token in tokens:
        if taken[token.i] or token.lower_ not in ANAPHORS or not _definite(token) or (
                token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN"):
            continue  # "the legal AI company Casetext" names its referent
        described = _described_name(token)
        if described is not None:  # "DeepMind, the lab owned by ...": that name or none
            target = next((m.name for m in mentions if m.end == described + 1
                           and m.label == COMPANY), None)
        else:
            target = resolve_anaphor(token, mentions, memory)
        if target:
            mentions.append(Mention(token.i, token.i + 1, target, COMPANY, "coref"))

    for token in tokens:  # "It competes with ...", "the startup he co-founded"
        if token.lower_ in PRONOUN_LABELS and not taken[token.i] and token.dep_ in {
                "nsubj", "nsubjpass", "dobj", "pobj"} and token.head.pos_ == "VERB":
            target = _pronoun_referent(token, mentions, memory)
            if target:
                mentions.append(Mention(token.i, token.i + 1, target,
                                        PRONOUN_LABELS[token.lower_], "coref"))

    for token in tokens:  # "its chief executive", "their founders"
        if token.lower_ in {"its", "their"} and token.dep_ == "poss" \
                and token.head.lower_ in TITLE_WORDS and not taken[token.i]:
            target = _possessor(token, mentions, memory)
            if target:
                mentions.append(Mention(token.i, token.i + 1, target, COMPANY, "coref"))

    mentions.sort(key=lambda m: m.start)
    for m in mentions:
        if m.origin != "coref":
            memory.add(m, subject=m.label == COMPANY and _is_subject(doc[m.end - 1]))
            if m.label == COMPANY and _introduced(doc[m.end - 1]):
                memory.described.append(m.name)
    return mentions


def _described_name(anaphor: Token) -> int | None:
    """Where the name ends that an apposition describes ("Vexor, the robotics company he
    sold": the company is Vexor, not an anaphor). A subject or possessor after a comma is
    still an anaphor ("In March, the company raised")."""
    doc = anaphor.doc
    start = anaphor.left_edge.i
    if (anaphor.dep_ not in {"nsubj", "nsubjpass", "poss"} and start >= 2
            and doc[start - 1].text == "," and doc[start - 2].pos_ == "PROPN"):
        return start - 2
    return None


def _named_product(doc: Doc, start: int) -> bool:
    """"its chatbot Zephyr", "the assistant Vela": a name after a product noun is a product,
    never a party to a deal."""
    return start > 0 and doc[start - 1].lower_ in PRODUCT_NOUNS


def _business_subjects(doc: Doc, words: frozenset[str], short: set[str] = frozenset()
                       ) -> list[tuple[int, int]]:
    """Capitalised names that open a sentence as the subject of a business verb ("Anduril
    competes with", "Zentrix sued", "Halden has acquired") or with a business apposition
    ("Lovable, a Stockholm startup"): companies, whatever the tagger and NER made of them,
    unless they are common words (without such an apposition, or being the short form of a
    company named before: "Helix" after "Helix Robotics"), places or people's names."""
    found = []
    for sent in doc.sents:
        i = sent.start
        if doc[i].text in _NOT_GIVEN_NAMES or doc[i].text in PRODUCTS:
            continue
        j = i
        while j < sent.end and doc[j].is_alpha and doc[j].text[:1].isupper() and j - i < 4:
            j += 1
        k = j
        while k < sent.end and k - j < 2 and doc[k].lower_ in _BUSINESS_AUX:
            k += 1
        described = j < sent.end and doc[j].text == "," and any(  # "Lovable, a startup"
            c.dep_ == "appos" and c.lower_ in BUSINESS_NOUNS for c in doc[j - 1].children)
        if j == i or not described and (
                k >= sent.end or doc[k].lower_ not in BUSINESS_VERB_FORMS):
            continue
        run = doc[i:j]
        if j - i == 1 and (doc[i].lower_ in NOT_NAMES or (doc[i].pos_ != "PROPN" and (
                not words or doc[i].lower_ in words or doc[i].tag_ == "NNS")
                and not described and doc[i].text not in short)):
            continue  # "Carmakers compete", "Analysts said"
        if any(t.ent_type_ in {"GPE", "LOC", "NORP"} and t.lower_ in words for t in run) \
                or (j - i >= 2 and run[0].ent_type_ == "PERSON" and run[-1].ent_type_
                    == "PERSON" and not _company_shaped(doc, i, j)):
            continue  # "China sued", "Elena Marsh invested"
        found.append((i, j))
    return found


def _split_listed(ent: Span) -> list[Span]:
    """"Halden Courier and Brisk Weekly" as one NER span is two names when the parser
    coordinates them (names joined by "&" stay one: "A&O Shearman")."""
    for tok in ent[1:-1]:
        if tok.lower_ == "and" and ent.doc[tok.i + 1].text[:1].isupper() and (
                tok.dep_ == "cc" or any(c.dep_ == "conj" and c.i > tok.i
                                        for c in ent.doc[tok.i - 1].head.children)):
            left = Span(ent.doc, ent.start, tok.i, label=ent.label_)
            right = Span(ent.doc, tok.i + 1, ent.end, label=ent.label_)
            return [left, *_split_listed(right)]
    return [ent]


def _place_modifier(doc: Doc, end: int) -> bool:
    """"Tampere" in "the Tampere-based company" names a place, not a company."""
    return end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in {
        "based", "headquartered"}


def _is_subject(token: Token) -> bool:
    """Is the last token of a name the subject of its clause (or does the name open its
    sentence, which in news is nearly always the subject)?"""
    if token.dep_ in {"nsubj", "nsubjpass"} or (
            token.dep_ == "conj" and token.head.dep_ in {"nsubj", "nsubjpass"}):
        return True
    first = token
    while first.i > 0 and not first.is_sent_start:
        prev = first.nbor(-1)
        if not (prev.text == "&" or prev.pos_ in {"PROPN", "CCONJ"} and prev.text[:1].isupper()):
            break
        first = prev
    return first.i == 0 or bool(first.is_sent_start)


def _joined_names(tokens: list[Token]) -> list[tuple[int, int]]:
    """Names the tokenizer cuts at a colon: "Run:ai" is three tokens with no space between."""
    found = []
    for tok in tokens[:-2]:
        if tok.whitespace_ or tokens[tok.i + 1].text != ":":
            continue
        colon, tail = tokens[tok.i + 1], tokens[tok.i + 2]
        if tok.text[:1].isupper() and tok.is_alpha and colon.text == ":" \
                and not tok.whitespace_ and not colon.whitespace_ and tail.is_alpha:
            found.append((tok.i, tok.i + 3))
    return found


def _surnames(tokens: list[Token], memory: ArticleMemory, taken: list[bool],
              listed: list[Mention]) -> list[tuple[int, int, str]]:
    """A person's surname alone ("Staniszewski", "De Freitas") after their full name was
    given in the article (or earlier in this chunk), whatever the tagger made of it."""
    full = [name for name, label in memory.seen if label == PERSON]
    full += [m.name for m in listed if m.label == PERSON]
    full += [e.text for e in tokens[0].doc.ents if e.label_ == "PERSON"] if tokens else []
    by_surname: dict[str, str] = {}
    for name in full:
        parts = name.split()
        if len(parts) >= 2:
            by_surname.setdefault(parts[-1], name)
            if len(parts) >= 3:
                by_surname.setdefault(" ".join(parts[-2:]), name)
    if not by_surname:
        return []
    texts = [t.text for t in tokens]
    joined = " ".join(texts)  # a surname only inside its full name needs no look
    by_surname = {k: v for k, v in by_surname.items() if joined.count(k) > joined.count(v)}
    if not by_surname:
        return []

    def capitalised_propn(i: int) -> bool:
        return tokens[i].pos_ == "PROPN" and texts[i][:1].isupper()

    found = []
    i = 0
    while i < len(texts):
        for size in (2, 1):
            if i + size > len(texts):
                continue
            name = by_surname.get(" ".join(texts[i:i + size]))
            if name and not any(taken[i:i + size]) and texts[i][:1].isupper() \
                    and not (i > 0 and capitalised_propn(i - 1)) \
                    and not (i + size < len(texts) and capitalised_propn(i + size)):
                found.append((i, i + size, name))
                i += size - 1
                break
        i += 1
    return found


def _copula_title(token: Token) -> bool:
    """"X is a co-founder of Y", "X was chief executive": the subject holds a title."""
    return token.dep_ == "nsubj" and token.head.lower_ in _TITLE_VERBS and any(
        c.dep_ == "attr" and c.lower_ in TITLE_WORDS for c in token.head.children)


def _apposed_title(doc: Doc, end: int) -> bool:
    """Is the name ending at ``end`` followed by an apposition headed by a job title
    (", Y's chief executive," / ", a former Y executive," / ", its CEO,")?"""
    if end >= len(doc) or doc[end].text != ",":
        return False
    relative = False
    if end + 1 < len(doc) and doc[end + 1].pos_ == "ADP":
        return False  # "hired X, ..., as its president": not an apposition
    for tok in doc[end + 1:end + 10]:
        if tok.lower_ == "who" and tok.i == end + 1:
            relative = True  # "X, who became Y's chief executive,"
            continue
        if relative and tok.lower_ in _TITLE_VERBS:
            continue
        if tok.lower_ in _APPOSITION_STOPS or tok.pos_ in {"VERB", "AUX"}:
            return False
        if tok.lower_ in TITLE_WORDS and tok.pos_ in {"NOUN", "PROPN"}:
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            # ", chief executive Ilona Marsh said": the title is the next name's; "X, its
            # chief executive said": the title is the speaker's, not X's
            return nxt is None or not (nxt.pos_ == "PROPN" and nxt.text[:1].isupper()
                                       or nxt.pos_ in {"VERB", "AUX"})
    return False


def _relabel_by_title(doc: Doc, m: Mention, memory: ArticleMemory, mentions: list[Mention]
                      ) -> None:
    """Job titles tell people from organisations: "X, Y's chief executive" and "chief
    executive X" name a person; "Y's co-founder", "CEO of Y" and "Y chief executive" an
    organisation. Corrects NER and slot guesses, never the entity list."""
    before = doc[m.start - 1] if m.start > 0 else None
    after = doc[m.end] if m.end < len(doc) else None
    co_title = after is not None and after.lower_ == "co" and m.end + 2 < len(doc) \
        and doc[m.end + 2].lower_ in TITLE_WORDS  # "Y co-founder X", not "X co-founded Y"
    titled_after = after is not None and (after.lower_ in TITLE_WORDS | {"chief"} or co_title or (
        after.tag_ == "POS" and any(t.lower_ in TITLE_WORDS for t in doc[m.end + 1:m.end + 4])))
    title_then_comma = before is not None and before.text == "," and m.start >= 2 \
        and doc[m.start - 2].lower_ in TITLE_WORDS  # "Y's founders, X and Z"
    if m.label == COMPANY and m.end - m.start <= 3 and not _company_shaped(
            doc, m.start, m.end) and (
            _apposed_title(doc, m.end) or title_then_comma or _copula_title(doc[m.end - 1]) or (
                before is not None and before.lower_ in TITLE_WORDS and not titled_after)):
        m.label = PERSON
        m.name = _resolve_person(m.name, memory) or m.name
    elif m.label == PERSON and m.origin == "ner" and m.end + 1 < len(doc) \
            and doc[m.end].text == "," and doc[m.end + 1].lower_ == "which":
        m.label = COMPANY  # "Nuvio, which she co-founded": "which" is never a person
        m.name = _resolve_alias(m.name, COMPANY, memory)
    elif m.label == PERSON and m.origin == "ner" and m.end - m.start == 1 and any(
            o.label == COMPANY and o is not m and o.start <= t.i < o.end
            for t in doc[m.start].conjuncts for o in mentions):
        m.label = COMPANY  # "Lexora and Vantrell": a lone name listed with companies
        m.name = _resolve_alias(m.name, COMPANY, memory)
    elif m.label == PERSON and (titled_after or (
            before is not None and before.lower_ in {"of", "at"} and m.start >= 2
            and doc[m.start - 2].lower_ in TITLE_WORDS)):
        m.label = COMPANY
        m.name = _resolve_alias(m.name, COMPANY, memory)


def _is_part_of_longer_name(doc: Doc, start: int, end: int) -> bool:
    """"Scale" in "Scale Venture Partners" is not Scale AI: a list alias that a capitalised
    word extends is only part of an unknown longer name."""
    nxt = doc[end] if end < len(doc) else None
    prev = doc[start - 1] if start > 0 else None
    extends = nxt is not None and nxt.pos_ == "PROPN" and nxt.is_title \
        and nxt.ent_iob_ == "I" and nxt.text not in {"AI"}
    return extends or (prev is not None and prev.ent_iob_ != "O" and doc[start].ent_iob_ == "I"
                       and prev.pos_ == "PROPN" and prev.lower_ not in NOT_NAMES)


def _classify(doc: Doc, start: int, end: int, text: str, ner: str, entities: EntityList,
              memory: ArticleMemory, companies: set[str], words: frozenset[str] = frozenset()
              ) -> tuple[str | None, str, str]:
    """(label, canonical name, origin) for a NER span, or (None, ...) to ignore it. An
    unknown word the NER calls a place is a company when it owns a job title ("Ferrox's
    head of sales", "co-founder of Ferrox") or a business verb acts on it ("sued Ferrox",
    "competes with Ferrox"); real places are words the model knows."""
    known = entities.lookup(text)
    if known:
        return known.label, known.name, "list"
    if EXCHANGE_WORDS.search(text) and ner == "ORG":
        return EXCHANGE, text, "ner"
    company_shaped = _company_shaped(doc, start, end) or _descriptor(doc, start, end) is not None \
        or _business_example(doc[end - 1])
    if text in companies or (text, COMPANY) in memory.seen:  # a company earlier on
        return COMPANY, text, "pattern"
    short = _short_form_of(text, [*companies, *(n for n, lab in memory.seen if lab == COMPANY)])
    if short:  # "Fernwood" after "Fernwood Analytics"
        return COMPANY, short, "pattern"
    if ner == "PERSON" and not company_shaped:
        person = _resolve_person(text, memory)
        if person:
            return PERSON, person, "ner"
        listed = entities.person_by_surname(text) if end - start == 1 else None
        return PERSON, listed or text, "ner"
    if (ner in {"GPE", "NORP", "FAC"} or ner == "ORG" and _listed_among_people(doc, start, end)
            ) and not company_shaped and _coordinated_with_person(doc[end - 1]):
        # "A, B, Yinon Costica and C": one more founder ("Field" after "Dylan Field"); a
        # two-word "organisation" listed with people is one of them ("A and Pratyush Kumar")
        return PERSON, _resolve_person(text, memory) or text, "ner"
    if ner in {"GPE", "NORP", "FAC", "LOC"} and words and (
            _owns_title(doc, start, end) or _business_object(doc[end - 1])) and all(
            t.lower_ not in words for t in doc[start:end] if t.is_alpha):
        return COMPANY, _resolve_alias(text, COMPANY, memory), "pattern"  # "Ferrox's CEO"
    if ner == "FAC" and end - start >= 2 and _argument(doc[end - 1]) \
            and doc[end - 1].dep_ != "pobj":
        return COMPANY, text, "pattern"  # "who founded Cedar Alpha": not a building
    if ner == "ORG" or company_shaped:
        return COMPANY, _resolve_alias(text, COMPANY, memory), "ner" if ner == "ORG" else "pattern"
    return None, text, "ner"


def _business_object(token: Token) -> bool:
    """Is the token what a business verb acts on ("sued Tessellate", "competes with
    Tovana", "invested in A and B")?"""
    node = token
    while node.dep_ == "conj" and node.head != node:
        node = node.head
    if node.dep_ == "pobj" and node.head.lower_ in {"with", "in", "against", "from"}:
        node = node.head
    elif node.dep_ != "dobj":
        return False
    while node.dep_ == "conj" and node.head != node:  # "and with B"
        node = node.head
    return node.head.lower_ in BUSINESS_VERB_FORMS


def _owns_title(doc: Doc, start: int, end: int) -> bool:
    after = doc[end] if end < len(doc) else None
    if after is not None and after.tag_ == "POS":
        return any(t.lower_ in TITLE_WORDS | {"head"} for t in doc[end + 1:end + 4])
    return start >= 2 and doc[start - 1].lower_ in {"of", "at"} \
        and doc[start - 2].lower_ in TITLE_WORDS | {"head"}


def _listed_among_people(doc: Doc, start: int, end: int) -> bool:
    """Is a two- or three-word name listed with people only ("A and Pratyush Kumar"), not in
    a list that names an organisation ("Brindle Post, Tessary Herald and the Talvora Times")?"""
    listed = _listed_with(doc[end - 1])
    return 2 <= end - start <= 3 and start > 0 and doc[start - 1].lower_ != "the" and all(
        t.pos_ == "PROPN" and t.is_title for t in doc[start:end]) and bool(listed) and all(
        t.ent_type_ == "PERSON" for t in listed)


def _listed_with(token: Token) -> list[Token]:
    """The names a name is coordinated with ("A, B and C": the others)."""
    heads = [token.head] if token.dep_ == "conj" else []
    return [*heads, *(t for t in token.conjuncts if t not in heads)]


def _coordinated_with_person(token: Token) -> bool:
    return any(t.ent_type_ == "PERSON" for t in _listed_with(token))


def _resolve_person(text: str, memory: ArticleMemory) -> str | None:
    """A surname alone ("Wang") refers to the person named in full earlier, in a parsed
    sentence or, failing that, anywhere in the article text ("... reporting to Fidji Simo.")."""
    for name, label in reversed(memory.seen):
        if label == PERSON and (name == text or name.split()[-1] == text):
            return name
    if " " in text or not memory.text:
        return None
    for m in re.finditer(r"\b([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?) " + re.escape(text) + r"\b",
                         memory.text):
        words = [w for w in m.group(1).split()
                 if w.lower() not in NOT_NAMES and w not in _NOT_GIVEN_NAMES]
        if words and words[-1] == m.group(1).split()[-1] and len(words) == len(
                m.group(1).split()):
            return f"{m.group(1)} {text}"
    return None


def _resolve_alias(text: str, label: str, memory: ArticleMemory) -> str:
    """Short forms of a name seen earlier in the article ("Scale" -> "Scale AI")."""
    for name, seen_label in reversed(memory.seen):
        if seen_label == label and name != text and (
                name.startswith(text + " ") or name.lower() == text.lower()):
            return name
    return text


def _propn_runs(doc: Doc, taken: list[bool], words: frozenset[str] = frozenset()
                ) -> list[tuple[int, int]]:
    """Maximal runs of untaken proper-noun tokens (or capitalised words the model's
    vocabulary does not know): candidate names the NER missed."""
    def name_like(tok: Token) -> bool:
        return tok.text[:1].isupper() and tok.tag_ != "POS" and (tok.pos_ == "PROPN" or (
            bool(words) and tok.is_alpha and len(tok) > 2 and tok.lower_ not in words))

    runs = []
    i = 0
    while i < len(doc):
        if taken[i] or not name_like(doc[i]):
            i += 1
            continue
        j = i
        while j < len(doc) and not taken[j] and name_like(doc[j]):
            j += 1
        runs.append((i, j))
        i = j
    return runs


def _business_example(tok: Token) -> bool:
    """Is a name given as an example of businesses ("vendors such as Zendesk", "rivals
    including A and B")?"""
    while tok.dep_ == "conj" and tok.head != tok:
        tok = tok.head
    if tok.dep_ != "pobj" or tok.head.lower_ not in {"as", "including", "like"}:
        return False
    noun = tok.head.head
    return noun.lower_ == "companies" or (noun.lower_.endswith("s")
                                          and noun.lower_[:-1] in BUSINESS_NOUNS)


def _descriptor(doc: Doc, start: int, end: int) -> str | None:
    """The business noun that describes a name: "X, a ... startup", "startup X", "X's CEO"."""
    head = doc[end - 1]
    for child in head.children:  # X, a data-labeling startup
        if child.dep_ == "appos" and child.lower_ in BUSINESS_NOUNS:
            return _kind_of(child)
    if head.dep_ == "appos" and head.head.lower_ in BUSINESS_NOUNS:  # the startup, X
        return _kind_of(head.head)
    prev = doc[start - 1] if start > 0 else None
    if prev is not None and prev.lower_ in BUSINESS_NOUNS and prev.pos_ in {
            "NOUN", "PROPN", "VERB"}:  # the tagger may call "startup" a verb
        return _kind_of(prev)  # startup X, rival X
    nxt = doc[end] if end < len(doc) else None
    if nxt is not None and nxt.tag_ == "POS" and end + 1 < len(doc) \
            and doc[end + 1].lower_ in POSSESSED_BUSINESS_NOUNS:
        return "company"
    return _apposed_noun(doc, end)


def _apposed_noun(doc: Doc, end: int) -> str | None:
    """The business noun of an apposition the parser missed ("Krutrim, the artificial
    intelligence venture started ...", parsed as a new clause): read off the surface, a
    comma, an article and a few modifiers before the noun."""
    if end + 2 >= len(doc) or doc[end].text != "," or doc[end + 1].lower_ not in {
            "a", "an", "the"}:
        return None
    for tok in doc[end + 2:end + 7]:
        if tok.lower_ in BUSINESS_NOUNS:
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            return None if nxt is not None and nxt.tag_ == "POS" else _kind_of(tok)
        if tok.pos_ not in {"ADJ", "NOUN", "PROPN", "PUNCT"} or tok.text in {",", "."}:
            return None
    return None


def _argument(token: Token) -> bool:
    """A proper noun in a subject, object or possessor slot: an organisation the model did
    not tag (in business news, unnamed-by-NER proper nouns in these slots are companies)."""
    if token.text in PRODUCTS:
        return False
    return token.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj", "poss", "conj", "appos"}


def _kind_of(noun: Token) -> str:
    word = noun.lower_
    if word in {"startup", "start-up", "unicorn"}:
        return "startup"
    if word == "giant":
        return "tech giant"
    return word


def _company_shaped(doc: Doc, start: int, end: int) -> bool:
    return end - start >= 2 and doc[end - 1].lower_ in COMPANY_SUFFIXES


def _definite(token: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)


def resolve_anaphor(token: Token, mentions: list[Mention], memory: ArticleMemory
                    ) -> str | None:
    """The company "the company"/"the startup" refers to: the most recent fitting one.

    Within the sentence, the subject of the same clause is skipped ("Google reassesses its
    ties with the startup" is not about Google); kinds from the list or from descriptions
    ("X, a startup") are preferred when the anaphor names one.
    """
    wanted = set(ANAPHORS.get(token.lower_, ()))
    sent = token.sent
    clause = _clause_of(token)  # a company named later in the anaphor's own clause is not it
    excluded = {m.name for m in mentions if token.i < m.start < sent.end
                and _clause_of(token.doc[m.start]) == clause and token.dep_ != "poss"}
    excluded |= {m.name for m in mentions if sent.start <= m.start < token.i
                 and is_clause_subject(phrase_head(token.doc[m.end - 1]), token)}
    here = [m.name for m in sorted(mentions, key=lambda m: -m.start)
            if sent.start <= m.start and m.end <= token.i and m.label == COMPANY
            and m.name not in excluded and not _describes_another(token.doc[m.end - 1])]
    candidates = [n for n in dict.fromkeys(here + _ranked_earlier(token, mentions, memory))
                  if n not in excluded and n not in PRODUCTS]
    described = _description_words(token)
    # the companies the article introduced with a description, last first
    introduced = [n for n in reversed(memory.described + [
        m.name for m in sorted(mentions, key=lambda m: m.start)
        if m.end <= token.i and m.label == COMPANY and _introduced(token.doc[m.end - 1])])
        if n in candidates]
    if described:  # "the Helsinki-based company": the company the article describes so
        fitting = [n for n in candidates
                   if _description_distance(n, described, memory.text, sent.text) is not None]
        if fitting or introduced:
            return (fitting or introduced)[0]
    elif token.head.lower_ in _ORIGIN_VERBS and not here and introduced:
        return introduced[0]  # "Amazon buys Zoox, a startup ... The company was founded"
    if wanted:  # "the startup" is not a company known to be something else (a tech giant)
        fitting_here = [n for n in here if memory.kinds.get(n, set()) & wanted]
        if fitting_here:
            return fitting_here[0]
        first = ANAPHORS[token.lower_][0]  # "the startup": a company known as one first
        candidates = [n for n in candidates if first in memory.kinds.get(n, set())] or [
            n for n in candidates if (not memory.kinds.get(n, set()) - GENERIC_KINDS
                                      or memory.kinds[n] & wanted) and not _fund_name(n)]
    return candidates[0] if candidates else None


_FUND_WORDS = {"ventures", "capital", "partners", "fund", "investments", "holdings"}


def _fund_name(name: str) -> bool:
    """Is a name shaped like an investor's ("Kestrel Ventures", "Halden Capital")? Such a
    name is no "startup" or "lab"."""
    return name.split()[-1].lower() in _FUND_WORDS


def _describes_another(token: Token) -> bool:
    """Is a name the possessor in an apposition ("Mobileye, Intel's chip unit"), there only
    to describe the company named before it?"""
    return token.dep_ == "poss" and token.head.dep_ == "appos"


def _introduced(token: Token) -> bool:
    """Is a name introduced as an operating business ("X, a Dublin-based developer"; not
    "X, a fund")? Read from the parse, or by position when the parser broke the apposition.
    """
    nouns = [c.lower_ for c in token.children if c.dep_ == "appos"]
    doc = token.doc
    after = doc[token.i + 1:token.i + 9]
    if len(after) >= 3 and after[0].text == "," and after[1].lower_ in {"a", "an", "the"}:
        for tok in after[2:]:
            if tok.is_punct or tok.pos_ in {"VERB", "AUX", "PRON"}:
                break
            nouns.append(tok.lower_)
    found = [n for n in nouns if n in BUSINESS_NOUNS]
    return bool(found) and found[0] not in INVESTOR_NOUNS


def phrase_head(token: Token) -> Token:
    """The head of the noun phrase a name is listed in ("publishers including A and B") or
    that describes a name by it ("A, the owner of B")."""
    node = token
    while node.head != node:
        if node.dep_ in {"conj", "appos"}:
            node = node.head
        elif node.dep_ == "pobj" and node.head.lower_ in {"including", "as", "like"}:
            node = node.head.head  # the noun the example list belongs to
            node = node.head if node.lower_ == "such" else node
        elif node.dep_ == "pobj" and node.head.lower_ == "of" \
                and node.head.head.dep_ == "appos":
            node = node.head.head  # "A, the owner of B": B is within A's phrase
        else:
            break
    return node


def _description_words(anaphor: Token) -> set[str]:
    """Content words that describe an anaphor's referent ("the Helsinki-based company" ->
    helsinki; "the British chip designer" -> british, chip)."""
    words = set()
    for child in anaphor.children:
        if child.dep_ in {"amod", "compound", "nmod"} and child.i < anaphor.i:
            words |= {w for t in child.subtree for w in re.split(r"[-\s]", t.lower_)
                      if len(w) > 2 and w not in _VAGUE_MODIFIERS}  # Helsinki - based
    return words


def _description_distance(name: str, words: set[str], text: str, own: str) -> int | None:
    """How close the article describes ``name`` with one of ``words`` outside the anaphor's
    own sentence: in an apposition ("Silo AI, a Helsinki-based lab") or just before the name
    ("Helsinki-based Silo AI"); None when it never does."""
    text = text.replace(own, " ")
    key = re.escape(name.split()[0])
    best = None
    for w in words:
        word = rf"\b{re.escape(w)}"
        for pattern in (rf"\b{key}\b[^,.;]*?, ([^,.;]{{0,60}}?){word}",
                        rf"{word}[\w-]*((?: [\w-]+){{0,3}}) {key}\b",
                        rf"\b{key}\b[^,.;]{{0,20}}? (?:is|was) ([^,.;]{{0,60}}?){word}"):
            for m in re.finditer(pattern, text, re.IGNORECASE):
                if best is None or len(m.group(1)) < best:
                    best = len(m.group(1))
    return best


def _clause_of(token: Token) -> Token:
    """The verb that heads the (conjoined) clause a token is in."""
    node = token
    while node.head != node and node.pos_ not in {"VERB", "AUX"}:
        node = node.head
    while node.dep_ == "conj" and node.head != node:
        node = node.head
    return node


def _short_form_of(text: str, companies: list[str]) -> str | None:
    """The full name a short form stands for: "Figure" -> "Figure AI" when "Figure AI" was
    named before (the rest of the name must be a corporate suffix)."""
    for name in reversed(companies):
        rest = name[len(text):].strip().lower() if name.startswith(text + " ") else ""
        if rest and all(w in COMPANY_SUFFIXES for w in rest.split()):
            return name
    return None


def _pronoun_referent(pronoun: Token, mentions: list[Mention], memory: ArticleMemory
                      ) -> str | None:
    """What "it" / "he" / "she" stands for: the last subject of that kind earlier in the
    sentence, else the last one of that kind in the sentence, else (it) the company the
    article is about or (he, she) the person named last."""
    label = PRONOUN_LABELS[pronoun.lower_]
    here = [m for m in mentions if pronoun.sent.start <= m.start and m.end <= pronoun.i
            and m.label == label]
    subjects = [m for m in here if _is_subject(pronoun.doc[m.end - 1])]
    if subjects or here:
        return max(subjects or here, key=lambda m: m.start).name
    if label == COMPANY:
        return _salient_company(pronoun, mentions, memory)
    earlier = [m.name for m in sorted(mentions, key=lambda m: m.start)
               if m.end <= pronoun.sent.start and m.label == PERSON]
    earlier = [n for n, lab in memory.seen if lab == PERSON] + earlier
    return earlier[-1] if earlier else None


def _possessor(pronoun: Token, mentions: list[Mention], memory: ArticleMemory) -> str | None:
    """The company "its" stands for before a title: the subject of its clause when that is a
    company ("X hired Y as its CTO"), else the nearest company before it in the sentence
    ("Y, who founded X and serves as its CEO"), else the company the article is about."""
    by_token = {i: m for m in mentions for i in range(m.start, m.end)}
    node = pronoun.head
    while node.head != node and node.pos_ not in {"VERB", "AUX"}:
        node = node.head
    for child in node.children:
        m = by_token.get(child.i)
        if child.dep_ in {"nsubj", "nsubjpass"} and m is not None and m.label == COMPANY:
            return m.name
    here = [m for m in mentions if pronoun.sent.start <= m.start and m.end <= pronoun.i
            and m.label == COMPANY]
    if here:
        return max(here, key=lambda m: m.start).name
    subjects = [m for m in mentions if m.end <= pronoun.sent.start and m.label == COMPANY
                and _is_subject(pronoun.doc[m.end - 1])]
    if subjects:  # "Y was founded by ... . X, its chief executive": the last subject
        return max(subjects, key=lambda m: m.start).name
    return _salient_company(pronoun, mentions, memory)


def _salient_company(token: Token, mentions: list[Mention], memory: ArticleMemory
                     ) -> str | None:
    ranked = _ranked_earlier(token, mentions, memory)
    return ranked[0] if ranked else None


def _ranked_earlier(token: Token, mentions: list[Mention], memory: ArticleMemory
                    ) -> list[str]:
    """Companies named before the sentence of ``token``, the one the article is about
    first: most mentioned (subjects count twice), then most recent."""
    sent_start = token.sent.start
    salience = dict(memory.salience)
    earlier = [n for n, label in memory.seen if label == COMPANY]
    for m in sorted(mentions, key=lambda m: m.start):  # this chunk is not in the memory yet
        if m.end <= sent_start and m.label == COMPANY and m.origin != "coref":
            earlier.append(m.name)
            salience[m.name] = salience.get(m.name, 0.0) + (
                2.0 if _is_subject(token.doc[m.end - 1]) else 1.0)
    recency = {n: i for i, n in enumerate(earlier)}
    if earlier:  # the first company of an article is usually what it is about
        salience[earlier[0]] = salience.get(earlier[0], 0.0) + 1.0
    return sorted(recency, key=lambda n: (-salience.get(n, 0.0), -recency[n]))


def is_clause_subject(candidate: Token, anaphor: Token) -> bool:
    """Is the candidate the subject, object or possessor of a word governing the anaphor in
    its clause ("Meta's acquisition of a stake in the company" is not about Meta)?"""
    if candidate.dep_ not in {"nsubj", "nsubjpass", "dobj", "poss"}:
        return False
    verb = candidate.head
    node = anaphor
    while node.head != node:
        if node.dep_ == "relcl" and node.head == candidate:
            return True  # "Nvidia, which owned a stake in the cloud provider"
        if node.dep_ in {"conj", "ccomp", "advcl", "relcl", "parataxis"}:
            return False
        node = node.head
        if node == verb:
            return True
    return False
