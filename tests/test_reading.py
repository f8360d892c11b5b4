"""refparse.reading: the character-level readers the fallback parser and the corrections share."""

from __future__ import annotations

import pytest

from refparse.reading import author_list_end, sentence_end


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Smith, J. A., Jones, B., & Lee, C. (2001). T.", "Smith, J. A., Jones, B., & Lee, C."),
        ("Monneret G, Labaune JM, Isaac C. Procalcitonin levels.", "Monneret G, Labaune JM, Isaac C."),
        ("Wieland K. Distribution and mortality of cod eggs.", "Wieland K."),
        ("Rotzoll, K., S. B. Gingerich, and A. I. El-Kadi. 2013.", "Rotzoll, K., S. B. Gingerich, and A. I. El-Kadi"),
        ("K. MARUYAMA, K. TARDA et Y. YAMAMOTO. Chem. Lett.", "K. MARUYAMA, K. TARDA et Y. YAMAMOTO"),
        ("R. Hartshorne, Algebraic Geometry, Springer (1977)", "R. Hartshorne"),
        ("Johnson, et al., Endocrinology 124(3)", "Johnson, et al."),
        ("Lars Hormander. Fourier integral operators.", "Lars Hormander"),
        ("Mark Finch, Russell M. Taylor II, and Richard Superfine. Tools.", "Mark Finch, Russell M. Taylor II, and Richard Superfine"),
        ("The Structure of Things. 2001.", ""),
    ],
)
def test_author_lists_end_where_the_names_end(text, names):
    assert text[: author_list_end(text, 0)] == names


def test_sentence_end_skips_initials_and_abbreviations():
    text = "Proc. Natl. Acad. Sci. USA 93. Next"
    assert text[: sentence_end(text, 0, len(text), venue=True)] == "Proc. Natl. Acad. Sci. USA 93"
    title = "Waves that appear from nowhere .Physics Letters A"
    assert title[: sentence_end(title, 0, len(title))] == "Waves that appear from nowhere"
