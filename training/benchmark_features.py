#!/usr/bin/env python3
"""Features against crfsuite: references per second of (a) crfsuite alone, tagging precomputed features (Viterbi
and the marginal of each chosen label), (b) the features alone (``sequence_features`` of prepared tokens), (c) the
whole ``Parser.parse``, on parse/dev.jsonl; optionally the same for another revision, alternated round by round.

The issue's yardstick is (c)/(a), parse throughput as a share of crfsuite's. The machine is shared and noisy: rates
are per CPU second of the measuring process (time.process_time, so waiting for a core is not counted), every
measure runs in a fresh process, ``--rounds`` times, the two revisions alternating, and the medians are reported.

examples:
  python training/benchmark_features.py                          # this checkout only
  python training/benchmark_features.py --baseline 3d062d8 --rounds 4 --json /tmp/features-bench.json
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MEASURES = ("crfsuite_alone", "features_cold", "features_warm", "parse")


def measure(data_dir: Path, model: str | None, repeats: int) -> dict[str, float]:
    """refs/s of each of :data:`MEASURES` in this process, with the refparse on ``sys.path``; the median of
    ``repeats`` passes, except ``features_cold``: the first pass of the process, every word new to the caches."""
    from refparse.features import sequence_features
    from refparse.model import load_model
    from refparse.parser import Parser
    from refparse.prepare import prepare

    with open(data_dir / "parse" / "dev.jsonl", encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f if line.strip()]
    tokens = [t for t in (prepare(text).tokens for text in texts) if t]  # crfsuite is never given an empty one
    clock = time.process_time

    def rate(run, items) -> float:
        started = clock()
        for item in items:
            run(item)
        return len(items) / (clock() - started)

    result = {"features_cold": rate(sequence_features, tokens), "refparse": sys.modules["refparse"].__file__}
    result["features_warm"] = statistics.median(rate(sequence_features, tokens) for _ in range(repeats))

    opened = load_model(model)  # kept referenced: the Tagger reads the model's bytes in place
    tagger = opened.tagger()
    features = [sequence_features(t) for t in tokens]  # lists of strings, as sequence_features gives them

    def tag(feats) -> None:
        labels = tagger.tag(feats)
        marginal = tagger.marginal
        [marginal(label, i) for i, label in enumerate(labels)]

    result["crfsuite_alone"] = statistics.median(rate(tag, features) for _ in range(repeats))
    del features
    parser = Parser(model, method="auto")
    for text in texts[:50]:
        parser.parse(text)
    result["parse"] = statistics.median(rate(parser.parse, texts) for _ in range(repeats))
    result["references"] = len(texts)
    return result


def export(revision: str, into: Path) -> Path:
    """The tree of ``revision`` (git archive), unpacked under ``into``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision], check=True, capture_output=True).stdout
    tree = into / revision.replace("/", "_")
    tree.mkdir()
    with tempfile.TemporaryFile() as fh:
        fh.write(archive)
        fh.seek(0)
        with tarfile.open(fileobj=fh) as tar:
            tar.extractall(tree, filter="data")
    return tree


def run_child(tree: Path, args: argparse.Namespace) -> dict:
    """:func:`measure` in a fresh process importing refparse from ``tree``."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", "--repeats", str(args.repeats),
               "--data-dir", str(args.data_dir)]
    if args.model:
        command += ["--model", args.model]
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run(command, check=True, capture_output=True, text=True, env=env, cwd=tree).stdout
    return json.loads(out)


def summary(runs: list[dict]) -> dict[str, float]:
    """Median refs/s of each measure over the rounds, and of the per-round ratios to crfsuite alone."""
    med = {m: round(statistics.median(r[m] for r in runs), 1) for m in MEASURES}
    for m in ("features_warm", "parse"):
        med[f"{m}/crfsuite"] = round(statistics.median(r[m] / r["crfsuite_alone"] for r in runs), 3)
    return med


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", metavar="REV", help="also measure this git revision, alternating with it")
    parser.add_argument("--rounds", type=int, default=3, help="fresh processes per revision (default 3)")
    parser.add_argument("--repeats", type=int, default=3, help="passes over dev per measure and process (default 3)")
    parser.add_argument("--model", help="a .crfsuite model for every revision (default: each tree's shipped model)")
    parser.add_argument("--data-dir", type=Path,
                        default=Path(os.environ.get("REFPARSE_DATA_DIR", ROOT.parent / "shared" / "data")))
    parser.add_argument("--json", metavar="FILE", help="write every round and the summary as JSON")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args.data_dir, args.model, args.repeats)))
        return 0
    if not (args.data_dir / "parse" / "dev.jsonl").is_file():
        parser.error(f"no parse/dev.jsonl under {args.data_dir}")
    with tempfile.TemporaryDirectory() as tmp:
        trees = {"current": ROOT}
        if args.baseline:
            trees = {"baseline": export(args.baseline, Path(tmp)), **trees}
        runs: dict[str, list[dict]] = {name: [] for name in trees}
        for round_ in range(args.rounds):
            order = list(trees) if round_ % 2 == 0 else list(reversed(trees))  # neither always goes first
            for name in order:
                runs[name].append(run_child(trees[name], args))
                print(f"round {round_ + 1} {name}: " + ", ".join(f"{m} {runs[name][-1][m]:.0f}" for m in MEASURES),
                      file=sys.stderr)
    report = {"rounds": runs, "summary": {name: summary(r) for name, r in runs.items()},
              "load_average": os.getloadavg()}
    if args.baseline:
        report["current/baseline"] = {m: round(statistics.median(c[m] / b[m] for b, c in
                                                                 zip(runs["baseline"], runs["current"])), 2)
                                      for m in MEASURES}
    width = max(len(m) for m in (*MEASURES, "parse/crfsuite"))
    print(f"refs/s on parse/dev.jsonl, median of {args.rounds} rounds" + (f" (baseline {args.baseline})"
                                                                         if args.baseline else ""))
    print(f"{'measure':<{width}} " + " ".join(f"{name:>10}" for name in runs)
          + (f" {'ratio':>10}" if args.baseline else ""))
    for m in (*MEASURES, "features_warm/crfsuite", "parse/crfsuite"):
        row = f"{m:<{width}} " + " ".join(f"{report['summary'][name][m]:>10}" for name in runs)
        if args.baseline and m in MEASURES:
            row += f" {report['current/baseline'][m]:>10}"
        print(row)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
