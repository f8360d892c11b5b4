#!/usr/bin/env python3
"""Load test of `refparse serve`: a fixed number of citations, posted in lists to /api/processCitationList by
concurrent clients, against a server this script starts on a free localhost port and stops afterwards.

Every answer is checked: status 200 and, in order, one biblStruct per citation whose raw_reference note is that
citation; anything else counts as an error. Reported: citations/s over the whole run, request latency
percentiles, errors, and the resident memory of each worker process (now and its peak) after the run. The
traffic goes to 127.0.0.1 only, and a run is bounded both in count and in time (--max-seconds).

The input is the texts of parse/dev.jsonl in file order, repeated (the built-in list of training/benchmark.py
when the corpora are absent). Figures depend on the machine and its load: report them with the machine.

examples:
  python training/load_test_server.py                          # 10,000 citations, lists of 100, 16 clients
  python training/load_test_server.py --workers 1 2 --markdown reports/server.md --json reports/server.json
"""

from __future__ import annotations

import argparse
import html
import json
import os
import platform
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing
sys.path.insert(0, str(ROOT / "training"))

import httpx  # noqa: E402
from benchmark import fixed_texts  # noqa: E402

from refparse.formats.tei import xml_text  # noqa: E402

HOST = "127.0.0.1"  # never anything else: this is a load test of a server on this machine
RAW_NOTE = re.compile(r'<note type="raw_reference">(.*?)</note>', re.S)


@dataclass
class Run:
    workers: int
    threads: int
    citations: int = 0
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    citations_per_second: float = 0.0
    latency_ms: dict[str, float] = field(default_factory=dict)
    worker_rss_mb: list[dict[str, float]] = field(default_factory=list)
    stopped_early: bool = False
    first_errors: list[str] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_server(workers: int, threads: int, log_path: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    log = open(log_path, "wb")
    process = subprocess.Popen([sys.executable, "-m", "refparse", "serve", "--host", HOST, "--port", str(port),
                                "--workers", str(workers), "--threads", str(threads)],
                               stdout=log, stderr=subprocess.STDOUT, env=env)
    url = f"http://{HOST}:{port}"
    end = time.monotonic() + 120
    while time.monotonic() < end:  # every worker loaded its parser: one "ready" line each
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode}: see {log_path}")
        if log_path.read_text(errors="replace").count("ready: model") >= workers:
            try:
                if httpx.get(url + "/api/isalive", timeout=2).status_code == 200:
                    return process, url
            except httpx.TransportError:
                pass
        time.sleep(0.2)
    process.kill()
    raise SystemExit(f"the server did not come up in 120 s: see {log_path}")


