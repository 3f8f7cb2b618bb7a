"""The project keeps its own rules (STYLE.md rule 14).

Every command in the CLI's table loads, has help text and is documented in the
README; every registered source format has a parser; every error class is drawn in
the errors module's tree.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import click
import pytest

from archivist import errors
from archivist.cli import COMMANDS, main
from archivist.recover import load_parsers
from archivist.sources import load_formats

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_loads_and_has_help(name: str) -> None:
    command = main.get_command(click.Context(main), name)
    assert command is not None, f"COMMANDS row {name!r} points at nothing"
    assert command.help and len(command.help.strip()) > 20, f"{name} needs a help text"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_is_in_the_readme(name: str) -> None:
    assert f"archivist {name}" in README, f"README does not show `archivist {name}`"


@pytest.mark.parametrize("name", sorted(set(load_formats()) - {"media", "warc"}))
def test_every_source_format_has_a_parser(name: str) -> None:
    # WARC records are HTML responses (format "html"); media files are images, not articles.
    assert name in load_parsers()


@pytest.mark.parametrize("name", sorted(load_formats()))
def test_every_source_format_is_in_the_readme(name: str) -> None:
    assert f"`{name}`" in README or f"--format {name}" in README


@pytest.mark.parametrize(
    "cls",
    [c for _, c in inspect.getmembers(errors, inspect.isclass) if issubclass(c, errors.ArchiveError)],
)
def test_every_error_is_drawn_in_the_tree(cls: type) -> None:
    assert cls.__name__ in (errors.__doc__ or ""), f"{cls.__name__} is missing from errors.py's tree"
