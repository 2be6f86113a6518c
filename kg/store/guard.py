"""What a user's Cypher may reach: the clauses and procedures that read or write files.

Neither engine can switch file access off per query (LadybugDB has no setting for it, and a
user's own Neo4j may allow LOAD CSV and APOC's file procedures), so ``kg query`` looks for
them in the query's text before the engine sees it: the engine would open a file already
while planning (LadybugDB reads a file's header to bind LOAD FROM). String literals and
comments are blanked first, so a name or a sentence that merely mentions LOAD FROM passes;
backquoted names keep their text, so `` `apoc`.`load`.json `` is still seen. Procedures that
run Cypher passed as a string are refused too: what such a string does cannot be read here.
No Python Cypher parser knows both dialects (LadybugDB's COPY, LOAD FROM and extensions are
its own), so this is a small lexical check that errs on the side of refusing.
"""

from __future__ import annotations

import re

from kg.store import cypher

# strings ('...' and "..." with backslash escapes), comments, and `quoted names`
_LEXEMES = re.compile(r"""'(?:[^'\\]|\\.)*'?|"(?:[^"\\]|\\.)*"?|//[^\n]*|/\*.*?(?:\*/|\Z)"""
                      r"|`((?:[^`]|``)*)`?", re.DOTALL)
_STATEMENT = r"(?:^|;)\s*(?:(?:EXPLAIN|PROFILE)\s+)?"  # where a statement starts

_RULES: dict[str, tuple[tuple[str, str], ...]] = {
    cypher.LADYBUG: (
        (r"\bLOAD\s+(?:FROM|WITH\s+HEADERS)\b", "LOAD FROM reads files"),
        (_STATEMENT + r"COPY\b", "COPY reads or writes files"),
        (_STATEMENT + r"(?:EXPORT|IMPORT)\s+DATABASE\b",
         "EXPORT/IMPORT DATABASE write or read files"),
        (_STATEMENT + r"(?:(?:UN)?INSTALL\b|LOAD\s+(?!FROM\b|WITH\b))",
         "extensions are files (and downloads)"),
        (_STATEMENT + r"ATTACH\b", "ATTACH opens another database file"),
        (r"\b(?:READ_\w+|FILE_INFO)\s*\(", "the READ_* and FILE_INFO functions read files"),
        (r"\bPROJECT_GRAPH_CYPHER\s*\(", "PROJECT_GRAPH_CYPHER runs Cypher given as a string"),
    ),
    cypher.NEO4J: (
        (r"\bLOAD\s+CSV\b", "LOAD CSV reads files and URLs"),
        (r"\bapoc\s*\.\s*(?:load|import|export|log)\b",
         "apoc.load/import/export/log read or write files and URLs"),
        (r"\bapoc\s*\.\s*(?:cypher|periodic|do|when|case|custom|trigger|systemdb)\b",
         "these APOC procedures run Cypher given as a string"),
        (r"\bgds\s*\.[\w\s.]*?\b(?:export|import|cypher)\b",
         "GDS export/import procedures write or read files, and .cypher ones run strings"),
    ),
}


def code(query: str) -> str:
    """``query`` with string literals blanked to '' and comments to a space."""
    def blank(match: re.Match[str]) -> str:
        if match.group(1) is not None:  # a `quoted name`: keep the name
            return match.group(1).replace("``", "`")
        return " " if match.group(0)[0] == "/" else "''"

    return _LEXEMES.sub(blank, query)


def file_access(query: str, dialect: str) -> str | None:
    """What in ``query`` reaches files (or runs Cypher hidden in a string) on ``dialect``, or
    None when nothing does."""
    text = code(query)
    for pattern, why in _RULES[dialect]:
        if re.search(pattern, text, re.IGNORECASE):
            return why
    return None
