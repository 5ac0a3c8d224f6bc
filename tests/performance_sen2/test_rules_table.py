"""The rules table is data, matched one-to-one with the checks, and every rule has its tests."""

from __future__ import annotations

import pytest

from sendcase.performance.sen2.validation import CHECKS, MODULES, RULES_FILE, SEVERITIES, load_rules

from .test_rules import CASES

HEADER = "rule_id,severity,module,items,fix_on,message\n"


def test_every_rule_has_a_check_and_a_test_case():
    ids = {rule.rule_id for rule in load_rules()}
    assert ids == set(CHECKS)
    assert ids == set(CASES)


def test_rules_name_their_items_severity_and_module():
    for rule in load_rules():
        assert rule.severity in SEVERITIES
        assert rule.module in MODULES
        assert rule.items, rule.rule_id
        assert rule.message and not rule.message.endswith(".")
        assert rule.fix_on in {"child", "request", "plan", "settings"}


def test_the_table_has_the_brief_s_date_and_code_rules():
    items = {rule.rule_id: rule.items for rule in load_rules()}
    assert set(items["R05"]) == {"RequestOutcomeDate", "ReceivedDate"}  # outcome on or after receipt
    assert set(items["N03"]) == {"CeaseDate", "CeaseReason"}  # reason exactly when a cease date exists
    assert set(items["N02"]) == {"StartDate", "ReceivedDate"}  # plan starts on or after the request
    assert items["A05"] == ("Week20",)  # the exceptions flag agrees with recorded exceptions
    assert items["P08"] == ("UPN",)  # UPN check letter


def _table(tmp_path, body: str):
    path = tmp_path / "rules.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def _real_rows() -> str:
    return RULES_FILE.read_text(encoding="utf-8").split("\n", 1)[1]


def test_a_rule_without_a_check_is_refused(tmp_path):
    path = _table(tmp_path, _real_rows() + "Z99,error,person,UPN,child,Made up\n")
    with pytest.raises(ValueError, match="Z99"):
        load_rules.__wrapped__(path)


def test_a_check_without_a_rule_is_refused(tmp_path):
    rows = "\n".join(line for line in _real_rows().splitlines() if not line.startswith("P12,"))
    with pytest.raises(ValueError, match="P12"):
        load_rules.__wrapped__(_table(tmp_path, rows + "\n"))


def test_a_duplicate_rule_or_unknown_severity_is_refused(tmp_path):
    with pytest.raises(ValueError, match="twice"):
        load_rules.__wrapped__(_table(tmp_path, _real_rows() + "P12,warning,person,PostCode,child,Again\n"))
    bad = _real_rows().replace("P12,warning", "P12,advisory")
    with pytest.raises(ValueError, match="P12"):
        load_rules.__wrapped__(_table(tmp_path, bad))
