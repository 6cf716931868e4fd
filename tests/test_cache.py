"""The per-file cache: same output as a fresh run, invalidated by config, never trusted."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import lint
from lint.cache import Cache
from lint.cli import main

CLAIM = "# Turmeric\n\nOur turmeric capsules cure arthritis.\n"


@pytest.fixture
def site(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".seolint.yaml").write_text("extends: [health]\n")
    for i in range(5):
        (tmp_path / f"p{i}.md").write_text(CLAIM if i % 2 else "# Soup\n\nSimmer the onions.\n")
    return tmp_path


def run_json(*args) -> list:
    result = CliRunner().invoke(main, ["check", ".", "-f", "json", *args], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def cached_run(tmp_path):
    linter = lint.Linter()
    cache = Cache(tmp_path / ".seolint_cache")
    report = linter.check_paths(["."], cache=cache)
    cache.close()
    return report, cache.hits


def test_cached_rerun_gives_the_same_findings_from_the_cache(site):
    fresh = run_json("--no-cache")
    first, hits_first = cached_run(site)
    second, hits_second = cached_run(site)
    assert (hits_first, hits_second) == (0, 5)
    assert [f.to_dict() for f in first.findings] == [f.to_dict() for f in second.findings]
    assert [f.to_dict() for f in second.findings] == fresh
    assert run_json() == fresh  # the CLI's cached path too


def test_a_changed_file_or_configuration_is_linted_again(site):
    cached_run(site)
    (site / "p0.md").write_text(CLAIM)
    report, hits = cached_run(site)
    assert hits == 4 and sum(f.path.endswith("p0.md") for f in report.findings) >= 1
    (site / ".seolint.yaml").write_text(
        "extends: [health]\nrules:\n  health.unsupported-claim: warning\n"
    )
    report, hits = cached_run(site)
    assert hits == 0
    assert {f.severity.value for f in report.findings if f.rule == "health.unsupported-claim"} == {
        "warning"
    }


def test_select_is_part_of_the_key(site):
    everything = run_json()
    only_claims = run_json("--select", "health.unsupported-claim")
    assert {f["rule"] for f in only_claims} == {"health.unsupported-claim"}
    assert len(everything) > len(only_claims)


def test_corrupt_or_foreign_cache_is_ignored_and_rebuilt(site):
    fresh = run_json("--no-cache")
    db = site / ".seolint_cache" / "cache.sqlite3"
    db.parent.mkdir()
    db.write_bytes(b"this is not a database" * 100)
    assert run_json() == fresh
    # A well-formed database with tampered entries: entries that don't decode are ignored.
    import sqlite3

    con = sqlite3.connect(db)
    con.execute("UPDATE results SET value = '{\"path\": 1}'")
    con.commit()
    con.close()
    assert run_json() == fresh


def test_no_cache_leaves_no_cache_behind(site):
    run_json("--no-cache")
    assert not (site / ".seolint_cache").exists()


SHARED = (
    "Steep the leaves for three minutes in water just off the boil, then lift the "
    "basket out so the brew does not turn bitter and the second cup tastes as good.\n"
)


def test_cross_file_findings_follow_edits_of_cached_files(tmp_path, monkeypatch):
    # Cross-file rules see every file's summary, also the cached ones', and their own
    # cached findings are used only for the same set of unchanged files.
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".seolint.yaml").write_text("extends: [seo]\n")
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.md").write_text(f"# Page {name}\n\nIntro of {name}.\n\n{SHARED}")

    def cross_file(report):
        return sorted(
            (f.path, tuple(r.path for r in f.related))
            for f in report.findings
            if f.rule == "seo.duplicate-content" and f.related
        )

    first, _ = cached_run(tmp_path)
    assert len(cross_file(first)) >= 1
    again, hits = cached_run(tmp_path)
    assert hits == 3 and cross_file(again) == cross_file(first)
    (tmp_path / "c.md").write_text("# Page c\n\nSomething else entirely.\n")
    changed, hits = cached_run(tmp_path)
    assert hits == 2
    assert all("c.md" not in f + "".join(r) for f, r in cross_file(changed))
    assert cross_file(changed) == cross_file(lint.Linter().check_paths(["."]))
    (tmp_path / "c.md").write_text(f"# Page c\n\nIntro of c.\n\n{SHARED}")
    restored, hits = cached_run(tmp_path)
    assert hits == 3 and cross_file(restored) == cross_file(first)  # all from the cache


def test_tampered_summaries_are_not_trusted(site):
    import sqlite3

    (site / ".seolint.yaml").write_text("extends: [seo]\n")
    fresh = run_json("--no-cache")
    run_json()
    con = sqlite3.connect(site / ".seolint_cache" / "cache.sqlite3")
    con.execute("UPDATE results SET summaries = '[1, 2]'")
    con.execute("DELETE FROM corpus")
    con.commit()
    con.close()
    assert run_json() == fresh


def test_sources_are_kept_only_when_asked(site):
    kept = lint.Linter().check_paths(["."])
    dropped = lint.Linter().check_paths(["."], sources=False)
    assert set(kept.sources) == {f.path for f in kept.findings} and kept.sources
    assert dropped.sources == {}
    assert [f.to_dict() for f in dropped.findings] == [f.to_dict() for f in kept.findings]


def test_only_the_latest_cross_file_result_is_kept(site):
    import sqlite3

    run_json()
    (site / "p0.md").write_text(CLAIM + "\nMore.\n")
    run_json()
    con = sqlite3.connect(site / ".seolint_cache" / "cache.sqlite3")
    assert con.execute("SELECT COUNT(*) FROM corpus").fetchone()[0] == 1
    con.close()


def test_a_file_changed_between_its_two_reads_is_linted_as_it_is_and_not_cached(
    site, monkeypatch
):
    from lint import engine

    soup = "# Soup\n\nSimmer the onions.\n"
    reads = []

    def read_then_change(path):
        data = real_read(path)
        reads.append(path)
        if path.endswith("p1.md") and reads.count(path) == 1:
            (site / "p1.md").write_text(soup)  # edited right after the key was made
        return data

    real_read = engine._read
    monkeypatch.setattr(engine, "_read", read_then_change)
    cache = Cache(site / ".seolint_cache")
    # JSON shows no lines: files are read once for their keys, again to be linted.
    report = lint.Linter().check_paths(["."], cache=cache, sources=False)
    cache.close()
    assert reads.count("p1.md") == 2
    assert {f.path for f in report.findings if f.rule == "health.unsupported-claim"} == {"p3.md"}
    # Nothing was cached under the key of the text first read: with that text back, p1
    # is linted again (not served the soup's findings) and its claim is found.
    (site / "p1.md").write_text(CLAIM)
    monkeypatch.setattr(engine, "_read", real_read)
    again, hits = cached_run(site)
    assert hits == 4
    claims = {f.path for f in again.findings if f.rule == "health.unsupported-claim"}
    assert claims == {"p1.md", "p3.md"}
