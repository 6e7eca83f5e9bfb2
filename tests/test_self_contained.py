"""The repository checks and tests itself with nothing beside it: a copy of the tracked files in a
temporary folder (no ../shared, no team checkout around it) runs the manifest check of
`scripts/check.py` and the manifest tests. The copy reuses this checkout's .venv and node_modules
through symlinks, so nothing is installed."""

from __future__ import annotations

import shutil
import subprocess

from conftest import ROOT

MANIFEST_CHECK = ("import sys; from pathlib import Path; from check import manifest_problems; "
                  "problems = manifest_problems(Path('.').resolve()); print(*problems, sep='\\n'); "
                  "sys.exit(1 if problems else 0)")


def tracked_copy(destination):
    """Every file git tracks (as a fresh clone would have it), copied; the environments linked."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = ROOT / name
        if source.is_file():  # a file deleted but not yet staged is not in a clone either
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)
    for environment in (".venv", "node_modules"):
        (destination / environment).symlink_to((ROOT / environment).resolve(), target_is_directory=True)
    return destination


def run(clone, *args):
    python = clone / ".venv" / "bin" / "python"
    return subprocess.run([str(python), *args], cwd=clone, capture_output=True, text=True, check=False,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": "scripts:overrides/hooks"})


def test_a_clone_with_nothing_beside_it_checks_its_manifests(tmp_path):
    clone = tracked_copy(tmp_path / "clone")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clone"], "the copy must stand alone"

    check = run(clone, "-c", MANIFEST_CHECK)
    assert check.returncode == 0, f"scripts/check.py's manifest check fails in a clone:\n{check.stdout}{check.stderr}"

    tests = run(clone, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_manifests.py")
    assert tests.returncode == 0, f"the manifest tests fail in a clone:\n{tests.stdout[-3000:]}{tests.stderr[-2000:]}"
    assert " passed" in tests.stdout
