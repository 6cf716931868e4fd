from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the property tests on a fixed set of generated examples (HYPOTHESIS_PROFILE=ci,
# set by .ci/run), so a build never fails on a case no commit introduced; new cases are
# searched for locally and by scripts/fuzz.py.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    from lint import nlp as nlpmod

    return nlpmod.load()


@pytest.fixture
def write(tmp_path):
    """Write a file under tmp_path (bytes or text, written as is) and return its path."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
        return path

    return _write


@pytest.fixture
def cli(tmp_path, monkeypatch):
    """``cli(config, extra_args)`` -> a runner of `seolint` in tmp_path with that
    .seolint.yaml; every run is checked for a traceback."""
    from click.testing import CliRunner

    from lint.cli import main

    monkeypatch.chdir(tmp_path)

    def make(config: str, extra_args=()):
        (tmp_path / ".seolint.yaml").write_text(config)

        def run(*args, input=None):
            invocation = [*args, *extra_args]
            result = CliRunner().invoke(main, invocation, input=input, catch_exceptions=False)
            assert "Traceback" not in result.output + result.stderr
            return result

        return run

    return make
