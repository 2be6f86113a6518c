"""Status of a reported fact from modality, negation and event words around its trigger.

"plans to" -> planned, "is set to" -> planned, "expected to" -> expected, "reportedly" ->
rumored, "denied a report" -> denied, "will not take a stake" -> no fact, "held early talks
... no agreement" -> in_talks, "ended" -> ended, "suspending"/"reconsidering" -> paused,
"withdrew" -> withdrawn. Cues are read only from the trigger's own clause chain (the trigger,
the verbs it is an argument of, their auxiliaries, negations and adverbs), so "Google plans
to end ties, following Meta's acquisition of a stake" does not make the acquisition planned.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.schema import RELATION_TYPES

CUES: dict[str, str] = {}
for _status, _words in {
    "denied": "deny denies denied denying dismiss dismissed refute refuted reject rejected",
    "withdrawn": "withdraw withdrew withdrawn withdrawing withdrawal pull pulled shelve shelved",
    "cancelled": "cancel cancelled canceled scrap scrapped abandon abandoned collapse collapsed "
                 "block blocked fail failed failure call called terminate terminated drop "
                 "dropped kill killed",
    "ended": "end ends ended ending sever severed severing cut cutting exit exited quit "
             "terminate terminating wind discontinue discontinued",
    "paused": "pause paused pausing suspend suspended suspending reconsider reconsidering "
              "reassess reassessing halt halted freeze froze frozen review reviewing",
    "pending": "pending approval awaiting subject",
    "in_talks": "talk talks negotiate negotiating negotiation negotiations discuss discussing "
                "discussion discussions explore exploring consider considering weigh weighing "
                "mull mulling",
    "rumored": "reportedly report reported reports rumor rumored rumour rumoured allegedly "
               "sources",
    "expected": "expect expected expects likely poised anticipate anticipated could may might",
    "planned": "plan plans planned planning intend intends intended aim aims seek seeks "
               "prepare prepares preparing set will would 'll going want wants look looking "
               "eye eyes eyeing",
    "announced": "announce announced announces agree agreed agrees sign signed",
    "completed": "complete completed completes close closed finalize finalized finalise "
                 "finalised",
    "former": "former formerly previously ex once",
}.items():
    for _w in _words.split():
        CUES.setdefault(_w, _status)

PRIORITY = ["denied", "withdrawn", "cancelled", "ended", "paused", "pending", "in_talks",
            "rumored", "expected", "planned", "announced", "completed", "former", "active"]
# Statuses a type does not have, mapped to the nearest one it has (None: drop the fact).
FALLBACK = {"cancelled": ("ended", "withdrawn"), "withdrawn": ("cancelled", "ended"),
            "ended": ("cancelled", "former"), "paused": ("in_talks", "active"),
            "in_talks": ("planned",), "rumored": ("expected", "planned"),
            "expected": ("planned",), "pending": ("announced", "planned"),
            "announced": ("completed", "active", "planned"), "former": ("ended",),
            "completed": ("active",), "planned": ("expected",), "active": ("completed",),
            "denied": ()}
_ADJUNCT_PREPS = {"following", "after", "amid", "despite", "since", "before", "during", "as",
                  "like", "because", "while", "than", "unlike", "with", "by"}
_BOUNDARY = {"advcl", "relcl", "acl", "parataxis", "conj", "appos", "npadvmod"}
_NEGATIONS = {"not", "n't", "never", "no"}
MODALS = {"may", "might", "could", "would", "will", "'ll", "can"}


def chain(trigger: Token) -> list[Token]:
    """The trigger and the words whose modality covers it, stopping at adjuncts and clauses."""
    tokens = [trigger]
    node = trigger
    while node.head != node:
        cue_noun = node.dep_ == "acl" and node.head.lower_ in CUES  # talks/plans/a report to
        purpose = node.dep_ == "advcl" and any(  # "will leave in June to become CEO"
            c.dep_ == "aux" and c.lower_ == "to" for c in node.children)
        if (node.dep_ in _BOUNDARY and not cue_noun and not purpose) or (
                node.dep_ == "prep" and node.lower_ in _ADJUNCT_PREPS):
            break
        if node.dep_ == "pobj" and node.head.lower_ in _ADJUNCT_PREPS:
            break
        if node.dep_ == "ccomp" and node.i < node.head.i and any(
                t.text == ";" for t in node.doc[node.i:node.head.i]):
            break  # "X sued Y; Y denied the claims": two statements, not a report
        node = node.head
        tokens.append(node)
    for tok in list(tokens):
        tokens.extend(c for c in tok.children if c.dep_ in {
            "aux", "auxpass", "neg", "advmod", "amod", "det", "acomp", "npadvmod"})
    return tokens


def status(trigger: Token, rel_type: str, default: str, sentence: Span) -> str | None:
    """The status of a fact triggered by ``trigger``; None when the text says it is not so."""
    words = chain(trigger)
    found = {CUES[w.lower_] for w in words if w.lower_ in CUES and w != trigger and _cue(w)}
    own = CUES.get(trigger.lower_)
    if own in {"ended", "paused", "withdrawn", "cancelled", "former"}:
        found.add(own)
    if _no_agreement(words, sentence):
        found.add("in_talks")
    if any(w.lower_ in _NEGATIONS and w.dep_ in {"neg", "det"} for w in words) \
            and "denied" not in found:
        return None  # "is not acquiring", "will not take a stake": not a fact
    if "denied" in found or "in_talks" in found:
        found.discard("completed")
    chosen = next((s for s in PRIORITY if s in found), default)
    return fit(chosen, rel_type)


def _cue(word: Token) -> bool:
    """Is a cue word used as one? "May" the month is no modal, and "reported profits" is
    no rumour: a reporting verb is a cue only when it reports a clause ("reported that",
    "is reported to") rather than a thing."""
    if word.lower_ in MODALS:
        return word.tag_ == "MD"
    if word.pos_ == "VERB" and word.lower_ in {"report", "reported", "reports"}:
        return word.dep_ in {"ccomp", "xcomp"} or any(
            c.dep_ in {"ccomp", "xcomp", "auxpass", "nsubjpass"} for c in word.children)
    return True


def _no_agreement(words: list[Token], sentence: Span) -> bool:
    """"held talks ..., but no agreement was reached": the failed agreement covers the
    clause it is in and the one it is joined to, not every clause of the sentence ("and
    then went on to invest in Y instead")."""
    for tok in sentence:
        failed = tok.lower_ in {"agreement", "deal", "accord"} and any(
            c.dep_ in {"det", "neg"} and c.lower_ == "no" for c in tok.children)
        failed = failed or (tok.lower_ == "reached" and any(c.dep_ == "neg"
                                                            for c in tok.children))
        if not failed:
            continue
        verb = tok
        while verb.head != verb and verb.pos_ not in {"VERB", "AUX"}:
            verb = verb.head
        covered = {verb, verb.head} if verb.dep_ == "conj" else {verb}
        if any(w in covered for w in words):
            return True
    return False


def fit(chosen: str, rel_type: str) -> str | None:
    allowed = RELATION_TYPES[rel_type].statuses
    if chosen in allowed:
        return chosen
    return next((s for s in FALLBACK.get(chosen, ()) if s in allowed), None)


def stronger(a: str | None, b: str | None) -> str | None:
    """The more informative of two statuses for the same fact (ended beats active)."""
    if a is None or b is None:
        return a or b
    return a if PRIORITY.index(a) <= PRIORITY.index(b) else b
