"""The long property-based run for issue 8: every property of tests/robustness/test_properties.py with
10,000 examples (CI runs 200), then a table of examples tried and time taken per property.

    python training/fuzz.py                       # 10,000 examples per property, about half an hour
    python training/fuzz.py --examples 1000 -k tokens
    python training/fuzz.py --seed 1              # reproduce a run

The exit status is pytest's: 0 when every property held on every example. A failing example is printed in full
by hypothesis (and kept in .hypothesis/, so the next CI run replays it first).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROPERTIES = ROOT / "tests" / "robustness" / "test_properties.py"
_SECTION = re.compile(r"^\S*::(test_\w+):\s*$", re.MULTILINE)
_COUNTS = re.compile(r"(\d+) passing examples?, (\d+) failing examples?, (\d+) invalid examples?")
_SECONDS = re.compile(r"during (?:reuse|generate|shrink) phase \(([\d.]+) seconds\)")


def statistics(output: str) -> dict[str, dict[str, float]]:
    """Per property: passing, failing and invalid examples and seconds, summed over hypothesis's phases."""
    stats: dict[str, dict[str, float]] = {}
    sections = _SECTION.split(output)
    for name, body in zip(sections[1::2], sections[2::2]):
        row = stats.setdefault(name, {"passing": 0, "failing": 0, "invalid": 0, "seconds": 0.0})
        for passing, failing, invalid in _COUNTS.findall(body):
            row["passing"] += int(passing)
            row["failing"] += int(failing)
            row["invalid"] += int(invalid)
        row["seconds"] += sum(float(s) for s in _SECONDS.findall(body))
    return stats


def print_table(stats: dict[str, dict[str, float]], wall: float) -> None:
    print(f"{'property':<58} {'passing':>8} {'failing':>8} {'invalid':>8} {'seconds':>8}")
    for name, row in stats.items():
        print(f"{name:<58} {row['passing']:>8} {row['failing']:>8} {row['invalid']:>8} {row['seconds']:>8.1f}")
    total = sum(row["passing"] + row["failing"] for row in stats.values())
    print(f"{'total examples run':<58} {total:>8}   wall time {wall:.0f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=10_000, help="examples per property (default: 10000)")
    parser.add_argument("-k", metavar="EXPR", help="only the properties whose names match (pytest -k)")
    parser.add_argument("--seed", help="hypothesis seed, to reproduce a run")
    args = parser.parse_args(argv)

    command = [sys.executable, "-m", "pytest", str(PROPERTIES), "-q", "-p", "no:warnings",
               "--hypothesis-show-statistics"]
    if args.k:
        command += ["-k", args.k]
    if args.seed:
        command += ["--hypothesis-seed", args.seed]
    env = dict(os.environ, REFPARSE_FUZZ_EXAMPLES=str(args.examples))
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if result.returncode != 0:
        print(result.stdout[-20_000:], result.stderr[-5_000:], sep="\n")
    print_table(statistics(result.stdout), wall)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
