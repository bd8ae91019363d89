"""The README documents every command, and its examples run (the pycon block is a doctest)."""

from __future__ import annotations

import re

import pytest

from kg.cli import main
from kg.query import named_queries
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_docs_readme_starts_with_the_two_commands():
    first_block = re.search(r"```sh\n(.*?)```", README, re.S).group(1).splitlines()
    assert first_block == [
        "pip install -e . && kg build seeds/ --out exports/",
        'pip install -e ".[test]" && pytest',
    ]


@pytest.mark.parametrize("command", sorted(main.commands))
def test_docs_every_command_is_in_the_readme_and_has_help(command):
    assert f"kg {command}" in README
    assert main.commands[command].help


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_docs_every_named_query_is_in_the_readme(name):
    assert f"`{name}`" in README


def test_docs_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'pip install -e ".[test]"' in ci and "pytest" in ci
