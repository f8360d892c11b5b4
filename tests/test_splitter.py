"""The reference-section splitter: hand-made sections of each layout, line joining, offsets, the
command line and one corpus check on GROBID's reference-segmenter dev sections."""

from __future__ import annotations

import json
import random
import re

import pytest

import refparse
from refparse.cli import main
from refparse.evaluation.metrics import boundary_score
from refparse.splitter import Splitter, default_splitter, default_splitter_path, drop_hyphen, join_lines
from refparse.training.synthetic import build_section

REFS = [
    "Lafferty, J., McCallum, A., and Pereira, F. Conditional random fields: probabilistic models for segmenting "
    "and labeling sequence data. In Proceedings of ICML, pages 282-289, 2001.",
    "Devlin, J., Chang, M.-W., Lee, K., and Toutanova, K. BERT: Pre-training of deep bidirectional transformers "
    "for language understanding. In Proceedings of NAACL-HLT, pages 4171-4186, 2019.",
    "Peng, F. and McCallum, A. Accurate information extraction from research papers using conditional random "
    "fields. Information Processing & Management, 42(4):963-979, 2006.",
    "Councill, I. G., Giles, C. L., and Kan, M.-Y. ParsCit: an open-source CRF reference string parsing package. "
    "In Proceedings of LREC, 2008.",
    "Lopez, P. GROBID: Combining automatic bibliographic data recognition and term extraction for scholarship "
    "publications. In Research and Advanced Technology for Digital Libraries, pages 473-474. Springer, 2009.",
]


def _starts(refs: list[str]) -> list[str]:
    """The first author's family name of each reference (markers stripped): enough to check the split points."""
    return [re.sub(r"^\s*[\[(]?\d+[\].)]?\s+", "", ref).split(",")[0].split(" ")[0] for ref in refs]


EXPECTED = _starts(REFS)


def _wrapped(marker_of, width: int = 70, hanging: str = "") -> str:
    lines = []
    for n, ref in enumerate(REFS, start=1):
        words, line = (marker_of(n) + ref).split(), ""
        out = []
        for word in words:
            if line and len(line) + 1 + len(word) > width:
                out.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        out.append(line)
        lines.append(out[0])
        lines.extend(hanging + rest for rest in out[1:])
    return "\n".join(lines)


@pytest.mark.parametrize("marker_of", [lambda n: f"[{n}] ", lambda n: f"{n}. ", lambda n: f"({n}) ",
                                       lambda n: f"{n} "], ids=["bracket", "dot", "paren", "superscript"])
def test_numbered_wrapped_sections(marker_of):
    refs = refparse.split(_wrapped(marker_of))
    assert _starts(refs) == EXPECTED
    assert refs[0].startswith(marker_of(1).strip())


def test_unnumbered_hanging_indent():
    refs = refparse.split(_wrapped(lambda n: "", hanging="    "))
    assert _starts(refs) == EXPECTED
    assert refs[2] == REFS[2]


def test_one_long_line_numbered_and_unnumbered():
    numbered = " ".join(f"[{n}] {ref}" for n, ref in enumerate(REFS, start=1))
    assert _starts(refparse.split(numbered)) == EXPECTED
    plain = " ".join(REFS)
    assert _starts(refparse.split(plain)) == EXPECTED


