"""`refparse serve`: the real server (uvicorn in a subprocess, on a free localhost port) called over HTTP with
httpx, and with grobid-client-python unchanged when it is installed."""

from __future__ import annotations

import concurrent.futures
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import refparse
from refparse.errors import install_hint

for _module in ("starlette", "uvicorn", "python_multipart", "httpx"):
    pytest.importorskip(_module, reason=f"the service tests need {_module}: {install_hint('server,test')}")

import httpx  # noqa: E402

TEI = {"t": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
GRAFF = "Graff, Expert. Opin. Ther. Targets (2002) 6(1): 103-113"
MAX_CITATIONS, MAX_BYTES = 50, 64 * 1024


def citation(i: int) -> str:
    return f"Author{i}, A. ({1900 + i % 120}). Title number {i}. Journal of Tests, {i}(2), {i}-{i + 9}."


class Server:
    """``python -m refparse serve`` on a free port; its log (stderr) in a file."""

    def __init__(self, tmp: Path, *options: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = tmp / f"server-{self.port}.log"
        env = dict(os.environ, PYTHONPATH=str(Path(refparse.__file__).parents[1]))
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen([sys.executable, "-m", "refparse", "serve", "--port", str(self.port),
                                         *options], stdout=self._log, stderr=subprocess.STDOUT, env=env)
        self._wait_until_alive()

    def _wait_until_alive(self, seconds: float = 90) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with {self.process.returncode}:\n{self.log()}")
            try:
                if httpx.get(self.url + "/api/isalive", timeout=2).text == "true":
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the server did not come up in {seconds} s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> bool:
        """SIGTERM, then whether the server shut down cleanly: uvicorn finishes the requests under way, runs
        the application's shutdown, then re-raises the signal, so the exit status is -SIGTERM (or 0)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()
        return self.process.returncode in (0, -signal.SIGTERM) and "Application shutdown complete" in self.log()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("serve"), "--max-citations", str(MAX_CITATIONS),
                     "--max-bytes", str(MAX_BYTES))
    yield running
    assert running.stop(), running.log()


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server.url, timeout=60) as http:
        yield http


def biblstructs(text: str) -> list[ET.Element]:
    return ET.fromstring(text.encode("utf-8")).findall("t:text/t:back/t:div/t:listBibl/t:biblStruct", TEI)


def raw_notes(text: str) -> list[str | None]:
    return [b.findtext("t:note[@type='raw_reference']", namespaces=TEI) for b in biblstructs(text)]


def test_importing_and_parsing_never_loads_the_server():
    code = ("import sys, refparse; refparse.parse('Smith, J. (2001). A title. J. Things, 3, 1-9.'); "
            "print([m for m in sys.modules if m.split('.')[0] in ('starlette', 'uvicorn', 'python_multipart', "
            "'anyio') or m.startswith('refparse.server')])")
    env = dict(os.environ, PYTHONPATH=str(Path(refparse.__file__).parents[1]))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "[]"


def test_isalive_health_and_version(client):
    alive = client.get("/api/isalive")
    assert (alive.status_code, alive.text) == (200, "true")
    assert alive.headers["content-type"].startswith("text/plain")
    health = client.get("/api/health").json()
    assert health["ready"] is True and health["limits"]["max_citations"] == MAX_CITATIONS
    assert client.get("/api/version").json()["version"] == refparse.__version__


def test_process_citation_answers_a_tei_biblstruct(client):
    answer = client.post("/api/processCitation", data={"citations": GRAFF, "includeRawCitations": "1"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/xml")
    root = ET.fromstring(answer.content)
    assert root.tag == "{http://www.tei-c.org/ns/1.0}biblStruct"
    assert root.findtext("t:analytic/t:author/t:persName/t:surname", namespaces=TEI) == "Graff"
    imprint = root.find("t:monogr/t:imprint", TEI)
    assert imprint.findtext("t:biblScope[@unit='volume']", namespaces=TEI) == "6"
    assert imprint.findtext("t:biblScope[@unit='issue']", namespaces=TEI) == "1"
    assert imprint.find("t:biblScope[@unit='page']", TEI).attrib == {"unit": "page", "from": "103", "to": "113"}
    assert imprint.find("t:date", TEI).get("when") == "2002"
    assert root.findtext("t:note[@type='raw_reference']", namespaces=TEI) == GRAFF
    assert "warning" not in answer.headers


def test_consolidation_is_accepted_and_answered_as_not_available(client):
    answer = client.post("/api/processCitation", data={"citations": GRAFF, "consolidateCitations": "1"})
    assert answer.status_code == 200 and "consolidation is not available" in answer.headers["warning"]
    assert ET.fromstring(answer.content).find("t:note", TEI) is None  # includeRawCitations defaults to 0


def test_process_citation_answers_bibtex_when_asked(client):
    answer = client.post("/api/processCitation", data={"citations": GRAFF},
                         headers={"Accept": "application/x-bibtex"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/x-bibtex")
    assert answer.text.startswith("@article{") and "volume = {6}" in answer.text and "pages = {103--113}" in answer.text


def test_process_citation_takes_multipart_and_put(client):
    multipart = client.post("/api/processCitation", files={"citations": (None, GRAFF)})
    put = client.put("/api/processCitation", data={"citations": GRAFF})
    assert multipart.status_code == put.status_code == 200
    assert multipart.text == put.text


def test_process_citation_list_answers_in_order_one_per_citation(client):
    citations = [citation(i) for i in range(40)] + [""]  # an empty citation keeps its place
    answer = client.post("/api/processCitationList", data={"citations": citations, "includeRawCitations": "1"})
    assert answer.status_code == 200
    items = biblstructs(answer.text)
    assert [b.get(XML_ID) for b in items] == [f"b{i}" for i in range(41)]
    assert raw_notes(answer.text) == citations[:40] + [None]


def test_process_citation_list_in_bibtex(client):
    answer = client.post("/api/processCitationList", data={"citations": [citation(1), citation(2)]},
                         headers={"Accept": "application/x-bibtex"})
    assert answer.status_code == 200 and answer.text.count("@article{") == 2


def test_the_json_endpoint_gives_full_records_with_spans_and_confidences(client):
    citations = [GRAFF, citation(7)]
    by_json = client.post("/api/parse", json={"citations": citations})
    by_form = client.post("/api/parse", data={"citations": citations})
    assert by_json.status_code == by_form.status_code == 200
    records = by_json.json()
    assert records == by_form.json() and [r["text"] for r in records] == citations
    assert records[0]["volume"] == "6" and all(0 < s["confidence"] <= 1 for s in records[0]["spans"])


def test_the_csl_endpoint_gives_csl_json_items(client):
    items = client.post("/api/csl", json={"citations": [citation(3), citation(3)]}).json()
    assert len(items) == 2 and items[0]["type"] == "article-journal"
    assert len({item["id"] for item in items}) == 2  # ids unique within the answer


def test_the_openapi_schema_is_served(client):
    schema = client.get("/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/processCitation", "/api/processCitationList", "/api/parse", "/api/csl", "/api/isalive"} <= set(
        schema["paths"])


FORM = {"Content-Type": "application/x-www-form-urlencoded"}
BAD_REQUESTS = [  # (name, method, path, keyword arguments, status, words of the message)
    ("missing field", "POST", "/api/processCitation", {"data": {"text": GRAFF}}, 400, "no citations field"),
    ("empty citation", "POST", "/api/processCitation", {"data": {"citations": " "}}, 400, "empty"),
    ("two citations to processCitation", "POST", "/api/processCitation",
     {"data": {"citations": [GRAFF, GRAFF]}}, 400, "processCitationList"),
    ("too many citations", "POST", "/api/processCitationList",
     {"data": {"citations": ["x"] * (MAX_CITATIONS + 1)}}, 413, f"at most {MAX_CITATIONS}"),
    ("body over the limit", "POST", "/api/processCitationList",
     {"data": {"citations": ["y" * (MAX_BYTES + 10)]}}, 413, f"at most {MAX_BYTES} bytes"),
    ("chunked body over the limit", "POST", "/api/processCitationList",
     {"content": iter([b"citations="] + [b"z" * 4096] * 20), "headers": FORM}, 413, f"at most {MAX_BYTES} bytes"),
    ("raw bytes not UTF-8", "POST", "/api/processCitation",
     {"content": b"citations=Gr\xe4ff 2002", "headers": FORM}, 400, "byte 0xe4"),
    ("percent-encoded bytes not UTF-8", "POST", "/api/processCitation",
     {"content": b"citations=Gr%E4ff", "headers": FORM}, 400, "not valid utf-8"),
    ("multipart value not UTF-8", "POST", "/api/processCitation",
     {"files": {"citations": (None, b"Gr\xe4ff")}}, 400, "not valid utf-8"),
    ("multipart without boundary", "POST", "/api/processCitation",
     {"content": b"--x\r\n", "headers": {"Content-Type": "multipart/form-data"}}, 400, "no boundary"),
    ("malformed multipart", "POST", "/api/processCitation",
     {"content": b"garbage", "headers": {"Content-Type": "multipart/form-data; boundary=abc"}}, 400, "malformed"),
    ("not a form", "POST", "/api/processCitation",
     {"content": b"<x/>", "headers": {"Content-Type": "application/xml"}}, 415, "not a form"),
    ("bad consolidateCitations", "POST", "/api/processCitation",
     {"data": {"citations": GRAFF, "consolidateCitations": "yes"}}, 400, "consolidateCitations"),
    ("bad includeRawCitations", "POST", "/api/processCitationList",
     {"data": {"citations": GRAFF, "includeRawCitations": "2"}}, 400, "includeRawCitations"),
    ("JSON not JSON", "POST", "/api/parse",
     {"content": b"{citations", "headers": {"Content-Type": "application/json"}}, 400, "not valid JSON"),
    ("JSON of the wrong shape", "POST", "/api/csl", {"json": {"citations": [1, 2]}}, 400, "list of strings"),
    ("JSON not UTF-8", "POST", "/api/parse",
     {"content": b'{"citations": ["\xff"]}', "headers": {"Content-Type": "application/json"}}, 400, "byte 0xff"),
    ("wrong method", "GET", "/api/processCitation", {}, 405, "use POST"),
    ("wrong method on a list", "DELETE", "/api/processCitationList", {}, 405, "use POST"),
    ("unknown path", "GET", "/api/processFulltextDocument", {}, 404, "/openapi.json"),
]


@pytest.mark.parametrize("name, method, path, kwargs, status, words", BAD_REQUESTS,
                         ids=[case[0] for case in BAD_REQUESTS])
def test_bad_requests_get_a_status_and_a_message(client, name, method, path, kwargs, status, words):
    answer = client.request(method, path, **kwargs)
    assert answer.status_code == status, answer.text
    message = answer.json()["error"] if path in ("/api/parse", "/api/csl") else answer.text
    assert words in message
    assert client.get("/api/isalive").text == "true"  # and the server lives on


def test_concurrent_lists_each_get_their_own_answers_in_order(client, server):
    lists = [[f"{citation(i)} [list {n}]" for i in range(n, n + 30)] for n in range(24)]

    def post(citations: list[str]) -> list[str | None]:
        with httpx.Client(base_url=server.url, timeout=60) as own:
            answer = own.post("/api/processCitationList", data={"citations": citations, "includeRawCitations": "1"})
            assert answer.status_code == 200
            return raw_notes(answer.text)

    with concurrent.futures.ThreadPoolExecutor(max_workers=12) as pool:
        answers = list(pool.map(post, lists))
    assert answers == lists


def test_one_log_line_per_request(client, server):
    def health_lines() -> int:
        return sum(" GET /api/health 200 " in line for line in server.log().splitlines())

    before = health_lines()
    for _ in range(3):
        client.get("/api/health")
    client.post("/api/processCitationList", data={"citations": [citation(1), citation(2)]})
    time.sleep(0.3)
    assert health_lines() == before + 3
    assert " POST /api/processCitationList 200 citations=2 " in server.log()


def test_a_request_past_its_timeout_is_answered_and_the_server_goes_on(tmp_path):
    slow = Server(tmp_path, "--timeout", "0.05")
    try:
        with httpx.Client(base_url=slow.url, timeout=60) as http:
            answer = http.post("/api/processCitationList", data={"citations": [citation(i) for i in range(1000)]})
            assert answer.status_code == 500 and "took longer than the 0.05 s" in answer.text
            assert http.post("/api/processCitation", data={"citations": GRAFF}).status_code == 200
    finally:
        assert slow.stop()


def test_sigterm_lets_the_request_under_way_finish(tmp_path):
    server = Server(tmp_path)
    citations = [citation(i) for i in range(1000)]  # about a second of parsing
    result: dict = {}

    def post() -> None:
        with httpx.Client(base_url=server.url, timeout=60) as http:
            result["answer"] = http.post("/api/processCitationList", data={"citations": citations})

    thread = threading.Thread(target=post)
    thread.start()
    time.sleep(0.3)
    server.process.send_signal(signal.SIGTERM)
    thread.join(60)
    assert server.stop()
    assert result["answer"].status_code == 200 and len(biblstructs(result["answer"].text)) == 1000
    assert "Finished server process" in server.log()
    with pytest.raises(httpx.TransportError):
        httpx.get(server.url + "/api/isalive", timeout=2)


def test_grobid_client_python_works_unchanged(server, tmp_path):
    grobid_client = pytest.importorskip("grobid_client.grobid_client",
                                        reason="grobid-client-python is not installed (pip install '.[test]')")
    citations = [citation(i) for i in range(12)]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "refs.txt").write_text("\n".join(citations) + "\n", encoding="utf-8")
    client = grobid_client.GrobidClient(grobid_server=server.url, timeout=60)
    client.process("processCitationList", str(tmp_path / "in"), output=str(tmp_path / "out"), n=2,
                   include_raw_citations=True)
    answer = (tmp_path / "out" / "refs.grobid.tei.xml").read_text(encoding="utf-8")
    assert raw_notes(answer) == citations


@pytest.mark.slow
def test_two_workers_answer_concurrent_lists(tmp_path):
    server = Server(tmp_path, "--workers", "2")
    lists = [[citation(i + 100 * n) for i in range(50)] for n in range(8)]
    try:
        def post(citations: list[str]) -> list[str | None]:
            with httpx.Client(base_url=server.url, timeout=60) as http:
                data = {"citations": citations, "includeRawCitations": "1"}
                return raw_notes(http.post("/api/processCitationList", data=data).text)

        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            assert list(pool.map(post, lists)) == lists
        assert server.log().count("ready: model") == 2  # each worker loaded its own parser
    finally:
        assert server.stop()
