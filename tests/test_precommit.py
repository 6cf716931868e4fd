"""The pre-commit hook, run by pre-commit itself against a sample repository."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PRE_COMMIT = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")

pytestmark = pytest.mark.skipif(
    not Path(PRE_COMMIT).exists() or shutil.which("git") is None or not (REPO / ".git").exists(),
    reason="needs pre-commit, git and a git checkout of seolint",
)


def test_hook_flags_a_claim_and_passes_a_clean_article(tmp_path):
    def git(*args):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    (tmp_path / "claim.md").write_text("# Turmeric\n\nOur turmeric capsules cure arthritis.\n")
    (tmp_path / "clean.md").write_text("# Soup\n\nSimmer the onions for ten minutes.\n")
    git("add", ".")

    def hook(*files):
        return subprocess.run(
            [PRE_COMMIT, "try-repo", str(REPO), "seolint", "--files", *files],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=1200,
        )

    failing = hook("claim.md")
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "claim.md:3:" in failing.stdout and "[health.unsupported-claim]" in failing.stdout
    passing = hook("clean.md")
    assert passing.returncode == 0, passing.stdout + passing.stderr
