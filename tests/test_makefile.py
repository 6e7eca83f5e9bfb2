"""Every Makefile target works on a fresh clone in any order: each depends on the installs it needs.

`make -n` (print, do not run) with the virtual environment and node_modules stamps pointed at
places that do not exist is what a fresh clone looks like to make: every target must then set up
its own toolchain first. (A real fresh-venv run of `make check` is in the report of issue 16; it
downloads the locks, so it is not part of the suite.)
"""

from __future__ import annotations

import subprocess

import pytest

from conftest import ROOT

DOCS = "-r requirements/docs.lock"
TEST = "-r requirements/test.lock"
NEEDS = {
    "serve": DOCS, "build": DOCS,
    "check": TEST, "test": TEST, "linkcheck": TEST, "pdf": TEST, "bench": TEST,
}


def dry_run(tmp_path, *targets: str) -> str:
    fresh = [f"VENV={tmp_path / 'venv'}", f"NODE_STAMP={tmp_path / 'node_modules' / '.installed'}"]
    result = subprocess.run(["make", "-n", *fresh, *targets], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("target", NEEDS)
def test_each_target_sets_up_what_it_needs_on_a_fresh_clone(tmp_path, target):
    commands = dry_run(tmp_path, target)
    assert f"-m venv {tmp_path / 'venv'}" in commands, commands
    assert NEEDS[target] in commands, f"make {target} does not install {NEEDS[target]}:\n{commands}"
    assert "npm ci" in commands, f"make {target} does not install node_modules:\n{commands}"


@pytest.mark.parametrize("first, then", [("serve", "linkcheck"), ("serve", "check"), ("serve", "pdf"),
                                         ("serve", "bench"), ("check", "serve"), ("pdf", "build")])
def test_targets_work_in_any_order(tmp_path, first, then):
    commands = dry_run(tmp_path, first, then)
    assert NEEDS[then] in commands, f"make {first} {then} never installs {NEEDS[then]}:\n{commands}"
