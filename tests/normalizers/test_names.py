"""Table-driven tests for the name normaliser: one author/editor field -> persons (family, given, particle,
suffix, literal) and the "et al." flag."""

from __future__ import annotations

import pytest

from refparse.normalizers.names import format_given, parse_names
from refparse.types import Name

# (field text, expected persons as (family, given[, particle[, suffix]]) or {"literal": ...}, et al.?)
CASES = [
    ("Smith, J. A.", [("Smith", "J. A.")], False),
    ("J. A. Smith", [("Smith", "J. A.")], False),
    ("Smith JA", [("Smith", "J. A.")], False),
    ("SMITH, J.", [("SMITH", "J.")], False),
    ("Smith, John and Doe, Jane", [("Smith", "John"), ("Doe", "Jane")], False),
    ("Smith J, Doe J, Roe R", [("Smith", "J."), ("Doe", "J."), ("Roe", "R.")], False),
    ("Smith, J., Doe, J., & Roe, R.", [("Smith", "J."), ("Doe", "J."), ("Roe", "R.")], False),
    ("Smith, J.A.", [("Smith", "J. A.")], False),
    ("Smith, JA", [("Smith", "J. A.")], False),
    ("Smith, J A", [("Smith", "J. A.")], False),
    ("Wang, Y .", [("Wang", "Y.")], False),
    ("Wang, Y . and Li, X .", [("Wang", "Y."), ("Li", "X.")], False),
    ("Reddy A, S.", [("Reddy", "A. S.")], False),
    ("Jean-Paul Sartre", [("Sartre", "Jean-Paul")], False),
    ("Sartre, J.-P.", [("Sartre", "J.-P.")], False),
    ("Smith-Jones, A.", [("Smith-Jones", "A.")], False),
    ("Müller, Jürgen", [("Müller", "Jürgen")], False),
    ("Łukasz Bolikowski", [("Bolikowski", "Łukasz")], False),
    ("García Márquez, G.", [("García Márquez", "G.")], False),
    ("van der Berg, J.", [("Berg", "J.", "van der")], False),
    ("J. van der Berg", [("Berg", "J.", "van der")], False),
    ("de Souza, M.", [("Souza", "M.", "de")], False),
    ("Ludwig von Mises", [("Mises", "Ludwig", "von")], False),
    ("Smith, J., Jr.", [("Smith", "J.", None, "Jr.")], False),
    ("Martin Luther King Jr.", [("King", "Martin Luther", None, "Jr.")], False),
    ("Smith, J. III", [("Smith", "J.", None, "III")], False),
    ("Smith, J., et al.", [("Smith", "J.")], True),
    ("Smith J, Doe J, et al", [("Smith", "J."), ("Doe", "J.")], True),
    ("Smith, J. u. a.", [("Smith", "J.")], True),
    ("Müller, K. (Hrsg.)", [("Müller", "K.")], False),
    ("Smith, J. and Doe, J. (eds.)", [("Smith", "J."), ("Doe", "J.")], False),
    ("J. Smith and J. Doe, eds.", [("Smith", "J."), ("Doe", "J.")], False),
    ("Smith, J. (Ed.)", [("Smith", "J.")], False),
    ("Councill IG, Giles CL, Kan MY", [("Councill", "I. G."), ("Giles", "C. L."), ("Kan", "M. Y.")], False),
    ("Peng, Fuchun, and Andrew McCallum", [("Peng", "Fuchun"), ("McCallum", "Andrew")], False),
    ("Tkaczyk, Dominika, Paweł Szostek, and Piotr Jan Dendek",
     [("Tkaczyk", "Dominika"), ("Szostek", "Paweł"), ("Dendek", "Piotr Jan")], False),
    ("P. Lopez", [("Lopez", "P.")], False),
    ("A. Einstein, B. Podolsky, N. Rosen", [("Einstein", "A."), ("Podolsky", "B."), ("Rosen", "N.")], False),
    ("ATLAS Collaboration", [{"literal": "ATLAS Collaboration"}], False),
    ("World Health Organization", [{"literal": "World Health Organization"}], False),
    ("G. Aad et al. (ATLAS Collaboration)", [("Aad", "G."), {"literal": "ATLAS Collaboration"}], True),
    ("O'Brien, P.", [("O'Brien", "P.")], False),
    ("De Raedt, L., & Bruynooghe, M.", [("De Raedt", "L."), ("Bruynooghe", "M.")], False),
    ("Smith, J.; Doe, J.", [("Smith", "J."), ("Doe", "J.")], False),
    ("SMITH J, DOE R", [("SMITH", "J."), ("DOE", "R.")], False),
    ("Th. Mann", [("Mann", "Th.")], False),
    ("Hrsg. von K. Müller", [("Müller", "K.")], False),
    ("Schmidt, Jürgen Erich / Herrgen, Joachim", [("Schmidt", "Jürgen Erich"), ("Herrgen", "Joachim")], False),
    ("Schmidt/Herrgen", [("Schmidt", None), ("Herrgen", None)], False),
    ("Smith, Jane A.", [("Smith", "Jane A.")], False),
    ("Smith, Jr., J.", [("Smith", "J.", None, "Jr.")], False),
    ("Kim, S.-H.", [("Kim", "S.-H.")], False),
    ("Smith JA, Doe JB, Roe C", [("Smith", "J. A."), ("Doe", "J. B."), ("Roe", "C.")], False),
    ("Borron PJ, Wright JR, Possmayer F", [("Borron", "P. J."), ("Wright", "J. R."), ("Possmayer", "F.")], False),
    ("Ivanov IV, Petrov AA", [("Ivanov", "I. V."), ("Petrov", "A. A.")], False),
    ("Smith JA III", [("Smith", "J. A.", None, "III")], False),
    ("FRIARD, Dominique.", [("FRIARD", "Dominique")], False),
    ("Stortz, Martha Ellen,", [("Stortz", "Martha Ellen")], False),
    ("J. TAKAHASHI et S. WINSTEIN", [("TAKAHASHI", "J."), ("WINSTEIN", "S.")], False),
    ("Farnocchia, D., Chesley, S. R., etal .", [("Farnocchia", "D."), ("Chesley", "S. R.")], True),
    ("Geller, Anne Ellen, Michele Eodice, and Elizabeth H. Boquet.",
     [("Geller", "Anne Ellen"), ("Eodice", "Michele"), ("Boquet", "Elizabeth H.")], False),
    ("Andrade, Mário de.", [("Andrade", "Mário", "de")], False),
    ("Santos Otero, A. de.", [("Santos Otero", "A.", "de")], False),
    ("Stewart III, Charles and Jonathan Woon.", [("Stewart", "Charles", None, "III"), ("Woon", "Jonathan")], False),
    ("Di Michele, Andrea.", [("Di Michele", "Andrea")], False),
    ("Kefi (N.),", [("Kefi", "N.")], False),
    ("Bao Q *, Zhao Y*, Renner A", [("Bao", "Q."), ("Zhao", "Y."), ("Renner", "A.")], False),
    ("Lyons, D., & Stancil, P. C. 2017", [("Lyons", "D."), ("Stancil", "P. C.")], False),
    ("20] K. Khrennikov, J. Wenz", [("Khrennikov", "K."), ("Wenz", "J.")], False),
    ("Smith W. andHaglin K .L .", [("Smith", "W."), ("Haglin", "K. L.")], False),
    ("Liu SM Zhong J Zhao XJ.", [("Liu", "S. M."), ("Zhong", "J."), ("Zhao", "X. J.")], False),
    ("\x00\ud800 Lafferty, J., McCallum, A.", [("Lafferty", "J."), ("McCallum", "A.")], False),
    ("In L. Angus & J. McLeod (Eds.),", [("Angus", "L."), ("McLeod", "J.")], False),
    ("H.D .Doebner and V .K .Dobrev", [("Doebner", "H. D."), ("Dobrev", "V. K.")], False),
    ("Ø. Andersen - M. Dickie", [("Andersen", "Ø."), ("Dickie", "M.")], False),
    ("Durkheim, É.", [("Durkheim", "É.")], False),
    ("Öztürk Ö, Šimić Ž", [("Öztürk", "Ö."), ("Šimić", "Ž.")], False),
    ("Иванов И.И.", [("Иванов", "И. И.")], False),
    ("R. Diener, LCTPC Collaboration", [("Diener", "R."), {"literal": "LCTPC Collaboration"}], False),
    ("", [], False),
    ("et al.", [], True),
]


def _expected(entry) -> Name:
    if isinstance(entry, dict):
        return Name(**entry)
    family, given, *rest = entry
    particle = rest[0] if rest else None
    suffix = rest[1] if len(rest) > 1 else None
    return Name(family=family, given=given, particle=particle, suffix=suffix)


@pytest.mark.parametrize(("text", "people", "et_al"), CASES, ids=[c[0] or "<empty>" for c in CASES])
def test_name_forms(text, people, et_al):
    names, found_et_al = parse_names(text)
    assert names == [_expected(p) for p in people]
    assert found_et_al is et_al


def test_table_covers_at_least_thirty_forms():
    assert len(CASES) >= 30


@pytest.mark.parametrize(
    ("given", "expected"),
    [("JA", "J. A."), ("J.A.", "J. A."), ("J A", "J. A."), ("J.-P.", "J.-P."), ("John", "John"), ("Th.", "Th.")],
)
def test_initials_are_written_one_way(given, expected):
    assert format_given(given) == expected


@pytest.mark.parametrize("text", ["1234", "(((", ";;;", "and and", "12(3):45-67", "\x00\ufffd", "eds."])
def test_garbage_never_raises(text):
    names, _ = parse_names(text)
    assert all(isinstance(n, Name) for n in names)
