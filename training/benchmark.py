#!/usr/bin/env python3
"""Speed and memory of the parser: references per second in one process and in several, model load time, peak
memory, and where the time goes: each stage of ``parse`` (:data:`STAGES`), and crfsuite alone on the same
references, whose ratio to ``parse`` is the measure of issue 18.

The input is fixed: the texts of parse/dev.jsonl in file order, repeated to --count references (a small built-in
list of references when the corpora are absent). Figures depend on the machine and its load: report them with
the machine, never assert them in tests.

examples:
  python training/benchmark.py                        # 2000 references, 1 and 2 processes
  python training/benchmark.py --count 5000 --processes 1 2 4 --json reports/benchmark.json
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from refparse.corpus import resolve_data_dir  # noqa: E402

#: Used when the corpora are absent: a few styles, so the figures still mean something.
BUILTIN_REFERENCES = (
    "Lafferty, J., McCallum, A., & Pereira, F. (2001). Conditional random fields: Probabilistic models for "
    "segmenting and labeling sequence data. In Proceedings of ICML (pp. 282-289).",
    "Peng F, McCallum A. Information extraction from research papers using conditional random fields. Inf Process "
    "Manag. 2006;42(4):963-979. doi:10.1016/j.ipm.2005.09.002",
    "[3] M. Councill, C. L. Giles, M.-Y. Kan, ParsCit: an open-source CRF reference string parsing package, in: "
    "LREC 2008, Marrakech, Morocco, 2008.",
    "Lopez, P. 2009. GROBID: Combining automatic bibliographic data recognition and term extraction for scholarship "
    "publications. Research and Advanced Technology for Digital Libraries, 473-474. Berlin: Springer.",
    "Müller, K.-H. und Schmidt, A. (Hrsg.) (1998): Handbuch der Dinge. 2. Aufl. München: Beck, S. 12-34.",
    "Vaswani A, Shazeer N, Parmar N, et al. Attention is all you need. arXiv preprint arXiv:1706.03762. 2017.",
    "Knuth, Donald E. The Art of Computer Programming, Vol. 1: Fundamental Algorithms. 3rd ed. Reading, MA: "
    "Addison-Wesley, 1997.",
    "Smith J (2015) A thesis about things. PhD thesis, University of Somewhere, https://example.org/thesis.pdf",
)


def fixed_texts(count: int, data_dir: str | None = None) -> tuple[list[str], str]:
    """``count`` reference strings: dev texts in file order, repeated; or the built-in list, repeated."""
    path = resolve_data_dir(data_dir) / "parse" / "dev.jsonl"
    if path.is_file():
        with open(path, encoding="utf-8") as f:
            base = [json.loads(line)["text"] for line in f if line.strip()]
        source = f"parse/dev.jsonl ({len(base)} texts, repeated)"
    else:
        base, source = list(BUILTIN_REFERENCES), f"built-in list ({len(BUILTIN_REFERENCES)} texts, repeated)"
    return [base[i % len(base)] for i in range(count)], source


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB.

    Linux's VmHWM is used where it exists: ru_maxrss survives fork and exec, so a worker started from a large
    parent would report the parent's peak. Elsewhere resource.getrusage (KB on Linux, bytes on macOS).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def time_model_load(model: str | None, repeats: int = 3) -> dict[str, float]:
    """Seconds to read, check and open the model (load_model + a crfsuite Tagger), first time and best of N."""
    from refparse.model import load_model

    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        opened = load_model(model)
        opened.tagger()
        times.append(time.perf_counter() - started)
    return {"first_s": round(times[0], 4), "best_s": round(min(times), 4)}


#: The stages of ``Parser.parse`` (method "auto"), in pipeline order, as :func:`time_stages` times them.
STAGES = ("prepare_tokenize", "features", "crf_viterbi", "crf_marginals", "spans", "corrections", "coverage",
          "calibrate", "normalise", "to_dict", "json")


def time_stages(texts: list[str], model: str | None, cpu_time: bool = False) -> dict[str, float]:
    """Seconds per stage of ``parse`` over all texts (:data:`STAGES`), the same calls the parser makes, and
    crfsuite alone on precomputed features; run twice, the second (warm caches: every word's features known)
    reported, with the first pass's total beside it.

    Each reference goes through every stage before the next one starts, as in parsing: holding every feature
    list at once would time the garbage collector walking them rather than the features. crfsuite alone is
    timed afterwards on the features of all texts, computed beforehand. ``cpu_time`` times in this process's CPU
    time rather than the wall clock, which other jobs on a shared machine stretch.
    """
    from refparse.corrections import correct_spans
    from refparse.features import sequence_features
    from refparse.model import load_model
    from refparse.normalizers import normalise
    try:
        from refparse.parser import _keep_everything
    except ImportError:  # a version of the code before the coverage stage (issue 17), timed for comparison
        def _keep_everything(ref):
            return ref
    from refparse.parser import Parser
    from refparse.prepare import prepare
    from refparse.spans import tokens_to_spans
    from refparse.types import Reference
    try:
        from refparse.tokenize import Labelled as Tagged  # what parse carries from the tagger to the spans
    except ImportError:  # a version of the code before it, timed for comparison
        from refparse.types import Token as Tagged

    opened = load_model(model)  # kept: the tagger reads the model's bytes in place
    tagger = opened.tagger()
    judge = Parser(model)._judge  # the calibration of the card, as parse applies it
    clock = time.process_time if cpu_time else time.perf_counter
    passes: list[dict[str, float]] = []
    for _ in range(2):
        seconds = dict.fromkeys(STAGES, 0.0)
        passes.append(seconds)
        for text in texts:
            t0 = clock()
            tokens = prepare(text).tokens
            t1 = clock()
            feats = sequence_features(tokens)
            t2 = clock()
            labels = tagger.tag(feats)
            t3 = clock()
            tagged = [Tagged(t.text, t.start, t.end, label, tagger.marginal(label, i))
                      for i, (t, label) in enumerate(zip(tokens, labels))]
            t4 = clock()
            spans = tokens_to_spans(text, tagged)
            t5 = clock()
            spans, _ = correct_spans(text, spans)
            t6 = clock()
            ref = _keep_everything(Reference(text=text, spans=spans))
            t7 = clock()
            ref.confidence = round(sum(t.confidence for t in tagged) / len(tagged), 4) if tagged else None
            judge(ref, calibrate=True)
            t8 = clock()
            normalise(ref)
            t9 = clock()
            record = ref.to_dict()
            t10 = clock()
            json.dumps(record, ensure_ascii=False)
            t11 = clock()
            stamps = (t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11)
            for stage, (a, b) in zip(STAGES, itertools.pairwise(stamps)):
                seconds[stage] += b - a
    seconds = passes[-1]
    total = sum(seconds.values())
    out: dict[str, float] = {f"{k}_s": round(v, 3) for k, v in seconds.items()}
    # The first pass meets every word for the first time, as a new batch of unlike references would.
    out["first_pass_parse_refs_per_s"] = round(len(texts) / sum(passes[0].values()), 1)
    out.update({f"{k}_share": round(v / total, 3) for k, v in seconds.items()})
    out.update(time_crfsuite_alone(texts, tagger, clock))
    out["parse_refs_per_s"] = round(len(texts) / total, 1)
    out["parse_over_crfsuite"] = round(out["parse_refs_per_s"] / out["crfsuite_marginals_refs_per_s"], 3)
    return out


def time_crfsuite_alone(texts: list[str], tagger, clock=time.perf_counter) -> dict[str, float]:
    """References per second of crfsuite on precomputed features: Viterbi alone, and Viterbi with the marginal
    of every chosen label (what ``parse`` asks of it), timed by ``clock`` (that of :func:`time_stages`)."""
    from refparse.features import sequence_features
    from refparse.prepare import prepare

    features = [sequence_features(prepare(text).tokens) for text in texts]
    started = clock()
    for feats in features:
        tagger.tag(feats)
    viterbi = clock() - started
    started = clock()
    for feats in features:
        labels = tagger.tag(feats)
        [tagger.marginal(label, i) for i, label in enumerate(labels)]
    marginals = clock() - started
    return {"crfsuite_viterbi_refs_per_s": round(len(texts) / viterbi, 1),
            "crfsuite_marginals_refs_per_s": round(len(texts) / marginals, 1)}


def time_single(texts: list[str], model: str | None, method: str, repeats: int) -> dict[str, float]:
    """References per second of Parser.parse in this process, as a batch parses (after one warm-up pass)."""
    from refparse.parser import Parser

    parser = Parser(model, method=method)
    _parse_all(parser, texts[:50])
    rates = []
    for _ in range(repeats):
        started = time.perf_counter()
        parsed = _parse_all(parser, texts)
        rates.append(len(parsed) / (time.perf_counter() - started))
    return {"refs_per_s": round(statistics.median(rates), 1), "runs": [round(r, 1) for r in rates]}


def _parse_all(parser, texts: list[str]) -> list:
    """What one process of a batch does: every text parsed, an error record for one that cannot be."""
    return [parser.parse(text, errors="record") for text in texts]


_worker_parser = None


def _worker_init(model: str | None, method: str) -> None:
    """Each worker process opens the model once."""
    global _worker_parser
    from refparse.parser import Parser

    _worker_parser = Parser(model, method=method)
    _worker_parser.parse("Warm-up, A. (2000). Loads the model. Journal, 1, 1-2.")


def _worker_parse(chunk: list[str]) -> int:
    return len(_parse_all(_worker_parser, chunk))


def _worker_peak(_: object) -> float:
    return peak_rss_mb()


def time_processes(texts: list[str], processes: int, model: str | None, method: str) -> dict[str, float]:
    """References per second with ``processes`` worker processes (start-up, including each model load, timed
    apart from the parsing)."""
    import multiprocessing

    chunk = 50
    chunks = [texts[i : i + chunk] for i in range(0, len(texts), chunk)]
    started = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(processes, _worker_init, (model, method)) as pool:
        pool.map(_worker_parse, [["Ready, B. (2001). Ready. J, 2, 3-4."]] * processes, chunksize=1)
        startup = time.perf_counter() - started
        started = time.perf_counter()
        done = sum(pool.map(_worker_parse, chunks, chunksize=1))
        seconds = time.perf_counter() - started
        peaks = pool.map(_worker_peak, range(processes * 4), chunksize=1)
    assert done == len(texts), "a worker dropped references"
    return {"processes": processes, "refs_per_s": round(done / seconds, 1), "startup_s": round(startup, 2),
            "worker_peak_rss_mb": max(peaks)}


def time_parse_many(texts: list[str], jobs: int, model: str | None, method: str) -> dict[str, float]:
    """References per second of ``refparse.parse_many(texts, n_jobs=jobs)``, what users call (`-j` in the CLI);
    the time includes starting the workers and opening the model in each."""
    import refparse

    started = time.perf_counter()
    parsed = refparse.parse_many(texts, n_jobs=jobs, model=model, method=method)
    seconds = time.perf_counter() - started
    assert len(parsed) == len(texts), "parse_many dropped references"
    return {"jobs": jobs, "refs_per_s": round(len(parsed) / seconds, 1)}


def markdown(report: dict) -> str:
    rows = [
        ("model load (first / best of 3)", f"{report['model_load']['first_s']:.3f} s / {report['model_load']['best_s']:.3f} s"),
        ("1 process, Parser.parse", f"{report['single']['refs_per_s']:.0f} refs/s"),
    ]
    rows += [(f"{p['processes']} worker process{'es' if p['processes'] > 1 else ''} (spawn pool, model loaded once "
              "per worker)", f"{p['refs_per_s']:.0f} refs/s (start-up {p['startup_s']:.1f} s)")
             for p in report["multi"]]
    rows += [(f"refparse.parse_many(n_jobs={p['jobs']}), start-up included", f"{p['refs_per_s']:.0f} refs/s")
             for p in report.get("parse_many", [])]
    s = report["stages"]
    n = report["references"]
    rows += [(f"stage: {stage.replace('_', ' ')}", f"{s[stage + '_s']:.3f} s ({s[stage + '_share']:.1%}), "
              f"{n / max(s[stage + '_s'], 1e-9):,.0f} refs/s") for stage in STAGES]
    rows += [
        ("all stages (parse, one process, in the profile), second pass", f"{s['parse_refs_per_s']:,.0f} refs/s"),
        ("all stages, first pass (no word seen before)", f"{s['first_pass_parse_refs_per_s']:,.0f} refs/s"),
        ("crfsuite alone on precomputed features: Viterbi", f"{s['crfsuite_viterbi_refs_per_s']:,.0f} refs/s"),
        ("crfsuite alone: Viterbi + marginals", f"{s['crfsuite_marginals_refs_per_s']:,.0f} refs/s"),
        ("parse over crfsuite alone (with marginals), same run", f"{s['parse_over_crfsuite']:.2f} (first pass "
         f"{s['first_pass_parse_refs_per_s'] / s['crfsuite_marginals_refs_per_s']:.2f})"),
        ("peak memory, one parsing process (model loaded, all refs parsed)", f"{report['peak_rss_mb']['main']:.0f} MB"),
        ("peak memory, largest worker process", f"{report['peak_rss_mb']['largest_worker']:.0f} MB"),
    ]
    width = max(len(r[0]) for r in rows)
    lines = [f"Benchmark: {n} references from {report['input']}; method {report['method']!r}; "
             f"{report['machine']['cpus']} CPUs, Python {report['machine']['python']}, {report['machine']['platform']}",
             "", f"| {'measure':<{width}} | result |", f"|{'-' * (width + 2)}|---|"]
    lines += [f"| {name:<{width}} | {value} |" for name, value in rows]
    if report.get("note"):
        lines += ["", report["note"]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=2000, help="references in the fixed input (default 2000)")
    parser.add_argument("--processes", type=int, nargs="+", default=[2], help="worker counts to time (default 2)")
    parser.add_argument("--model", help="a .crfsuite model (default: the shipped model)")
    parser.add_argument("--method", default="auto", help="Parser method (default auto)")
    parser.add_argument("--repeats", type=int, default=3, help="timed single-process runs (median reported)")
    parser.add_argument("--data-dir", help="the shared corpora (default: ../shared/data)")
    parser.add_argument("--json", metavar="FILE", help="write the figures as JSON")
    parser.add_argument("--markdown", metavar="FILE", help="write the table as Markdown")
    parser.add_argument("--note", default="", help="a remark printed under the table (e.g. the machine's load)")
    parser.add_argument("--stages-only", action="store_true",
                        help="time the stages of parse and crfsuite alone only, and print them as JSON")
    parser.add_argument("--cpu-time", action="store_true",
                        help="time the stages in this process's CPU time, not the wall clock (on a machine that "
                        "other jobs share; compare two builds by alternating runs)")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("--count must be positive")
    texts, source = fixed_texts(args.count, args.data_dir)
    if args.stages_only:
        print(json.dumps(time_stages(texts, args.model, cpu_time=args.cpu_time), indent=1))
        return 0
    report = {
        "references": len(texts), "input": source, "method": args.method,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "load_average": [round(x, 2) for x in os.getloadavg()]},
        "model_load": time_model_load(args.model),
        "single": time_single(texts, args.model, args.method, args.repeats),
    }
    # Peak memory of a parsing process, taken before the other timings add their own allocations.
    report["peak_rss_mb"] = {"main": peak_rss_mb()}
    report["multi"] = [time_processes(texts, n, args.model, args.method) for n in args.processes]
    report["parse_many"] = [time_parse_many(texts, n, args.model, args.method) for n in args.processes]
    report["peak_rss_mb"]["largest_worker"] = max((m["worker_peak_rss_mb"] for m in report["multi"]), default=0.0)
    report["stages"] = time_stages(texts, args.model, cpu_time=args.cpu_time)
    report["machine"]["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    report["note"] = args.note
    table = markdown(report)
    print(table)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    if args.markdown:
        Path(args.markdown).write_text(table, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
