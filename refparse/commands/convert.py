"""Convert labelled references between the formats training reads: the shared corpus's JSON Lines (jsonl),
refparse's markup (xml), AnyStyle's parser XML (anystyle) and GROBID's citation training TEI (grobid-training).

The input's format is found from the file (give --from to insist). Labels map as ../shared/data/README.md says;
every conversion keeps the text and the spans, so a file converted there and back reads the same (whitespace
runs collapsed to one space, as the corpus stores texts). --attach-unlabelled writes AnyStyle's own convention,
the punctuation between fields inside the segment before it, for a file meant for AnyStyle alone (reading it
back gives those wider spans).

examples:
  refparse convert ../shared/data/parse/dev.jsonl --to anystyle -o dev.anystyle.xml
  refparse convert core.xml --to xml -o core.refparse.xml          # AnyStyle's data to correct or train on
  refparse convert mine.xml --to grobid-training -o mine.training.references.tei.xml
"""

from __future__ import annotations

import argparse
import sys

HELP = "convert labelled references between refparse xml, AnyStyle xml, GROBID training TEI and jsonl"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ..formats.labelled import LABELLED_FORMATS

    choices = tuple(LABELLED_FORMATS)
    parser.add_argument("input", help="a labelled file")
    parser.add_argument("-t", "--to", required=True, choices=choices, help="the format to write")
    parser.add_argument("--from", dest="from_format", choices=choices, help="the input's format (default: detected)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    parser.add_argument("--attach-unlabelled", action="store_true",
                        help="anystyle: put the unlabelled text between fields inside the segment before it")


def run(args: argparse.Namespace) -> int:
    from ..formats.labelled import read_labelled, write_labelled

    records = read_labelled(args.input, args.from_format)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            write_labelled(records, args.to, out, args.attach_unlabelled)
        print(f"refparse convert: {len(records)} references -> {args.output} ({args.to})", file=sys.stderr)
    else:
        write_labelled(records, args.to, sys.stdout, args.attach_unlabelled)
    return 0
