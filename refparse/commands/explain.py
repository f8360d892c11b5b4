"""Show why the CRF labelled each token of a reference as it did.

For each token: its label, the model's confidence (the marginal probability of that label), the runner-up label,
and the features with the largest weights for the chosen label (positive weights pull towards it, negative ones
away). Features are the ``name=value`` strings of refparse.features; ``-1:w=in`` means "the previous word is in".

examples:
  refparse explain "Smith, J. (2001). A title. Journal of Things, 3(2), 1-9."
  refparse explain --top 8 --model my.crfsuite "..."
  refparse explain --format json "..."
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict

HELP = "show each token's label, confidence and top-weighted CRF features for one reference"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("reference", help="one reference string")
    parser.add_argument("--model", metavar="PATH", help="a .crfsuite model file (default: the shipped model)")
    parser.add_argument("--top", type=int, default=5, metavar="N", help="features shown per token (default 5)")
    parser.add_argument("-f", "--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace) -> int:
    from ..explain import explain, format_explanation

    if args.top < 0:
        raise ValueError("--top must be 0 or more")
    if not args.reference.strip():
        raise ValueError("give a non-empty reference string")
    explanations = explain(args.reference, args.model, args.top)
    if args.format == "json":
        print(json.dumps([asdict(e) for e in explanations], ensure_ascii=False, indent=1))
    else:
        print(format_explanation(explanations))
    return 0
