"""Configuration fails fast on bad values instead of running with a silent default."""

import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from sendcase.config.env import env_bool, env_int, env_list


def _import_settings(env: dict) -> subprocess.CompletedProcess:
    code = "import sendcase.config.settings"
    base = {"PATH": "/usr/bin:/bin", "PYTHONPATH": "src"}
    return subprocess.run([sys.executable, "-c", code], env={**base, **env}, capture_output=True, text=True)


def test_secret_key_is_required_outside_debug():
    result = _import_settings({"DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_runs_without_a_secret_key():
    assert _import_settings({"DEBUG": "true"}).returncode == 0


def test_unsupported_database_is_refused():
    result = _import_settings({"SECRET_KEY": "x", "DATABASE_URL": "mysql://root@localhost/db"})
    assert result.returncode != 0
    assert "DATABASE_URL must name" in result.stderr


def test_bad_boolean_is_refused(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG must be true or false"):
        env_bool("SOME_FLAG")


def test_bad_integer_is_refused(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("SOME_NUMBER", 3)


def test_lists_are_split_and_trimmed(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.example , b.example,, ")
    assert env_list("HOSTS", []) == ["a.example", "b.example"]
