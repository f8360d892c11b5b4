"""Finding, checking and opening the CRF model (crfsuite's own file format; never pickle).

Where the model comes from, first match wins: an explicit path, the ``REFPARSE_MODEL`` environment variable, the
copy inside the installed package (``refparse/models/``, put there when a wheel is built), the repository's
``models/`` folder (an editable install). Beside each model lies its model card, ``<model>.card.json``: it must
state its ``card_version`` (:data:`CARD_VERSION`, the layout of the card itself), and its ``features_version``
must equal :data:`refparse.features.FEATURES_VERSION`.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ModelError
from .features import FEATURES_VERSION
from .lexicon import FIELD_WORDS_PATH, field_words_sha256

MODEL_NAME = "refparse-parser.crfsuite"
ENV_VAR = "REFPARSE_MODEL"
_CRFSUITE_MAGIC = b"lCRF"

#: The layout of the model card this refparse reads and writes, stated in every card as ``"card_version"``.
#: Raise it when a key that load_model checks changes meaning; a card without it, or with another, is refused.
CARD_VERSION = 1


@dataclass
class Model:
    """An opened model: the crfsuite bytes, the file they came from and the model card."""

    path: Path
    data: bytes
    card: dict[str, Any] = field(default_factory=dict)

    def tagger(self):
        """A new ``pycrfsuite.Tagger`` on this model (a Tagger is not thread-safe: one per thread)."""
        import pycrfsuite

        tagger = pycrfsuite.Tagger()
        try:
            tagger.open_inmemory(self.data)
        except Exception as exc:  # crfsuite reports a bad file as a bare ValueError/OSError
            raise ModelError(f"{self.path}: crfsuite cannot read this model ({exc}); retrain it or reinstall refparse") from exc
        return tagger


def card_path(model_path: str | Path) -> Path:
    return Path(model_path).with_suffix(".card.json")


def save_card(model_path: str | Path, card: dict[str, Any]) -> None:
    """Write ``card`` beside the model at ``model_path`` (its ``.card.json``), as training writes it."""
    card_path(model_path).write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def default_model_path(name: str = MODEL_NAME) -> Path:
    """The parser model named by ``$REFPARSE_MODEL``, else the shipped one (see :func:`shipped_model_path`)."""
    env = os.environ.get(ENV_VAR)
    if env and name == MODEL_NAME:
        return Path(env)
    return shipped_model_path(name)


def shipped_model_path(name: str = MODEL_NAME) -> Path:
    """A shipped model: inside the installed package, else in the repository's ``models/`` folder."""
    package_dir = Path(__file__).resolve().parent
    for candidate in (package_dir / "models" / name, package_dir.parent / "models" / name):
        if candidate.is_file():
            return candidate
    return package_dir / "models" / name


def load_model(path: str | Path | None = None) -> Model:
    """Open and check a model; raise :class:`ModelError` naming the file and the cause."""
    path = Path(path) if path is not None else default_model_path()
    if path.is_dir():
        raise ModelError(f"{path} is a directory, not a model file; pass the .crfsuite file inside it")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ModelError(f"model file not found: {path}; train one with `refparse train` or set {ENV_VAR}") from None
    except OSError as exc:
        raise ModelError(f"cannot read model file {path}: {exc.strerror}") from None
    if not data.startswith(_CRFSUITE_MAGIC):
        raise ModelError(f"{path} is not a crfsuite model (bad header); retrain it or reinstall refparse")
    declared = int.from_bytes(data[4:8], "little") if len(data) >= 8 else -1
    if declared != len(data):
        raise ModelError(
            f"{path} is truncated or corrupt ({len(data)} bytes, header says {declared}); retrain or reinstall"
        )
    problem = _layout_problem(data)
    if problem:
        raise ModelError(f"{path} is corrupt ({problem}); retrain it or reinstall refparse")
    card = _read_card(path)
    version = str(card.get("features_version", FEATURES_VERSION))
    if version != FEATURES_VERSION:
        raise ModelError(
            f"{path} was trained with features version {version}, this refparse computes version "
            f"{FEATURES_VERSION}; retrain the model with `refparse train`"
        )
    trained_with = (card.get("field_words") or {}).get("sha256")
    if trained_with and trained_with != field_words_sha256():
        raise ModelError(
            f"{path} was trained with another field-words table ({FIELD_WORDS_PATH.name}) than this refparse "
            "holds; retrain the model with `refparse train`"
        )
    # Damage inside the chunks gets past the layout check and can crash crfsuite; a card that records the
    # model's SHA-256 catches every changed byte.
    digest = card.get("model_sha256")
    if digest and hashlib.sha256(data).hexdigest() != digest:
        raise ModelError(f"{path} is corrupt (its SHA-256 differs from the one in {card_path(path).name}); "
                         "retrain it or reinstall refparse")
    model = Model(path, data, card)
    model.tagger()  # fail now, with the file's name, rather than at the first parse
    return model


# crfsuite's CRF1d file: a 48-byte header (magic, size, "FOMC", version, three counts, five offsets), then five
# chunks, each opening with its own magic and byte size. crfsuite trusts these offsets blindly, so a damaged
# header crashes the whole process (a segmentation fault) instead of raising: check them before crfsuite sees them.
_HEADER = struct.Struct("<4sI4sIIIIIIIII")
_CHUNKS = (b"FEAT", b"CQDB", b"CQDB", b"LFRF", b"AFRF")


def _layout_problem(data: bytes) -> str | None:
    """What is wrong with the header and chunk layout of a crfsuite model, or None if it is sound."""
    if len(data) < _HEADER.size:
        return "shorter than a crfsuite header"
    fields = _HEADER.unpack_from(data)
    if fields[2] != b"FOMC":
        return f"model type {fields[2]!r}, expected b'FOMC'"
    for offset, magic in zip(fields[7:], _CHUNKS):
        if not _HEADER.size <= offset <= len(data) - 12 or data[offset : offset + 4] != magic:
            return f"no {magic.decode()} chunk at offset {offset}"
        if offset + int.from_bytes(data[offset + 4 : offset + 8], "little") > len(data):
            return f"{magic.decode()} chunk at offset {offset} runs past the end of the file"
    return None


def _read_card(model_path: Path) -> dict[str, Any]:
    """The model's card: {} when it has none (nothing to check against), else a JSON object stating
    ``card_version`` :data:`CARD_VERSION`; anything else is a ModelError naming the card and what to do."""
    path = card_path(model_path)
    if not path.is_file():
        return {}
    try:
        card = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"model card {path} is unreadable ({exc}); restore it or retrain the model") from None
    if not isinstance(card, dict):
        raise ModelError(f"model card {path} is not a JSON object; restore it or retrain the model")
    if "card_version" not in card:
        raise ModelError(f"{model_path}: its model card {path.name} states no card_version (this refparse reads "
                         f"version {CARD_VERSION}); retrain the model, or restore a card written by this refparse")
    version = card["card_version"]
    if isinstance(version, bool) or version != CARD_VERSION:
        raise ModelError(f"{model_path}: its model card {path.name} has card_version {version!r}, this refparse "
                         f"reads version {CARD_VERSION}; retrain the model, or install the refparse that wrote it")
    return card
