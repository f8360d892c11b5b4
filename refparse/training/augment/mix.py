"""The augmented share of a training set: style renderings and noised copies, drawn with a seed."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence

from ...corpus import Example
from .noise import noise_examples
from .styles import STYLES, RenderStats, first_fields, guess_type, render_examples

#: Default mix: style renderings worth 50% of the training records, noised copies worth 20%.
DEFAULT_STYLE_RATIO = 0.5
DEFAULT_NOISE_RATIO = 0.2
#: Records to render drawn with weight count(kind)^-0.5, so books and chapters are rendered more often.
DEFAULT_TYPE_BALANCE = 0.5


def augmented_examples(
    train: Sequence[Example],
    style_ratio: float = DEFAULT_STYLE_RATIO,
    noise_ratio: float = DEFAULT_NOISE_RATIO,
    seed: int = 0,
    styles: Sequence[tuple[str, str]] = STYLES,
    stats: RenderStats | None = None,
    type_balance: float = DEFAULT_TYPE_BALANCE,
) -> list[Example]:
    """Extra training examples for ``train``: about ``style_ratio * len(train)`` records rendered through one
    random style each, then noised copies of about ``noise_ratio * len(train)`` records drawn from the
    originals and the renderings. The records to render are drawn with weight ``count(kind) ** -type_balance``
    (kind: journal article, book, chapter, ... as :func:`~refparse.training.augment.styles.guess_type` reads it; 0 draws
    uniformly). Deterministic for a given seed and input order."""
    if style_ratio < 0 or noise_ratio < 0:
        raise ValueError("augmentation ratios must be >= 0")
    rng = random.Random(seed)
    wanted = round(style_ratio * len(train))
    # Draw a little more than wanted: some renderings are dropped (markers lost, no year, no title).
    draws = int(wanted * 1.25)
    if not train or not wanted:
        pool: list[Example] = []
    elif type_balance:
        pool = rng.choices(train, weights=_type_weights(train, type_balance), k=draws)
    else:
        pool = [train[rng.randrange(len(train))] for _ in range(draws)]
    rendered = render_examples(pool, styles, per_example=1, seed=seed, stats=stats)[:wanted]
    base = list(train) + rendered
    share = min(1.0, noise_ratio * len(train) / len(base)) if base else 0.0
    noised = noise_examples(base, share, seed=seed + 1)
    return rendered + noised


def _type_weights(train: Sequence[Example], exponent: float) -> list[float]:
    """A drawing weight per record, ``count(type) ** -exponent``: 0.5 draws a type in proportion to the square
    root of its count, so books and chapters, rare in the training data, are rendered more often."""
    types = [guess_type(first_fields(e)) for e in train]
    counts = Counter(types)
    return [counts[t] ** -exponent for t in types]
