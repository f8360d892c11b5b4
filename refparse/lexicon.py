"""Small closed word lists behind one lookup: cue words, months, and words typical of venues and publishers.

Keys are normalised by :func:`key` (lowercase, accents stripped) both here and at lookup, so "Hrsg" and
"hrsg", "éd" and "ed" meet. Entries are single tokens of :func:`refparse.tokenize.tokenize` (no punctuation
inside, no phrases: "new" of "New York" would mark every "new"). Changing a list changes the features: bump
``FEATURES_VERSION`` and retrain. Every list is written out by hand from general knowledge of citation styles;
none is taken from a data set.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache


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
        "spring summer autumn fall winter "
        # seasons and the remaining months of other languages: what a volume or a newspaper issue is dated by
        "frühjahr frühling sommer herbst printemps été automne hiver primavera verano otoño invierno estate "
        "autunno inverno janeiro fevereiro março maio junho julho setembro outubro dezembro"
    ),
    "in": _words("in im dans en"),
    "and": _words("and und et y e & with mit"),
    "etal": _words("et al etal ua"),
    "pages": _words("pp p pages page pg s seiten seite pag págs pág ff"),
    "volume": _words("vol vols volume volumes bd bde band jg jahrg jahrgang tome t tomo v annata"),
    "issue": _words("no nos number nr num núm numero número issue iss heft h fasc fascicolo cahier n"),
    "editor": _words(
        "ed eds edd editor editors edited hrsg hg hgg herausgeber herausgegeben éd éds éditeur éditeurs dir coord "
        "coords cura curatore curatori org orgs editado editores"
    ),
    "translator": _words(
        "trans transl translated translator übers übersetzt übersetzung trad traduit traducción traduzione tradução"
    ),
    "edition": _words("edition edn ed aufl auflage überarb erw éd édition edición edizione edição rev revised"),
    "ordinal": _words("st nd rd th er e ème eme"),
    "by": _words("by von par por da"),
    "thesis": _words(
        "thesis dissertation phd diss doctoral master masters msc habilitation diplomarbeit "
        "doktorarbeit magisterarbeit masterarbeit thèse mémoire tesis tesi tese dissertação"
    ),
    "report": _words(
        "report technical tech rep memo memorandum working paper preprint draft manuscript arbeitspapier "
        "diskussionspapier bericht gutachten rapport informe rapporto relatório"
    ),
    "venue": _words(
        "journal j proceedings proc conference conf symposium workshop transactions trans review rev letters "
        "lett annals ann bulletin bull quarterly magazine acta zeitschrift zeitschr revue rivista revista "
        "international int national natl advances adv research res studies science sciences sci society soc "
        "communications commun meeting congress colloquium annual jahrbuch zeitung mitteilungen beiträge "
        "berichte archiv cahiers annales anales anais giornale quaderni cuadernos studi studien tagung kongress "
        "konferenz congrès congreso convegno atti actes actas"
    ),
    "publisher": _words(
        "press university univ publishers publisher publishing publications books verlag editions éditions "
        "editorial inc ltd llc co gmbh ag company wiley springer elsevier routledge sage academic mit oxford "
        "cambridge mcgraw blackwell pearson kluwer pergamon ieee acm siam verl suhrkamp nomos budrich rowohlt "
        "kohlhammer harrassowitz vandenhoeck ruprecht westdeutscher gallimard einaudi laterza feltrinelli "
        "universitaires universitaria universitária editora editrice editore ediciones edizioni"
    ),
    "place": _words(
        "london york paris berlin boston cambridge oxford amsterdam chicago tokyo munich münchen "
        "frankfurt hamburg wien vienna zurich zürich basel leipzig stuttgart heidelberg madrid barcelona rome "
        "roma milan milano washington dc philadelphia princeton berkeley stanford toronto montreal sydney "
        "melbourne beijing shanghai singapore heidelberg dordrecht hoboken hillsdale ny ca ma nj uk usa "
        "bonn köln cologne düsseldorf opladen wiesbaden tübingen göttingen bielefeld weinheim münster bremen "
        "hannover dresden mannheim freiburg konstanz darmstadt kassel mainz nürnberg bern genf genève geneva "
        "lausanne graz innsbruck salzburg lyon marseille bruxelles brussels lisboa lisbon torino turin bologna "
        "firenze florence napoli naples venezia venice padova pisa genova bari palermo sevilla valencia "
        "granada salamanca ankara istanbul athens athen warszawa warsaw praha prague budapest moscow moskau "
        "oslo stockholm copenhagen kopenhagen helsinki dublin edinburgh manchester baltimore brasília"
    ),
    "note": _words(
        "retrieved accessed available online from url doi isbn issn arxiv pmid pmcid forthcoming "
        # the same cues in German, French, Spanish, Italian and Portuguese ("abgerufen am", "unter:", "consulté le")
        "abgerufen abrufbar zugriff zugegriffen verfügbar unter erscheint consulté disponible consultado "
        "consultato disponibile acesso acessado disponível"
    ),
}

_BY_WORD: dict[str, tuple[str, ...]] = {}
for _name, _members in CLASSES.items():
    for _w in _members:
        _BY_WORD[_w] = _BY_WORD.get(_w, ()) + (_name,)


def classes_of(word: str) -> tuple[str, ...]:
    """The names of the word lists that hold ``word`` (empty when none does)."""
    return _BY_WORD.get(key(word), ())
