"""The language server, driven as an editor would: JSON-RPC over the server's stdio."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("pygls")

REPO = Path(__file__).resolve().parents[1]
TIMEOUT = 60.0  # the first lint loads the spaCy pipeline
ARTICLE = "# Turmeric 🌿\n\n🌿 Our turmeric capsules cure arthritis.\n"
CLEAN = "# Gardening\n\nWe planted tomatoes in spring.\n"


class Client:
    """A minimal LSP client: Content-Length framing, requests, notifications."""

    def __init__(self, command: list[str], cwd: Path, stderr: Path):
        env = dict(os.environ, PYTHONPATH=str(REPO))
        self._stderr = stderr.open("wb")
        self.proc = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            cwd=cwd,  # no configuration here: it must come from the documents' paths
            env=env,
        )
        self.messages: queue.Queue = queue.Queue()
        self.notifications: list[dict] = []
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = stream.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.decode("ascii").strip()
                if not line:
                    break
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            body = stream.read(int(headers["content-length"]))
            self.messages.put(json.loads(body.decode("utf-8")))

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method: str, params: dict) -> None:
        self.send({"method": method, "params": params})

    def _next(self, deadline: float) -> dict:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError("timed out waiting for the server")
        try:
            message = self.messages.get(timeout=remaining)
        except queue.Empty:
            raise AssertionError("timed out waiting for the server") from None
        if message is None:
            raise AssertionError("the server closed its output")
        if "method" in message and "id" in message:  # a request to the client
            self.send({"id": message["id"], "result": None})
        return message

    def request(self, method: str, params: dict | None, timeout: float = TIMEOUT):
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        while True:
            message = self._next(deadline)
            if message.get("id") == self.next_id and "method" not in message:
                assert "error" not in message, message
                return message["result"]
            if "method" in message:
                self.notifications.append(message)

    def diagnostics(self, uri: str, timeout: float = TIMEOUT) -> dict:
        """The next publishDiagnostics for ``uri`` (params)."""
        deadline = time.monotonic() + timeout
        while True:
            for i, message in enumerate(self.notifications):
                if (
                    message["method"] == "textDocument/publishDiagnostics"
                    and message["params"]["uri"] == uri
                ):
                    return self.notifications.pop(i)["params"]
            message = self._next(deadline)
            if "method" in message:
                self.notifications.append(message)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self._stderr.close()


SERVER = [sys.executable, "-m", "lint.server"]
CLI_SERVER = [sys.executable, "-c", "from lint.cli import main; main()", "server"]


@pytest.fixture
def client(tmp_path, request):
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    command = getattr(request, "param", SERVER)
    c = Client(command, elsewhere, tmp_path / "server.stderr")
    result = c.request(
        "initialize",
        {
            "processId": os.getpid(),
            "rootUri": None,
            "capabilities": {"general": {"positionEncodings": ["utf-16"]}},
        },
    )
    capabilities = result["capabilities"]
    assert capabilities["hoverProvider"]
    assert "quickfix" in capabilities["codeActionProvider"]["codeActionKinds"]
    assert capabilities["textDocumentSync"]["openClose"]
    c.notify("initialized", {})
    yield c
    c.close()


def article(tmp_path: Path, name: str, text: str, config: str = "extends: [health]\n"):
    folder = tmp_path / name.split("/")[0]
    folder.mkdir(exist_ok=True)
    (folder / ".seolint.yaml").write_text(config)
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path.as_uri()


def open_doc(client: Client, uri: str, text: str) -> None:
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}},
    )


def utf16_slice(text: str, rng: dict) -> str:
    """The text of an LSP range (UTF-16 columns) within one line."""
    assert rng["start"]["line"] == rng["end"]["line"]
    line = text.splitlines()[rng["start"]["line"]].encode("utf-16-le")
    return line[2 * rng["start"]["character"] : 2 * rng["end"]["character"]].decode("utf-16-le")


def by_code(diagnostics: list[dict]) -> dict[str, dict]:
    return {d["code"]: d for d in diagnostics}


def test_editor_conversation(client, tmp_path):
    uri = article(tmp_path, "blog/turmeric.md", ARTICLE)
    open_doc(client, uri, ARTICLE)
    published = client.diagnostics(uri)
    assert published["version"] == 1
    found = by_code(published["diagnostics"])
    assert {"health.missing-disclaimer", "health.unsupported-claim"} <= set(found)

    claim = found["health.unsupported-claim"]
    # UTF-16: the emoji before the claim is two code units (one code point).
    assert claim["range"] == {
        "start": {"line": 2, "character": 25},
        "end": {"line": 2, "character": 39},
    }
    assert utf16_slice(ARTICLE, claim["range"]) == "cure arthritis"
    assert claim["severity"] == 1
    assert claim["source"] == "seolint"
    assert "cure arthritis" in claim["message"]

    disclaimer = found["health.missing-disclaimer"]
    assert utf16_slice(ARTICLE, disclaimer["range"]) == "Turmeric 🌿"

    # Quick fix: insert the disclaimer after the heading (past the emoji: UTF-16).
    actions = client.request(
        "textDocument/codeAction",
        {
            "textDocument": {"uri": uri},
            "range": disclaimer["range"],
            "context": {"diagnostics": [disclaimer]},
        },
    )
    quickfixes = [
        a
        for a in actions
        if a["kind"] == "quickfix" and a["diagnostics"][0]["code"] == disclaimer["code"]
    ]
    assert len(quickfixes) == 1
    (edit,) = quickfixes[0]["edit"]["changes"][uri]
    assert edit["range"] == {
        "start": {"line": 0, "character": 13},
        "end": {"line": 0, "character": 13},
    }
    assert edit["newText"].startswith("\n\nThis article is for informational purposes only")
    assert "not medical advice" in edit["newText"]

    # Hover inside the claim's range: rule id, description and help.
    from lint.engine import Linter

    info = Linter().all_rules([str(tmp_path / "blog/turmeric.md")])["health.unsupported-claim"]
    hover = client.request(
        "textDocument/hover",
        {"textDocument": {"uri": uri}, "position": {"line": 2, "character": 30}},
    )
    value = hover["contents"]["value"]
    assert "health.unsupported-claim" in value
    assert info.description in value
    assert info.help and info.help in value
    assert (
        client.request(
            "textDocument/hover",
            {"textDocument": {"uri": uri}, "position": {"line": 2, "character": 2}},
        )
        is None
    )

    # Two quick changes: only the latest version is linted and published.
    for version, text in ((2, ARTICLE + "More cures.\n"), (3, CLEAN)):
        client.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": text}],
            },
        )
    published = client.diagnostics(uri)
    assert published == {"uri": uri, "version": 3, "diagnostics": []}

    client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    assert client.diagnostics(uri)["diagnostics"] == []

    assert client.request("shutdown", None) is None
    client.notify("exit", None)
    assert client.proc.wait(timeout=TIMEOUT) == 0


@pytest.mark.parametrize("client", [CLI_SERVER], indirect=True)  # `seolint server`
def test_crlf_document_and_configuration_error(client, tmp_path):
    crlf = ARTICLE.replace("\n", "\r\n")
    uri = article(tmp_path, "crlf/turmeric.md", crlf)
    open_doc(client, uri, crlf)
    found = by_code(client.diagnostics(uri)["diagnostics"])
    assert found["health.unsupported-claim"]["range"]["start"] == {"line": 2, "character": 25}
    disclaimer = found["health.missing-disclaimer"]
    actions = client.request(
        "textDocument/codeAction",
        {
            "textDocument": {"uri": uri},
            "range": disclaimer["range"],
            "context": {"diagnostics": [disclaimer], "only": ["quickfix"]},
        },
    )
    edits = [a["edit"]["changes"][uri][0] for a in actions if a["diagnostics"] == [disclaimer]]
    (edit,) = edits
    assert edit["range"]["start"] == {"line": 0, "character": 13}
    assert edit["newText"].startswith("\r\n\r\nThis article")
    assert "\n" not in edit["newText"].replace("\r\n", "")

    # Every fix at once, as a source action.
    actions = client.request(
        "textDocument/codeAction",
        {
            "textDocument": {"uri": uri},
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
            "context": {"diagnostics": [], "only": ["source.fixAll"]},
        },
    )
    (fix_all,) = actions
    assert fix_all["kind"] == "source.fixAll.seolint"
    assert len(fix_all["edit"]["changes"][uri]) == sum(
        1 for a in found.values() if a["code"].startswith("health.missing-")
    )

    # A broken configuration is one diagnostic at the top, and the server lives on.
    broken = article(tmp_path, "broken/post.md", ARTICLE, config="extends: [no-such-pack]\n")
    open_doc(client, broken, ARTICLE)
    (error,) = client.diagnostics(broken)["diagnostics"]
    assert error["code"] == "seolint.config-error"
    assert error["severity"] == 1
    assert error["range"]["start"] == {"line": 0, "character": 0}
    assert "no-such-pack" in error["message"]
    hover = client.request(
        "textDocument/hover",
        {"textDocument": {"uri": uri}, "position": {"line": 2, "character": 30}},
    )
    assert "health.unsupported-claim" in hover["contents"]["value"]

    # Fixing the configuration and saving it lints the open documents again.
    config = tmp_path / "broken" / ".seolint.yaml"
    config.write_text("extends: [health]\nrules:\n  health.unsupported-claim: off\n")
    client.notify("textDocument/didSave", {"textDocument": {"uri": config.as_uri()}})
    codes = {d["code"] for d in client.diagnostics(broken)["diagnostics"]}
    assert "health.missing-disclaimer" in codes
    assert "health.unsupported-claim" not in codes


def test_positions_convert_code_points_to_client_units():
    from lint.server import Positions

    def utf16(s: str) -> int:
        return len(s.encode("utf-16-le")) // 2

    # BOM (not in the linted text), an astral character, CRLF, a lone CR, and a
    # U+2028 that LSP does not count as a line break (str.splitlines would).
    text = "\ufeffa😀b\r\nc\u2028x\rd😀\n"
    positions = Positions(text, utf16)
    assert positions.newline == "\r\n"
    p = positions.position(1, 3)
    assert (p.line, p.character) == (0, 4)  # BOM + "a" + two units for the emoji
    p = positions.at_offset(0)
    assert (p.line, p.character) == (0, 1)  # after the BOM
    linted = "a😀b\nc\u2028x\nd😀\n"  # what the engine's offsets index
    p = positions.at_offset(linted.index("x"))
    assert (p.line, p.character) == (1, 2)
    p = positions.at_offset(len(linted) - 1)
    assert (p.line, p.character) == (2, 3)
    p = positions.at_offset(len(linted))
    assert (p.line, p.character) == (3, 0)
    utf32 = Positions(text, len)
    p = utf32.position(1, 3)
    assert (p.line, p.character) == (0, 3)
