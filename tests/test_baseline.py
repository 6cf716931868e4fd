"""Baseline keyed on flagged text, and --changed-since on a real git repository."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from lint.cli import main

CLAIM = "# Turmeric\n\nOur turmeric capsules cure arthritis.\n"


@pytest.fixture
def site(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".seolint.yaml").write_text("extends: [health]\n")
    return tmp_path


def check(*args):
    result = CliRunner().invoke(main, ["check", *args, "-f", "json", "--no-cache"], catch_exceptions=False)
    return result, (json.loads(result.stdout) if result.stdout.startswith("[") else None)


def test_baseline_hides_old_findings_even_when_lines_move(site):
    (site / "a.md").write_text(CLAIM)
    result, _ = check(".", "--write-baseline", "baseline.json")
    assert result.exit_code == 0
    entries = json.loads((site / "baseline.json").read_text())["findings"]
    assert {e["rule"] for e in entries} >= {"health.unsupported-claim"}
    assert all("line" not in e for e in entries)
    # Edits elsewhere move the old claim down: still baselined.
    (site / "a.md").write_text("# Turmeric\n\nA new intro paragraph.\n\nMore text.\n\nOur turmeric capsules cure arthritis.\n")
    result, findings = check(".", "--baseline", "baseline.json")
    assert findings == []
    assert result.exit_code == 0


def test_baseline_reports_new_findings_and_counts_gone_entries(site):
    (site / "a.md").write_text(CLAIM)
    check(".", "--write-baseline", "baseline.json")
    (site / "a.md").write_text("# Turmeric\n\nOur turmeric capsules relieve joint pain.\n")
    result, findings = check(".", "--baseline", "baseline.json")
    assert [f["text"] for f in findings if f["rule"] == "health.unsupported-claim"] == ["relieve joint pain"]
    assert "no longer occur" in result.stderr
    assert result.exit_code == 1


def test_the_same_text_twice_needs_two_entries(site):
    (site / "a.md").write_text(CLAIM)
    check(".", "--write-baseline", "baseline.json")
    (site / "a.md").write_text(CLAIM + "\nOur turmeric capsules cure arthritis.\n")
    _, findings = check(".", "--baseline", "baseline.json")
    assert [f["text"] for f in findings] == ["cure arthritis"]


def test_invalid_baseline_is_exit_2(site):
    (site / "a.md").write_text(CLAIM)
    (site / "baseline.json").write_text("{}")
    result, _ = check(".", "--baseline", "baseline.json")
    assert result.exit_code == 2
    assert "invalid baseline" in result.stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_changed_since_lints_changed_and_untracked_files_only(site):
    def git(*args):
        subprocess.run(["git", *args], cwd=site, check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.email=a@b", "-c", "user.name=a", "commit", "-q", "--allow-empty", "-m", "root")
    for name in ("old.md", "edited.md"):
        (site / name).write_text(CLAIM)
    git("add", ".")
    git("-c", "user.email=a@b", "-c", "user.name=a", "commit", "-q", "-m", "articles")
    (site / "edited.md").write_text(CLAIM + "\nIt relieves joint pain.\n")
    (site / "new.md").write_text(CLAIM)
    _, findings = check(".", "--changed-since", "HEAD")
    assert sorted({f["path"] for f in findings}) == ["edited.md", "new.md"]
    result, _ = check(".", "--changed-since", "no-such-ref")
    assert result.exit_code == 2 and "no-such-ref" in result.stderr
