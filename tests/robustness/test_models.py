"""Missing, truncated, corrupt and incompatible model files: a ModelError naming the file and what to do.

Every broken model is a copy of the shipped one (and its card) in tmp_path; models/ itself is never touched.
The "auto" fallback to the rules is tested with the fallback (tests/test_fallback.py); here the model is asked
for explicitly (``load_model`` or ``Parser(path, method="crf")``), so a broken one must be an error.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

import refparse
from refparse.errors import ModelError
from refparse.features import FEATURES_VERSION
from refparse.model import CARD_VERSION, card_path, default_model_path, load_model
from refparse.parser import Parser

ADVICE = ("retrain", "reinstall", "refparse train", "restore", "pass the")
REFERENCE = "Lafferty, J., McCallum, A. (2001). Conditional random fields. In ICML, 282-289."


@pytest.fixture
def copy(tmp_path) -> Path:
    """A copy of the shipped model and its card, free to break."""
    source = default_model_path()
    target = tmp_path / "copy.crfsuite"
    shutil.copyfile(source, target)
    shutil.copyfile(card_path(source), card_path(target))
    return target


def assert_model_error(path: Path, *fragments: str) -> str:
    """Both entry points refuse ``path`` with one ModelError that names the file and what to do."""
    with pytest.raises(ModelError) as loaded:
        load_model(path)
    with pytest.raises(ModelError) as constructed:
        Parser(path, method="crf")
    message = str(loaded.value)
    assert str(constructed.value) == message
    assert str(path) in message, "the error names the file"
    assert any(advice in message for advice in ADVICE), f"the error says what to do: {message}"
    for fragment in fragments:
        assert fragment in message
    assert "\n" not in message
    return message


def rewrite(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_intact_copy_loads_and_parses_like_the_shipped_model(copy):
    assert Parser(copy, method="crf").parse(REFERENCE).to_dict() == Parser(method="crf").parse(REFERENCE).to_dict()


def test_missing_file(tmp_path):
    assert_model_error(tmp_path / "absent.crfsuite", "not found")


def test_directory(tmp_path):
    assert_model_error(tmp_path, "directory")


def test_empty_file(copy):
    assert_model_error(rewrite(copy, b""), "not a crfsuite model")


def test_random_bytes(copy):
    noise = random.Random(8).randbytes(len(copy.read_bytes()))
    assert_model_error(rewrite(copy, noise), "not a crfsuite model")


@pytest.mark.parametrize("fraction", [0.0001, 0.5, 0.9999])
def test_truncated_copy(copy, fraction):
    data = copy.read_bytes()
    assert_model_error(rewrite(copy, data[: int(len(data) * fraction)]), "truncated")


def test_extra_bytes_at_the_end(copy):
    assert_model_error(rewrite(copy, copy.read_bytes() + b"\0" * 100), "truncated or corrupt")


def test_another_file_type_with_the_model_suffix(copy):
    assert_model_error(rewrite(copy, b'{"this": "is json"}\n'), "not a crfsuite model")


# Damage to the header or the chunk offsets made crfsuite itself crash the process (a segmentation fault).
HEADER_DAMAGE = {
    "model type zeroed": (8, b"\0\0\0\0", "model type"),
    "features offset": (28, struct.pack("<I", 0xFFFFFFFF), "no FEAT chunk"),
    "labels offset": (32, struct.pack("<I", 100), "no CQDB chunk"),
    "attribute refs offset": (44, struct.pack("<I", 48), "no AFRF chunk"),
}


@pytest.mark.parametrize("offset, patch, expected", list(HEADER_DAMAGE.values()), ids=list(HEADER_DAMAGE))
def test_damaged_header(copy, offset, patch, expected):
    data = bytearray(copy.read_bytes())
    data[offset : offset + len(patch)] = patch
    assert_model_error(rewrite(copy, bytes(data)), "corrupt", expected)


def test_chunk_size_past_the_end(copy):
    data = bytearray(copy.read_bytes())
    data[52:56] = struct.pack("<I", len(data))  # the FEAT chunk's own size
    assert_model_error(rewrite(copy, bytes(data)), "runs past the end")


def test_damaged_headers_never_crash_the_process(copy):
    """Run the damaged models in a child process: a crfsuite crash would kill it instead of failing a test."""
    paths = []
    for name, (offset, patch, _) in HEADER_DAMAGE.items():
        data = bytearray(copy.read_bytes())
        data[offset : offset + len(patch)] = patch
        paths.append(str(rewrite(copy.with_name(f"{name.replace(' ', '_')}.crfsuite"), bytes(data))))
    code = (
        "import sys, refparse\n"
        "for p in sys.argv[1:]:\n"
        "    try:\n        refparse.Parser(p, method='crf').parse('Doe, J. (2001). T. J, 1, 2.')\n"
        "    except refparse.ModelError:\n        print('ModelError')\n"
    )
    result = subprocess.run([sys.executable, "-c", code, *paths], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"child died with {result.returncode}: {result.stderr[-500:]}"
    assert result.stdout.split() == ["ModelError"] * len(paths)


def test_checksum_in_the_card_catches_damage_inside_the_model(copy):
    """Damage deep inside a chunk passes the layout check; a model_sha256 in the card catches it."""
    data = copy.read_bytes()
    card = json.loads(card_path(copy).read_text(encoding="utf-8"))
    card["model_sha256"] = hashlib.sha256(data).hexdigest()
    card_path(copy).write_text(json.dumps(card), encoding="utf-8")
    assert load_model(copy).data == data  # the right checksum loads
    damaged = bytearray(data)
    damaged[len(data) // 2] ^= 0xFF
    assert_model_error(rewrite(copy, bytes(damaged)), "SHA-256", card_path(copy).name)


def test_card_from_another_features_version(copy):
    card = json.loads(card_path(copy).read_text(encoding="utf-8"))
    card["features_version"] = FEATURES_VERSION + "-old"
    card_path(copy).write_text(json.dumps(card), encoding="utf-8")
    message = assert_model_error(copy, "features version", f"{FEATURES_VERSION}-old", "refparse train")
    assert f"version {FEATURES_VERSION};" in message


def test_card_from_another_field_words_table(copy):
    card = json.loads(card_path(copy).read_text(encoding="utf-8"))
    card["field_words"] = {**card.get("field_words", {}), "sha256": "0" * 64}
    card_path(copy).write_text(json.dumps(card), encoding="utf-8")
    assert_model_error(copy, "field-words table", "refparse train")


def test_the_shipped_card_names_the_field_words_table_it_was_trained_with():
    from refparse.lexicon import field_words_count, field_words_sha256

    card = json.loads(card_path(default_model_path()).read_text(encoding="utf-8"))
    assert card["field_words"]["sha256"] == field_words_sha256()
    assert card["field_words"]["words"] == field_words_count() > 10_000


@pytest.mark.parametrize("content", [b"{not json", b"", b"\xff\xfe", b"[1, 2]", b'"a string"'],
                         ids=["bad JSON", "empty", "not UTF-8", "a list", "a string"])
def test_unreadable_card(copy, content):
    card_path(copy).write_bytes(content)
    with pytest.raises(ModelError, match=r"model card .*copy\.card\.json.*(restore|retrain)"):
        load_model(copy)


def test_the_shipped_cards_state_the_card_version():
    from refparse.splitter import default_splitter_path

    for model in (default_model_path(), default_splitter_path()):
        assert json.loads(card_path(model).read_text(encoding="utf-8"))["card_version"] == CARD_VERSION


def test_card_without_a_card_version(copy):
    card = json.loads(card_path(copy).read_text(encoding="utf-8"))
    del card["card_version"]
    card_path(copy).write_text(json.dumps(card), encoding="utf-8")
    assert_model_error(copy, f"model card {card_path(copy).name} states no card_version", f"version {CARD_VERSION}")


@pytest.mark.parametrize("version", [CARD_VERSION + 1, 0, str(CARD_VERSION), None, True])
def test_card_with_another_card_version(copy, version):
    card = json.loads(card_path(copy).read_text(encoding="utf-8"))
    card["card_version"] = version
    card_path(copy).write_text(json.dumps(card), encoding="utf-8")
    assert_model_error(copy, card_path(copy).name, f"card_version {version!r}", f"reads version {CARD_VERSION}")


def test_a_splitter_card_without_a_card_version_is_refused(tmp_path):
    """The splitter's model goes through the same load_model."""
    from refparse.splitter import Splitter, default_splitter_path

    source = default_splitter_path()
    target = tmp_path / source.name
    shutil.copyfile(source, target)
    card = json.loads(card_path(source).read_text(encoding="utf-8"))
    del card["card_version"]
    card_path(target).write_text(json.dumps(card), encoding="utf-8")
    with pytest.raises(ModelError, match=r"model card .*refparse-splitter\.card\.json states no card_version"):
        Splitter(target)