def test_heading_and_page_furniture_are_not_references():
    lines = _wrapped(lambda n: f"{n}. ").split("\n")
    lines.insert(len(lines) // 2, "Page 12 of 14")
    text = "REFERENCES\n" + "\n".join(lines) + "\n"
    refs = refparse.split(text)
    assert _starts(refs) == EXPECTED
    assert not any("REFERENCES" in ref or "Page 12" in ref for ref in refs)


def test_line_break_hyphen_removed_real_hyphens_kept():
    text = ("[1] Smith, J. and Boyd-\nGraber, J. A study of natu-\nral language pre-\ntraining. Computational "
            "Linguistics, 12:13484–\n13508, 2020.\n[2] Jones, K. Another paper. Nature, 3:1-9, 2001.")
    refs = refparse.split(text)
    assert len(refs) == 2
    assert "Boyd-Graber" in refs[0]
    assert "natural language" in refs[0]
    assert "pre-training" in refs[0]
    assert "13484–13508" in refs[0]


def test_join_lines_rules():
    assert join_lines("Natu- ral Language") == "Natural Language"
    assert join_lines("Natu-\nral  Language") == "Natural Language"
    assert join_lines("Boyd-\nGraber") == "Boyd-Graber"
    assert join_lines("pre- and post-training") == "pre- and post-training"
    assert join_lines("doi:10.1000/\nabc") == "doi:10.1000/abc"  # a DOI broken at a slash
    assert join_lines("Nature 5 (2001) 10.\nAvailable at x") == "Nature 5 (2001) 10. Available at x"  # no DOI
    assert join_lines("self-\nattention") == "self-attention"
    assert join_lines("pages 13484–\n13508") == "pages 13484–13508"
    assert join_lines("https://doi.org/10.1000/\nabc.def") == "https://doi.org/10.1000/abc.def"
    assert join_lines("  a\n  b  ") == "a b"
    assert drop_hyphen("natu", "ral")
    assert not drop_hyphen("Boyd", "Graber")
    assert not drop_hyphen("pre", "training")
    assert not drop_hyphen("13484", "13508")


def test_offsets_round_trip():
    text = "References\n" + _wrapped(lambda n: f"[{n}] ", hanging="  ") + "\n\n"
    found = default_splitter().split_offsets(text)
    assert [ref.text for ref in found] == refparse.split(text)
    assert refparse.split_offsets(text) == [(ref.start, ref.end) for ref in found]
    for ref, original in zip(found, REFS):
        assert join_lines(text[ref.start:ref.end]) == ref.text
        assert ref.text.endswith(original)
        assert text[ref.start:ref.end] == text[ref.start:ref.end].strip()


def test_empty_and_blank_input():
    assert refparse.split("") == []
    assert refparse.split(" \n\n  \t") == []
    assert refparse.split_offsets("") == []
    assert refparse.parse_bibliography("") == []


def test_wrong_type_is_a_clear_error():
    with pytest.raises(TypeError, match="must be a str"):
        refparse.split(None)  # type: ignore[arg-type]


def test_garbage_does_not_raise():
    for text in ("%%%% ::: ]]][[", "\x00\x01 \ufffd", "1. 2. 3. 4.", "a" * 5000):
        refs = refparse.split(text)
        assert all(isinstance(ref, str) and ref for ref in refs)


def test_parse_bibliography_gives_one_record_per_reference():
    records = refparse.parse_bibliography(_wrapped(lambda n: f"[{n}] "))
    assert len(records) == len(REFS)
    assert records[0].year == 2001


def test_shipped_splitter_found_beside_parser_model(monkeypatch):
    monkeypatch.setenv("REFPARSE_MODEL", "/nonexistent/parser.crfsuite")
    monkeypatch.delenv("REFPARSE_SPLITTER_MODEL", raising=False)
    path = default_splitter_path()
    assert path.name == "refparse-splitter.crfsuite" and path.is_file()
    assert path.parent.name == "models"


def test_bad_splitter_file_is_a_model_error(tmp_path):
    bad = tmp_path / "s.crfsuite"
    bad.write_bytes(b"not a model")
    with pytest.raises(refparse.ModelError, match="s.crfsuite"):
        Splitter(bad)


def test_tiny_trained_splitter_loads_and_splits(tmp_path):
    import pycrfsuite

    from refparse.split_features import chunk_section, section_features

    rng = random.Random(3)
    trainer = pycrfsuite.Trainer(verbose=False)
    for _ in range(20):
        section = build_section(rng.sample(REFS, 4), rng)
        chunks, lines = chunk_section(section.text)
        labels = []
        for chunk in chunks:
            inside = [i for i, (s, e) in enumerate(section.references) if s <= chunk.start < e]
            first = inside and section.references[inside[0]][0] == chunk.start
            labels.append("B" if first else ("I" if inside else "O"))
        trainer.append(section_features(section.text, chunks, lines), labels)
    trainer.set_params({"max_iterations": 30})
    path = tmp_path / "tiny.crfsuite"
    trainer.train(str(path))
    refs = Splitter(path).split("\n".join(f"[{n}] {ref}" for n, ref in enumerate(REFS, start=1)))
    assert [r.split()[1] for r in refs] == [ref.split()[0] for ref in REFS]  # each reference, cut at its number


def test_synthetic_sections_are_deterministic_and_offsets_right():
    a = build_section(REFS, random.Random(11))
    b = build_section(REFS, random.Random(11))
    assert a == b
    assert len(a.references) == len(REFS)
    for (start, end), ref in zip(a.references, REFS):
        # the reference comes back whole and in order, behind its number when the section is numbered, with at
        # most a page's running header or footer ("157 A. Author et al.") inside it where a page break fell
        words = re.sub(r"^(?:\[\d+\]|\(\d+\)|\d+\.)\s", "", join_lines(a.text[start:end])).split()
        remaining = iter(words)
        assert all(word in remaining for word in ref.split())
        assert len(words) - len(ref.split()) <= 6


def test_cli_split_text_and_jsonl(tmp_path, capsys):
    section = tmp_path / "refs.txt"
    text = "References\n" + _wrapped(lambda n: f"{n}. ")
    section.write_text(text, encoding="utf-8")
    assert main(["split", "-i", str(section)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert _starts(lines) == EXPECTED
    assert main(["split", "-i", str(section), "--format", "jsonl"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["text"] for r in records] == lines
    assert all(text[r["start"]:r["end"]].startswith(f"{n}.") for n, r in enumerate(records, start=1))


def test_cli_split_argument_and_missing_file(tmp_path, capsys):
    assert main(["split", " ".join(f"[{n}] {ref}" for n, ref in enumerate(REFS, start=1))]) == 0
    assert len(capsys.readouterr().out.splitlines()) == len(REFS)
    assert main(["split", "-i", str(tmp_path / "missing.txt")]) == 1
    assert "not found" in capsys.readouterr().err
    assert main(["split"]) == 1


def test_cli_parse_bibliography(tmp_path, capsys):
    section = tmp_path / "refs.txt"
    section.write_text(_wrapped(lambda n: f"[{n}] ", hanging="  "), encoding="utf-8")
    assert main(["parse", "--bibliography", "-i", str(section), "--format", "jsonl"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(records) == len(REFS)


def test_grobid_refseg_dev_floor(data_dir):
    """Boundary F1 on GROBID's dev sections; the card records the exact figure, this is a generous floor."""
    path = data_dir / "split" / "grobid-refseg.dev.jsonl"
    splitter = default_splitter()
    triples = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            predicted = [(r.start, r.end) for r in splitter.split_offsets(record["text"])]
            triples.append((record["text"], [tuple(s) for s in record["references"]], predicted))
    assert boundary_score(triples).f1 >= 0.90


@pytest.mark.parametrize("odd", ["\udcff", "\x00", "\x1b", "\x7f"])
def test_characters_crfsuite_cannot_take_are_split_around(odd):
    """A lone surrogate (an undecodable byte) or a control character inside a section is kept in the output and
    does not stop the splitter (crfsuite itself cannot encode a surrogate)."""
    section = f"[1] Smith, J. Caf{odd} title. J. Things, 2001. [2] Doe, A. Other title. Physics, 1999."
    refs = refparse.split_offsets(section)
    assert len(refs) == 2
    assert odd in section[refs[0][0] : refs[0][1]]
    assert refparse.parse_bibliography(section)[0].text.count(odd) == 1


def test_a_damaged_splitter_model_is_refused_by_its_checksum(tmp_path):
    import shutil

    from refparse import ModelError

    shipped = default_splitter_path()
    model = tmp_path / shipped.name
    shutil.copy(shipped.with_suffix(".card.json"), model.with_suffix(".card.json"))
    data = bytearray(shipped.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one byte inside the weights: the layout check alone cannot see it
    model.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="SHA-256"):
        Splitter(model)