def stop_server(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def worker_pids(server_pid: int, workers: int) -> list[int]:
    """The processes that serve: the server itself with one worker; its spawned workers with more (uvicorn's
    supervisor stays in the parent and a multiprocessing resource tracker may sit beside them)."""
    if workers == 1:
        return [server_pid]
    children = Path(f"/proc/{server_pid}/task/{server_pid}/children").read_text().split()
    return [int(pid) for pid in children
            if "resource_tracker" not in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")]


def rss_mb(pid: int) -> dict[str, float]:
    status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    kilobytes = {key: int(status[key].split()[0]) for key in ("VmRSS", "VmHWM")}
    return {"pid": pid, "rss_mb": kilobytes["VmRSS"] / 1024, "peak_mb": kilobytes["VmHWM"] / 1024}


def check_answer(answer: httpx.Response, citations: list[str]) -> str | None:
    """None when the answer is one biblStruct per citation, in order; else what is wrong."""
    if answer.status_code != 200:
        return f"status {answer.status_code}: {answer.text[:200]}"
    notes = [html.unescape(note) for note in RAW_NOTE.findall(answer.text)]
    expected = [xml_text(c.strip()) for c in citations if c.strip()]
    if answer.text.count("<biblStruct ") != len(citations) or notes != expected:
        return f"{answer.text.count('<biblStruct ')} biblStructs for {len(citations)} citations, or out of order"
    return None


def load(url: str, batches: list[list[str]], clients: int, max_seconds: float, run: Run) -> None:
    """``clients`` threads, each with its own connection, taking the next list until none is left or time is up."""
    latencies: list[float] = []
    lock, next_batch = threading.Lock(), iter(batches)
    deadline = time.monotonic() + max_seconds

    def client() -> None:
        with httpx.Client(base_url=url, timeout=120) as http:
            while time.monotonic() < deadline:
                with lock:
                    citations = next(next_batch, None)
                if citations is None:
                    return
                started = time.perf_counter()
                try:
                    answer = http.post("/api/processCitationList",
                                       data={"citations": citations, "includeRawCitations": "1"})
                    problem = check_answer(answer, citations)
                except httpx.HTTPError as exc:
                    problem = f"{type(exc).__name__}: {exc}"
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    run.requests += 1
                    run.citations += len(citations)
                    if problem:
                        run.errors += 1
                        run.first_errors = (run.first_errors + [problem])[:5]

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    run.seconds = time.perf_counter() - started
    run.stopped_early = run.requests < len(batches)
    run.citations_per_second = run.citations / run.seconds if run.seconds else 0.0
    ordered = sorted(latencies)
    run.latency_ms = {name: 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]
                      for name, q in (("p50", 0.50), ("p90", 0.90), ("p99", 0.99))} if ordered else {}
    if ordered:
        run.latency_ms["mean"] = 1000 * statistics.fmean(ordered)
        run.latency_ms["max"] = 1000 * ordered[-1]


def measure(workers: int, threads: int, batches: list[list[str]], args: argparse.Namespace) -> Run:
    run = Run(workers=workers, threads=threads)
    with tempfile.TemporaryDirectory() as tmp:
        process, url = start_server(workers, threads, Path(tmp) / "server.log")
        try:
            with httpx.Client(base_url=url, timeout=120) as http:  # warm-up, unmeasured: one list per client
                for citations in batches[:args.clients]:
                    http.post("/api/processCitationList", data={"citations": citations})
            load(url, batches, args.clients, args.max_seconds, run)
            run.worker_rss_mb = [rss_mb(pid) for pid in worker_pids(process.pid, workers)]
        finally:
            stop_server(process)
    return run


def markdown(runs: list[Run], args: argparse.Namespace, source: str) -> str:
    lines = [f"Load test: {args.count} citations from {source}, in lists of {args.batch}, {args.clients} concurrent "
             f"clients, POST /api/processCitationList with includeRawCitations=1 (every answer checked); server "
             f"and clients on one machine ({os.cpu_count()} CPUs, Python {platform.python_version()}, "
             f"{platform.platform()}).", "",
             "| workers | parser threads | citations/s | requests | p50 latency | p90 | p99 | errors | "
             "worker memory (RSS now / peak) |",
             "|---|---|---|---|---|---|---|---|---|"]
    for run in runs:
        memory = "; ".join(f"{m['rss_mb']:.0f} / {m['peak_mb']:.0f} MB" for m in run.worker_rss_mb)
        lines.append(f"| {run.workers} | {run.threads} | {run.citations_per_second:.0f} | {run.requests} | "
                     f"{run.latency_ms.get('p50', 0):.0f} ms | {run.latency_ms.get('p90', 0):.0f} ms | "
                     f"{run.latency_ms.get('p99', 0):.0f} ms | {run.errors} | {memory} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=10_000, help="citations in all (default: 10000)")
    parser.add_argument("--batch", type=int, default=100, help="citations per request (default: 100)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients (default: 16)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="server workers, one run each")
    parser.add_argument("--threads", type=int, nargs="+", default=[4],
                        help="parser threads per worker, one run each (0: in the event loop; default: 4)")
    parser.add_argument("--max-seconds", type=float, default=300, help="stop sending after this long (default: 300)")
    parser.add_argument("--json", metavar="FILE", help="write the figures as JSON")
    parser.add_argument("--markdown", metavar="FILE", help="write the table as Markdown")
    args = parser.parse_args(argv)
    texts, source = fixed_texts(args.count)
    batches = [texts[i:i + args.batch] for i in range(0, len(texts), args.batch)]
    runs = []
    for workers in args.workers:
        for threads in args.threads:
            runs.append(measure(workers, threads, batches, args))
            print(json.dumps(asdict(runs[-1])), file=sys.stderr)
    table = markdown(runs, args, source)
    print(table)
    if args.markdown:
        Path(args.markdown).write_text(table, encoding="utf-8")
    if args.json:
        Path(args.json).write_text(json.dumps([asdict(r) for r in runs], indent=2) + "\n", encoding="utf-8")
    return 1 if any(run.errors or run.stopped_early for run in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
