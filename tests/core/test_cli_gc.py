"""A library command runs without the garbage collector; every other command with it."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

from tui.cli.root import main

ROOT = Path(__file__).resolve().parents[2]

# Runs ``python -m tui ARGS`` as a user does, with the command's function wrapped so that
# it reports whether the collector is on when the command starts its work.
PROBE = r"""
import gc, runpy, sys
import tui.cli.root as root
import tui.cli.service as service
import tui.cli.subscriptions as subscriptions

def report(command):
    def wrapped(*args, **kwargs):
        print("collector on:", gc.isenabled(), flush=True)
        return 0
    return wrapped

root.library_command = lambda name: report(name)
subscriptions.cmd_add = report("add")  # add takes the config too: called by name
service.cmd_service = report("service")
sys.argv = ["podtui", *sys.argv[1:]]
runpy.run_module("tui", run_name="__main__")
"""


def probe(data_dir: Path, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_a_library_command_runs_with_the_collector_off(data_dir):
    assert probe(data_dir, "podcasts") == "collector on: False"
    assert probe(data_dir, "add", "https://podcast.example/feed.xml") == "collector on: False"


def test_the_other_commands_run_with_the_collector_on(data_dir):
    assert probe(data_dir, "status") == "collector on: True"


def test_main_called_in_a_process_leaves_the_collector_as_it_was(data_dir):
    assert gc.isenabled()
    assert main(["--data-dir", str(data_dir), "podcasts"]) == 0
    assert gc.isenabled()


def test_the_command_line_is_imported_with_the_collector_off():
    # What the installed ``podtui`` script runs (pyproject's project.scripts): tui.launch.run.
    code = (
        "import gc, sys, tui.launch\n"
        "class Probe:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'tui.cli':\n"
        "            print('collector on:', gc.isenabled(), flush=True)\n"
        "sys.meta_path.insert(0, Probe())\n"
        "sys.argv = ['podtui', '--version']\n"
        "tui.launch.run()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "collector on: False"