def test_model_without_a_card_still_loads(copy):
    card_path(copy).unlink()
    assert load_model(copy).card == {}


def test_environment_variable_pointing_at_a_missing_model(tmp_path):
    missing = tmp_path / "gone.crfsuite"
    code = "import refparse\ntry:\n    refparse.Parser(method='crf')\nexcept refparse.ModelError as e:\n    print(e)"
    env = dict(os.environ, REFPARSE_MODEL=str(missing))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert str(missing) in result.stdout and "REFPARSE_MODEL" in result.stdout


BROKEN_FOR_CLI = {
    "missing": lambda path: path.unlink(),
    "truncated": lambda path: path.write_bytes(path.read_bytes()[:1000]),
    "random bytes": lambda path: path.write_bytes(random.Random(1).randbytes(4096)),
    "damaged header": lambda path: path.write_bytes(path.read_bytes()[:8] + b"\0" * 4 + path.read_bytes()[12:]),
}


@pytest.mark.parametrize("breaker", list(BROKEN_FOR_CLI.values()), ids=list(BROKEN_FOR_CLI))
def test_cli_with_a_broken_model_is_a_one_line_error(copy, breaker):
    breaker(copy)
    result = subprocess.run([sys.executable, "-m", "refparse.cli", "parse", "--model", str(copy), REFERENCE],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr and "Warning" not in result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("refparse parse: error: ")
    assert str(copy) in result.stderr


def test_a_broken_model_leaves_the_shipped_one_alone(copy):
    rewrite(copy, b"")
    with pytest.raises(ModelError):
        Parser(copy, method="crf")
    assert refparse.parse(REFERENCE).year == 2001
