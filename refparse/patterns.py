"""The vocabulary of reference strings as regular-expression pieces, each written once.

Every stage that reads a reference at the character level (features, the fallback parser, the corrections,
the normalisers, the corpus harmonisation and the harness) takes its year pattern, quote and bracket pairs,
cue words and identifier patterns from here. Single-token word classes for the model's features (months,
publisher and venue words, the same cue words as tokens) live in :mod:`refparse.lexicon`; the patterns here
are the multi-character forms those cues take in running text ("(Hrsg.)", "pp.", "Zugriff am").

The pieces are strings (alternations without anchors), so that each user can set them in the context it
needs: a cue at the end of a span, after the names, before a number.
"""

from __future__ import annotations

import re

# ----------------------------------------------------------------------------------------------------------
# Characters

#: Upper-case letters of the Latin, Greek and Cyrillic blocks, escaped for a character class (``re`` has no
#: ``\p{Lu}``).
UPPER_CHARS = "".join(re.escape(c) for c in map(chr, range(0x41, 0x530)) if c.isupper() and len(c.lower()) == 1)
UP = f"[{UPPER_CHARS}]"
LETTER = r"[^\W\d_]"

#: Opening quote -> the quote that closes it. "»Titel«" (German) and "”Titel”" (Swedish) are both in use.
QUOTE_PAIRS: dict[str, str] = {
    '"': '"', "'": "'", "“": "”", "„": "“", "‘": "’", "‚": "‘", "«": "»", "»": "«", "”": "”", "‹": "›", "›": "‹",
}
#: Quotes that open and close alike: whether one opens or closes is a matter of counting.
SAME_QUOTES = frozenset({'"', "'"})
#: The quote characters the model's features and the value clean-up know (the typographic ones in common use).
QUOTE_CHARS = frozenset("\"'“”‘’„«»")
#: Opening bracket -> closing bracket.
BRACKET_PAIRS: dict[str, str] = {"(": ")", "[": "]", "{": "}", "<": ">"}

# ----------------------------------------------------------------------------------------------------------
# Dates

#: A plausible year of publication, 1500-2099, as text.
YEAR = r"(?:1[5-9]\d\d|20\d\d)"
#: A year standing alone (not inside a longer number).
YEAR_ALONE = re.compile(rf"(?<!\d)({YEAR})(?!\d)")

#: Words that say a date is when a web page was read, not when the work appeared ("accessed", "Zugriff am",
#: "Stand:", "consulté le", "citado em"), with the colon and space after them.
ACCESS_WORDS = r"(?:%s)\s?:?\s*" % "|".join((
    r"(?:last\s|date\s)?(?:accessed|retrieved|retr\.|viewed|visited|cited|consulted|downloaded)(?:\s(?:on|at))?",
    r"(?:letzter\s|zuletzt\s)?(?:Zugriff?|Zugang|abgerufen|aufgerufen|eingesehen|Abruf|Aufruf|Abrufdatum|Stand)"
    r"(?:\s(?:am|vom))?",
    r"consulté(?:\sle)?",
    r"(?:consultado|citado|acesso)(?:\s(?:el|em))?",
    r"(?:accesso|visitato)(?:\sil)?",
    r"date(?=\s?:)",
))

# ----------------------------------------------------------------------------------------------------------
# Cue words (case-insensitive alternations)

#: Editor cues as they stand after the names, in brackets or after a comma: "(Hrsg.)", "(eds)", "(dir.)".
EDITOR_WORDS = r"eds?|edd|editors?|hrsg|hgg?|dir|coord|éds?"
#: Italian editor cues: "(a cura di)", "(a c. di)".
EDITOR_WORDS_IT = r"a\.?\s?c\.\s?di|a cura di"
#: Volume cues before the number: "vol. 3", "Bd. 2", "Jg. 19", "tome 4".
VOLUME_WORDS = r"vol|vols|volume|Bd|Band|Jg|Jahrgang|tome|t"
#: Issue cues before the number: "no. 2", "Heft 3", "fasc. 1".
ISSUE_WORDS = r"no|nos|number|nr|num|issue|iss|Heft|H|fasc|n"
#: Page cues before the number: "pp. 3-9", "S. 45", "p. 12".
PAGES_WORDS = r"pp|pages|page|pg|S|Seiten|p|pag"
#: Edition cues after the number: "2nd ed.", "3. Aufl.", "2e éd.".
EDITION_WORDS = r"ed|edn|edition|Aufl|éd"
#: "In" before a container, in the forms styles print it: "In:", "in", "IN:".
IN_CUE = r"(?:In|in|IN)\s?:\s?|(?:In|in)\s(?=\S)"

