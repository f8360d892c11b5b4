"""Building labelled examples for the augmentation tests."""

from refparse.corpus import Example


def labelled(*parts: tuple[str, str | None]) -> Example:
    """An example from (text, label) pieces; label None leaves the piece unlabelled."""
    text, spans = "", []
    for piece, label in parts:
        if label:
            spans.append((len(text), len(text) + len(piece), label))
        text += piece
    return Example("t/1", "t", text, tuple(spans))
