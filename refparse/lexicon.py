"""Small closed word lists behind one lookup: cue words, months, and words typical of venues and publishers.

Keys are normalised by :func:`key` (lowercase, accents stripped) both here and at lookup, so "Hrsg" and
"hrsg", "éd" and "ed" meet. Entries are single tokens of :func:`refparse.tokenize.tokenize` (no punctuation
inside, no phrases: "new" of "New York" would mark every "new"). Changing a list changes the features: bump
``FEATURES_VERSION`` and retrain. Every list is written out by hand from general knowledge of citation styles;
none is taken from a data set. One table beside them is counted from data: :func:`field_class`, the field a
word is typical of in real metadata records (built by training/build_field_words.py).

:data:`OTHER_LANGUAGES` adds the German, French, Spanish, Italian and Portuguese forms to the classes, so that
what the model learns from "Retrieved", "Press" or "London" in its mostly English training data carries over to
"abgerufen", "Verlag" or "Opladen". The splitter reads the classes without them (:func:`classes_of` with
``other_languages=False``): it was trained so, and retrained with them it found fewer boundaries in GROBID's
reference sections (F1 0.955 against 0.963).
"""

from __future__ import annotations

import gzip
import hashlib
import unicodedata
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=100_000)
def key(word: str) -> str:
    """Lowercase ``word`` and strip its accents, the form every list below is stored in."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _words(text: str) -> frozenset[str]:
    return frozenset(key(w) for w in text.split())


# Class name -> words; a word may be in several classes.
CLASSES: dict[str, frozenset[str]] = {
    "month": _words(
        "january february march april may june july august september october november december "
        "jan feb mar apr jun jul aug sep sept oct nov dec "
        "januar februar märz mai juni juli oktober dezember janvier février mars avril juin juillet août "
        "septembre octobre novembre décembre enero febrero marzo abril mayo junio julio agosto septiembre "
        "octubre noviembre diciembre gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre "
        "spring summer autumn fall winter"
    ),
    "in": _words("in im dans en"),
    "and": _words("and und et y e & with mit"),
    "etal": _words("et al etal ua"),
    "pages": _words("pp p pages page pg s seiten seite pag págs pág"),
    "volume": _words("vol vols volume volumes bd band jg jahrgang tome t tomo v"),
    "issue": _words("no nos number nr num núm issue iss heft h fasc n"),
    "editor": _words("ed eds editor editors edited hrsg hg hgg herausgegeben éd éds dir coord cura"),
    "translator": _words("trans transl translated translator übers übersetzt trad traduit traducción"),
    "edition": _words("edition edn ed aufl auflage éd édition edición edizione rev revised"),
    "ordinal": _words("st nd rd th er e ème eme"),
    "by": _words("by von par por da"),
    "thesis": _words(
        "thesis dissertation phd diss doctoral master masters msc habilitation diplomarbeit "
        "doktorarbeit thèse tesis tesi"
    ),
    "report": _words("report technical tech rep memo memorandum working paper preprint draft manuscript"),
    "venue": _words(
        "journal j proceedings proc conference conf symposium workshop transactions trans review rev letters "
        "lett annals ann bulletin bull quarterly magazine acta zeitschrift zeitschr revue rivista revista "
        "international int national natl advances adv research res studies science sciences sci society soc "
        "communications commun meeting congress colloquium annual"
    ),
    "publisher": _words(
        "press university univ publishers publisher publishing publications books verlag editions éditions "
        "editorial inc ltd llc co gmbh ag company wiley springer elsevier routledge sage academic mit oxford "
        "cambridge mcgraw blackwell pearson kluwer pergamon ieee acm siam"
    ),
    "place": _words(
        "london york paris berlin boston cambridge oxford amsterdam chicago tokyo munich münchen "
        "frankfurt hamburg wien vienna zurich zürich basel leipzig stuttgart heidelberg madrid barcelona rome "
        "roma milan milano washington dc philadelphia princeton berkeley stanford toronto montreal sydney "
        "melbourne beijing shanghai singapore heidelberg dordrecht hoboken hillsdale ny ca ma nj uk usa"
    ),
    "note": _words("retrieved accessed available online from url doi isbn issn arxiv pmid pmcid forthcoming"),
}

#: Class name -> the same cues in other languages (features 3). "estate" (Italian summer) and "março" (which
#: meets the name "Marco" once accents are stripped) are ambiguous; left out, the model scored lower on dev and
#: AnyStyle "good" (core-4 with the corrections 0.9380 and 0.9039, against 0.9390 and 0.9065), so they stay.
OTHER_LANGUAGES: dict[str, frozenset[str]] = {
    "month": _words(
        "frühjahr frühling sommer herbst printemps été automne hiver primavera verano otoño invierno estate "
        "autunno inverno janeiro fevereiro março maio junho julho setembro outubro dezembro"
    ),
    "pages": _words("ff"),
    "volume": _words("bde jahrg annata"),
    "issue": _words("numero número fascicolo cahier"),
    "editor": _words("edd herausgeber éditeur éditeurs coords curatore curatori org orgs editado editores"),
    "translator": _words("übersetzung traduzione tradução"),
    "edition": _words("überarb erw edição"),
    "thesis": _words("magisterarbeit masterarbeit mémoire tese dissertação"),
    "report": _words("arbeitspapier diskussionspapier bericht gutachten rapport informe rapporto relatório"),
    "venue": _words(
        "jahrbuch zeitung mitteilungen beiträge berichte archiv cahiers annales anales anais giornale quaderni "
        "cuadernos studi studien tagung kongress konferenz congrès congreso convegno atti actes actas"
    ),
    "publisher": _words(
        "verl suhrkamp nomos budrich rowohlt kohlhammer harrassowitz vandenhoeck ruprecht westdeutscher "
        "gallimard einaudi laterza feltrinelli universitaires universitaria universitária editora editrice "
        "editore ediciones edizioni"
    ),
    "place": _words(
        "bonn köln cologne düsseldorf opladen wiesbaden tübingen göttingen bielefeld weinheim münster bremen "
        "hannover dresden mannheim freiburg konstanz darmstadt kassel mainz nürnberg bern genf genève geneva "
        "lausanne graz innsbruck salzburg lyon marseille bruxelles brussels lisboa lisbon torino turin bologna "
        "firenze florence napoli naples venezia venice padova pisa genova bari palermo sevilla valencia "
        "granada salamanca ankara istanbul athens athen warszawa warsaw praha prague budapest moscow moskau "
        "oslo stockholm copenhagen kopenhagen helsinki dublin edinburgh manchester baltimore brasília"
    ),
    "note": _words(
        "abgerufen abrufbar zugriff zugegriffen verfügbar unter erscheint consulté disponible consultado "
        "consultato disponibile acesso acessado disponível"
    ),
}


#: The classes whose words stand outside the fields they announce ("In", "pp.", "Vol.", "eds.", "edited by",
#: "Retrieved from"): a word of these left outside every span is a cue, not a lost word (:mod:`refparse.coverage`).
CUE_CLASSES: tuple[str, ...] = (
    "in", "and", "etal", "pages", "volume", "issue", "editor", "translator", "edition", "ordinal", "by", "note")

#: Words that the labelled corpora leave between fields besides the cue classes' words ("accessed", "from",
#: "disponível" are there already, in the note class): articles and
#: prepositions of the cue phrases ("available at", "see also", "to appear", "Epub ahead of print"), the
#: identifier schemes' names before their numbers, and the Chinese, Japanese and Korean volume, issue and page
#: marks (제 … 권, 第 … 期, … 页). Not a feature class: the tagger never sees this list.
LINK_WORDS: frozenset[str] = _words(
    "of the a an or at see also cf vgl to appear published epub ahead print pii pubmed central pubmedcentral "
    "medline on for as cited last editedby em recuperado retirado obtenido в г гг с т вып "
    "제 호 권 집 쪽 第 期 页 号 卷 巻"
)


def is_cue_word(word: str) -> bool:
    """Whether ``word`` is a cue of some field or a link word (:data:`CUE_CLASSES`, :data:`LINK_WORDS`), a
    word the corpora leave outside every span."""
    k = key(word)
    return k in LINK_WORDS or any(name in CUE_CLASSES for name in _BY_WORD.get(k, ()))


def _index(classes: dict[str, frozenset[str]]) -> dict[str, tuple[str, ...]]:
    by_word: dict[str, tuple[str, ...]] = {}
    for name, members in classes.items():
        for word in members:
            by_word[word] = by_word.get(word, ()) + (name,)
    return by_word


_BY_WORD = _index({name: words | OTHER_LANGUAGES.get(name, frozenset()) for name, words in CLASSES.items()})
_BY_WORD_BASE = _index(CLASSES)


def classes_of(word: str, other_languages: bool = True) -> tuple[str, ...]:
    """The names of the word lists that hold ``word`` (empty when none does); ``other_languages=False`` leaves
    out :data:`OTHER_LANGUAGES`."""
    return (_BY_WORD if other_languages else _BY_WORD_BASE).get(key(word), ())


#: The fields :func:`field_class` tells.
FIELD_CLASSES: tuple[str, ...] = ("name", "title", "venue", "publisher", "place")

#: Built by training/build_field_words.py from the permissive metadata records (see the model card).
FIELD_WORDS_PATH = Path(__file__).resolve().parent / "data" / "field-words.tsv.gz"


@lru_cache(maxsize=1)
def _field_words() -> dict[str, str]:
    """The table behind :func:`field_class`, read on first use; empty when the file is absent."""
    if not FIELD_WORDS_PATH.exists():
        return {}
    with gzip.open(FIELD_WORDS_PATH, "rt", encoding="utf-8") as lines:
        return dict(line.rstrip("\n").split("\t") for line in lines if not line.startswith("#"))


def field_class(word: str) -> str | None:
    """The field ``word`` is typical of in real records ("name", "title", "venue", "publisher", "place"), or
    None when it is rare there or common in several (:mod:`refparse.training.field_words`). Unlike the lists
    above, this one is counted from data: the words of 160,000 permissive metadata records."""
    return _field_words().get(key(word))


@lru_cache(maxsize=1)
def field_words_sha256() -> str | None:
    """The SHA-256 of the installed field-words table (None when it is absent): a model card records the one
    its model was trained with, and :func:`refparse.model.load_model` refuses a model trained with another."""
    return hashlib.sha256(FIELD_WORDS_PATH.read_bytes()).hexdigest() if FIELD_WORDS_PATH.exists() else None


def words_of_field(field: str) -> list[str]:
    """The words :func:`field_class` tells as typical of ``field``, in sorted order."""
    return sorted(word for word, its_field in _field_words().items() if its_field == field)


def field_words_count() -> int:
    """How many words the field-words table tells."""
    return len(_field_words())
