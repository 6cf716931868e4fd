"""One YAML fixture file per rule kind (pass and fail cases), run through the engine.

``tests/fixtures/rules/<kind>.yaml`` names a rule and lists cases; each case's text is
linted with that rule alone, and the findings must match ``expect`` in order: severity,
a quote that the flagged source text contains and, where given, a part of the message.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import lint
from lint.config import default_config

FIXTURES = Path(__file__).parent / "fixtures" / "rules"


def _cases():
    for path in sorted(FIXTURES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            if data.get("pack_file"):
                case = {**case, "pack_file": str(FIXTURES.parent / data["pack_file"])}
            yield pytest.param(data["rule"], case, id=f"{path.stem}: {case['name']}")


def _fixture_rules() -> set[str]:
    return {yaml.safe_load(p.read_text())["rule"] for p in FIXTURES.glob("*.yaml")}


@pytest.mark.parametrize(("rule", "case"), list(_cases()))
def test_rule_case(rule, case):
    pack = rule.split(".", 1)[0]
    config = {"extends": [case.get("pack_file", pack)] if pack != "seolint" else []}
    if case.get("options"):
        config["rules"] = {rule: case["options"]}
    findings = lint.Linter(config, select=[rule]).check_text(
        case["text"], case.get("path", "case.md")
    )
    got = [(f.severity.value, f.text, f.message) for f in findings]
    expected = case["expect"]
    assert len(got) == len(expected), f"expected {expected}, got {got}"
    for (severity, text, message), want in zip(got, expected, strict=True):
        assert severity == want["severity"], (got, want)
        assert want["quote"].lower() in text.lower(), (got, want)
        assert want.get("message", "") in message, (got, want)


def test_every_builtin_rule_has_fixtures_and_a_description():
    rules = default_config().rules
    covered = _fixture_rules()
    for rule_id, spec in rules.items():
        assert spec.description.strip(), f"{rule_id} has no description"
        if spec.kind != "engine":
            assert rule_id in covered or _kind_fixture(spec.kind), f"{rule_id} has no fixture file"


def _kind_fixture(kind: str) -> bool:
    return (FIXTURES / f"{kind}.yaml").exists()


def test_every_kind_has_a_fixture_file():
    from lint.kinds import KINDS

    for kind in KINDS:
        assert _kind_fixture(kind), f"kind {kind!r} has no tests/fixtures/rules/{kind}.yaml"


def test_every_fixture_file_has_pass_and_fail_cases():
    for path in FIXTURES.glob("*.yaml"):
        cases = yaml.safe_load(path.read_text())["cases"]
        assert any(c["expect"] for c in cases), f"{path.name} has no failing case"
        assert any(not c["expect"] for c in cases), f"{path.name} has no passing case"