#: Lower-case words that belong to a person's name ("van der Berg", "da Silva", "bin Laden"), lower case.
NAME_PARTICLES = frozenset(
    "van von der den de del della di da dos das du la le ten ter te zu vom y bin ibn al el st".split())

#: Words after which a full stop ends no sentence (abbreviations common inside titles and venues), lower case.
ABBREVIATIONS = frozenset(
    "vs al eds ed dr mr mrs ms st no nos vol vols pp jr sr inc co ltd dept univ proc conf int j rev phys "
    "chem lett soc sci am natl acad trans eng med biol res math stat appl comput engl ann bull hrsg hg fig "
    "e.g i.e etc jg bd nr".split()
)

# ----------------------------------------------------------------------------------------------------------
# Identifiers, as they stand in a reference

#: A URL, also as PDF extraction and hand typing may leave it: a space after the scheme ("http:// dx.doi.org/…"),
#: the colon lost ("http //dx.doi.org/…"), "Www." at a sentence start.
URL = re.compile(r"\b(?:(?:https?|ftp)(?::\s?|\s)//\s?(?=\S)|www\.)\S+", re.I)
#: Where a URL begins (for a token or a value that starts with one).
URL_START = r"(?:https?://|ftp://|www\.)"
#: A DOI's prefix with an optional resolver before it, for a token that starts a DOI.
DOI_START = r"(?:https?://(?:dx\.)?doi\.org/)?10\.\d{4,9}/"
#: A DOI, also as PDF extraction may leave it: a space after "10." or around the slash ("10. 1016/j.x"); the
#: separator has to be followed by the rest of the DOI, so "vol. 10. 1234" is no DOI.
DOI = re.compile(r"(?<![\w.])10\.\s?\d{4,9}\s?/\s?[^\s,;]\S*")
#: An old-style arXiv id without its cue: archive, subject class, year, month and number ("hep-ph/9706210").
ARXIV_OLD_STYLE_ARCHIVES = ("hep-", "astro-", "cond-", "gr-", "math-", "nucl-", "quant-")
ARXIV_OLD_STYLE = rf"(?:{'|'.join(a[:-1] for a in ARXIV_OLD_STYLE_ARCHIVES)})-[a-z]{{2}}(?:\.[A-Z]{{2}})?/\d{{7}}"
#: arXiv ids (new and old style) and PubMed ids with their cue.
ARXIV_OR_PUBMED = re.compile(
    r"\barXiv\s?:\s?(?:\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?(?:\s?\[[\w\-.]+\])?"
    rf"|\b{ARXIV_OLD_STYLE}"
    r"|\b(?:PMID|PMCID|PMC)\s?:?\s?(?:PMC){0,2}\d{5,9}",
    re.I,
)
#: A new-style arXiv id without its cue but with its category after it: "1706.03762 [cs.CL]".
ARXIV_WITH_CATEGORY = re.compile(r"(?<![\d.])\d{4}\.\d{4,5}(?:v\d+)?\s?\[[a-z\-]+(?:\.[A-Za-z\-]+)?\]")
#: An ISBN after its cue; group 1 is the number.
ISBN = re.compile(r"\bISBN(?:-1[03])?\s?:?\s?((?:97[89][\s-]?)?\d[\d\s-]{7,15}[\dXx])")
#: An ISBN-13 without its cue, in its hyphenated form (prefix, group, publisher, title, check digit).
ISBN13_HYPHENATED = re.compile(r"(?<![\d-])97[89]-\d{1,5}-\d{1,7}-\d{1,7}-[\dXx](?![\d-])")
#: An ISSN after its cue; group 1 is the number.
ISSN = re.compile(r"\b(?:e-?|p-?)?ISSN\s?:?\s?(\d{4}-?\d{3}[\dXx])\b", re.I)

#: Confidence given to a field that a near-certain pattern found (identifier, citation number or key).
ANCHOR_CONFIDENCE = 0.95

#: A run of whitespace (normalisers write it as one space).
SPACES = re.compile(r"\s+")
