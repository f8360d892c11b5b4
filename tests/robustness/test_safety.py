"""No pickle anywhere, and no network access when importing refparse or parsing."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import refparse
from refparse import model

PACKAGE = Path(refparse.__file__).resolve().parent
UNSAFE_LOADERS = re.compile(
    r"^\s*(?:import|from)\s+(?:c?pickle|_pickle|dill|cloudpickle|joblib|shelve|marshal)\b"
    r"|\b(?:pickle|joblib|dill|cloudpickle|marshal)\.loads?\b|\bshelve\.open\b|\bUnpickler\b",
    re.MULTILINE,
)


def test_the_pattern_finds_what_it_looks_for():
    for line in ["import pickle", "from joblib import load", "x = pickle.load(f)", "joblib.load(p)",
                 "import dill", "import cloudpickle", "pickle.loads(b)", "import _pickle", "marshal.loads(b)"]:
        assert UNSAFE_LOADERS.search(line), line
    assert not UNSAFE_LOADERS.search("# never pickle: crfsuite's own format")


def test_no_pickle_or_similar_loader_in_the_package_sources():
    sources = sorted(PACKAGE.rglob("*.py"))
    assert len(sources) > 10
    offenders = [f"{path.relative_to(PACKAGE)}: {match.group(0).strip()}"
                 for path in sources for match in UNSAFE_LOADERS.finditer(path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_the_model_loader_hands_raw_bytes_to_pycrfsuite():
    source = Path(model.__file__).read_text(encoding="utf-8")
    assert "open_inmemory(self.data)" in source
    assert "read_bytes()" in source


def run_isolated(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120)


def test_loading_and_parsing_never_unpickle():
    """Make every unpickling entry point raise, then load the model and parse: all must still work."""
    result = run_isolated("""
        import pickle, _pickle
        def refuse(*args, **kwargs):
            raise AssertionError("unpickling attempted")
        for module in (pickle, _pickle):
            module.load = module.loads = refuse
            module.Unpickler = refuse
        import refparse
        ref = refparse.Parser(method="crf").parse("Doe, J. (2001). A title. Journal of Tests, 3, 1-9.")
        print(ref.year)
    """)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["2001"]


def test_no_network_at_import_or_parse_time():
    """Every way to open a connection raises; importing refparse, opening the model and parsing still work."""
    result = run_isolated("""
        import socket
        attempts = []
        def refuse(*args, **kwargs):
            attempts.append(args)
            raise OSError("network access attempted")
        class RefusedSocket(socket.socket):  # a class, so that modules subclassing socket.socket still import
            def __init__(self, *args, **kwargs):
                refuse(*args)
        socket.socket = RefusedSocket
        socket.create_connection = socket.getaddrinfo = socket.gethostbyname = refuse

        import json, refparse
        texts = ["Doe, J. (2001). A title. Journal of Tests, 3, 1-9.", "", "\\x00\\ud800", "https://doi.org/10.1/x"]
        results = refparse.parse_many(texts)
        results.append(refparse.parse(texts[0], method="rules"))
        refparse.tag(texts[0])
        for ref in results:
            json.dumps(ref.to_dict())
        print(results[0].year, len(results), len(attempts))
    """)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["2001", "5", "0"]


def test_the_network_guard_really_bites():
    """The guard used above does stop a connection attempt (so its passing means something)."""
    result = run_isolated("""
        import socket, urllib.request
        def refuse(*args, **kwargs):
            raise OSError("network access attempted")
        class RefusedSocket(socket.socket):
            def __init__(self, *args, **kwargs):
                refuse(*args)
        socket.socket = RefusedSocket
        socket.create_connection = socket.getaddrinfo = socket.gethostbyname = refuse
        try:
            urllib.request.urlopen("http://127.0.0.1:9/", timeout=1)
        except Exception as exc:
            print("refused" if "network access attempted" in str(exc) else f"other: {exc}")
    """)
    assert result.stdout.strip() == "refused", result.stdout + result.stderr


def test_no_heavy_or_networked_package_is_imported_by_parsing():
    result = run_isolated("""
        import sys, refparse
        refparse.parse("Doe, J. (2001). A title. Journal of Tests, 3, 1-9.")
        heavy = {"requests", "urllib3", "httpx", "datasets", "huggingface_hub", "spacy", "dask", "matplotlib",
                 "bibtexparser", "citeproc", "pickle"}
        print(sorted(heavy & {name.split(".")[0] for name in sys.modules}))
    """)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "[]"
