"""Train the reference-parsing CRF on the shared corpora and write the model and its model card.

Reads parse/train.jsonl and parse/dev.jsonl from --data-dir (default ../shared/data relative to the project, or
$REFPARSE_DATA_DIR), harmonises their span conventions, adds the shipped recipe's augmentation (the training
records re-rendered in other citation styles, +50%, and copies with PDF-extraction noise, +20%), trains with
sklearn-crfsuite, scores on dev and writes <output> (crfsuite format) and <output minus .crfsuite>.card.json.

examples:
  refparse train                              # the shipped recipe, into models/refparse-parser.crfsuite
  refparse train --c1 0.1 --c2 0.01 -o /tmp/mine.crfsuite
  refparse train --augment-style-ratio 0 --augment-noise-ratio 0 -o /tmp/plain.crfsuite   # the corpus alone
  refparse train --search                     # grid search of c1/c2 on dev first
  refparse train --add corrected.xml --add-weight 20 -o mine.crfsuite   # with references of your own

Without a corpus folder (an installed package, no ../shared/data and no $REFPARSE_DATA_DIR) it trains on the
corpus packaged with refparse (the 9,974 hand-labelled references of parse/train.jsonl, AnyStyle core and
GROBID, and of the train half of AnyStyle good; their attributions in refparse/data/ATTRIBUTION.md), skips dev
scoring and makes no generated references (they need the metadata records of the data folder); the model card
says so.

--add reads refparse's markup (`refparse parse -f xml`, corrected by hand), AnyStyle's parser XML, GROBID's
citation training TEI or JSON Lines of the shared schema (the format is found from the file). A mistake in the
file stops the command with the file, the line and what to fix. The card lists each added file (name, format,
references, SHA-256, weight). Use the model with `refparse parse --model mine.crfsuite` or Parser("mine.crfsuite").
"""

from __future__ import annotations

import argparse

HELP = "train the parser model on labelled data (needs the 'train' extra)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    # Options not given are left None and take TrainConfig's defaults (the shipped recipe), so that
    # `refparse --help` need not import the training wing.
    parser.add_argument("--data-dir", metavar="DIR", help="folder with parse/train.jsonl and parse/dev.jsonl")
    parser.add_argument("-o", "--output", metavar="PATH",
                        help="model file to write (default: the shipped model in a source checkout, else "
                        "./models/refparse-parser.crfsuite)")
    parser.add_argument("--c1", type=float, help="L1 regularisation (default: the shipped recipe's, 0.05)")
    parser.add_argument("--c2", type=float, help="L2 regularisation (default: the shipped recipe's, 0.05)")
    parser.add_argument("--max-iterations", type=int, help="L-BFGS iterations (default: the shipped recipe's, 100)")
    parser.add_argument("--all-possible-states", action=argparse.BooleanOptionalAction, default=None,
                        help="give every (feature, label) pair a weight, not only those seen in training "
                        "(default: the shipped recipe's, False; the shipped recipe trains in about 13 GB of memory "
                        "with it, 5 GB without)")
    parser.add_argument("--search", action="store_true", help="pick c1/c2 by a grid search scored on dev")
    parser.add_argument("--train-file", action="append", metavar="NAME",
                        help="training file relative to the data folder, repeatable; FILE#train or FILE#held-out "
                        "names one half of it (default: parse/train.jsonl and parse/extra/anystyle-good.jsonl#train)")
    parser.add_argument("--limit", type=int, help="train on the first N references only (for quick checks)")
    parser.add_argument("--augment-style-ratio", type=float, metavar="R",
                        help="add R x N citation-style renderings of the N training records (default: the shipped "
                        "recipe's, 0.5; 0 for none)")
    parser.add_argument("--augment-noise-ratio", type=float, metavar="R",
                        help="add R x N copies with PDF-extraction noise (default: the shipped recipe's, 0.2; 0 for "
                        "none)")
    parser.add_argument("--augment-seed", type=int, help="seed of the augmentation draws (default 0)")
    parser.add_argument("--augment-type-balance", type=float, metavar="E",
                        help="draw the records to render with weight count(type)^-E, so that books and chapters, "
                        "rare in the training data, are rendered more often (default: the shipped recipe's, 0.5; 0 "
                        "draws uniformly)")
    parser.add_argument("--generate-csl", type=int, metavar="N",
                        help="add N references generated from the metadata records through CSL styles")
    parser.add_argument("--generate-latex", type=int, metavar="N",
                        help="add N references typeset from the metadata records through BibTeX styles (needs "
                        "pdflatex, bibtex and pdftotext)")
    parser.add_argument("--generate-seed", type=int, help="seed of the generated references (default 0)")
    parser.add_argument("--generate-balance", type=float, metavar="E",
                        help="draw metadata records with weight count(source, type)^-E (default 0.5)")
    parser.add_argument("--generate-noise", type=float, metavar="R",
                        help="add noised copies of a share R of the generated references (default 0)")
    parser.add_argument("--generate-initials", type=int, metavar="N",
                        help="add N references whose authors' given names are printed as initials directly before "
                        "the title, through the styles that print them so (ABNT, ISO 690, Nature, ACS...)")
    parser.add_argument("--generate-acronym-titles", type=int, metavar="N",
                        help="add N references whose titles open with a short name and a colon, printed right "
                        "after the author list (\"Chen, W. LoRA: Low-rank adaptation ...\")")
    parser.add_argument("--generate-german", type=int, metavar="N",
                        help="add N references rendered through the styles whose default locale is German (DIN "
                        "1505-2, ISO 690 and Chicago in German, Springer VS...), half of them contributions to "
                        "edited volumes (\"In: Rammert, Werner (Hrsg.): ...\")")
    parser.add_argument("--add", action="append", metavar="FILE",
                        help="also train on the labelled references of FILE (refparse xml, AnyStyle xml, GROBID "
                        "training TEI or shared-schema jsonl), repeatable")
    parser.add_argument("--add-weight", type=int, metavar="K",
                        help="count each added reference K times, so a few corrections weigh against thousands of "
                        "corpus references (default 1)")
    parser.add_argument("--hand-repeat", type=int, metavar="K",
                        help="count each hand-labelled record K times, so generated strings do not drown them")


def config_from_args(args: argparse.Namespace):
    """The :class:`refparse.training.train.TrainConfig` the options ask for; an option not given keeps the
    config's default, the shipped recipe's."""
    from ..training.train import TrainConfig

    asked = {"data_dir": args.data_dir, "output": args.output, "c1": args.c1, "c2": args.c2,
             "max_iterations": args.max_iterations, "all_possible_states": args.all_possible_states,
             "search": args.search,
             "train_files": tuple(args.train_file) if args.train_file else None, "limit": args.limit,
             "augment_style_ratio": args.augment_style_ratio, "augment_noise_ratio": args.augment_noise_ratio,
             "augment_seed": args.augment_seed, "augment_type_balance": args.augment_type_balance,
             "generate_csl": args.generate_csl, "generate_latex": args.generate_latex,
             "generate_seed": args.generate_seed, "generate_balance": args.generate_balance,
             "hand_repeat": args.hand_repeat, "generate_noise": args.generate_noise,
             "generate_initials": args.generate_initials, "generate_acronym_titles": args.generate_acronym_titles,
             "generate_german": args.generate_german,
             "add_files": tuple(args.add) if args.add else None, "add_weight": args.add_weight}
    return TrainConfig(**{name: value for name, value in asked.items() if value is not None})


def run(args: argparse.Namespace) -> int:
    from ..training.train import train

    train(config_from_args(args))
    return 0
