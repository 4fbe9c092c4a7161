"""The `cuttings` parser: one built for a single command (what a new process builds) matches the whole one."""

from __future__ import annotations

import argparse

import pytest

from app.cli import build_parser, command_named


def commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    [sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


def test_a_parser_for_one_command_has_that_command_exactly_as_the_whole_parser_has_it() -> None:
    whole = commands(build_parser())
    assert {"search", "list", "export", "serve", "recover"} <= set(whole) and len(whole) >= 27
    for name, full in whole.items():
        parser = build_parser(name)
        [(only, sub)] = commands(parser).items()
        assert only == name
        assert parser.format_usage() == build_parser().format_usage()
        assert sub.format_help() == full.format_help(), name
    args = ["--archive", "/tmp/a.cuttings", "search", "ferry strike", "--json", "--limit", "5", "--sort", "published"]
    assert vars(build_parser("search").parse_args(args)) == vars(build_parser().parse_args(args))


def test_a_parser_for_an_unknown_command_is_the_whole_parser_so_the_mistake_lists_every_command() -> None:
    assert list(commands(build_parser("serch"))) == list(commands(build_parser()))


@pytest.mark.parametrize(("argv", "command"), [
    (["search", "harbour"], "search"),
    (["--archive", "/x/a.cuttings", "search", "--json", "q"], "search"),
    (["--archive=/x/a.cuttings", "list"], "list"),
    (["--archive", "search", "export"], "export"),  # the archive may be called "search"
    (["--arch", "/x", "search"], None),  # an abbreviated option: the whole parser reads it
    (["-h"], None),
    (["--version"], None),
    (["--archive", "/x"], None),
    ([], None),
])
def test_the_command_is_found_only_after_nothing_but_the_archive_option(argv: list[str], command: str | None) -> None:
    assert command_named(argv) == command
