"""Parsing a Hugging Face ``datasets.Dataset`` of reference strings: imported only when used, never by
``import refparse``. (Reading the labelled corpora as Datasets is :mod:`refparse.corpus`'s job.)"""

from __future__ import annotations

from pathlib import Path

from ..parser import check_method, shared_parser
from .records import PARSED_COLUMNS, flat_record  # PARSED_COLUMNS: what parse_dataset adds (after its prefix)


def parse_dataset(dataset, column: str = "text", num_proc: int | None = None, batch_size: int = 256,
                  model: str | Path | None = None, method: str = "auto", prefix: str = "ref_"):
    """Parse the reference strings of ``dataset[column]`` with ``Dataset.map`` (batched, on ``num_proc``
    processes); return the dataset with the parsed fields as new columns.

    New columns (see :data:`PARSED_COLUMNS`): ``ref_authors`` (names as "Family, Given"), ``ref_title``,
    ``ref_container_title``, ``ref_year``, ``ref_volume``, ``ref_issue``, ``ref_pages``, ``ref_publisher``,
    ``ref_doi``, ``ref_type``, ``ref_source`` ("crf", "hybrid", "rules", or "error" for a value that is not a
    string), ``ref_confidence`` and ``ref_json`` (the whole record, ``Reference.to_dict()`` as JSON). One row
    out per row in, in order. Each process opens the model once. The result is never read back from the
    ``datasets`` cache, whose fingerprint cannot see a retrained model file.
    """
    check_method(method)
    if column not in dataset.column_names:
        raise ValueError(f"the dataset has no column {column!r}; its columns are {dataset.column_names}")
    return dataset.map(
        _parse_rows,
        batched=True,
        batch_size=batch_size,
        num_proc=num_proc,
        features=_parsed_features(dataset.features, prefix),
        fn_kwargs={"column": column, "model": None if model is None else str(model), "method": method,
                   "prefix": prefix},
        load_from_cache_file=False,
        desc="refparse",
    )


def _parsed_features(features, prefix: str):
    import datasets

    out = features.copy()
    for name, kind in PARSED_COLUMNS.items():
        if kind.startswith("list["):
            out[prefix + name] = datasets.Sequence(datasets.Value(kind[5:-1]))
        else:
            out[prefix + name] = datasets.Value(kind)
    return out


def _parse_rows(batch: dict[str, list], column: str, model: str | None, method: str, prefix: str
                ) -> dict[str, list]:
    parser = shared_parser(model, method)  # one per process (Dataset.map workers included)
    refs = [parser.parse(text, errors="record") for text in batch[column]]
    out: dict[str, list] = {prefix + name: [] for name in PARSED_COLUMNS}
    for ref in refs:
        row = flat_record(ref)
        for name, value in row.items():
            out[prefix + name].append(value)
    return out
