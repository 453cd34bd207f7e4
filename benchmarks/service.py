"""The player service: command round trips over its socket, remote commands as whole
processes, and the service's CPU while it plays with no client attached.

Plays a local 90 s tone through real libVLC into a WAV file (the ``afile`` output).

    .venv/bin/python benchmarks/service.py [--calls 1000] [--commands 30]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from common import load, machine  # noqa: E402

from tests.audio import make_tone  # noqa: E402
from tui.core.library import Library  # noqa: E402
from tui.core.models import ParsedEpisode, ParsedFeed  # noqa: E402
from tui.service.address import lock_path  # noqa: E402
from tui.service.client import ServiceClient  # noqa: E402
from tui.service.lock import holder  # noqa: E402

CLIP_SECONDS = 90.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1000, help="socket round trips")
    parser.add_argument("--commands", type=int, default=30, help="runs of each command")
    parser.add_argument("--cpu-seconds", type=float, default=10.0, help="CPU sampling window")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="podtui-bench-") as tmp:
        root = Path(tmp)
        data_dir = root / "data"
        tone = make_tone(root / "tone.wav", 440.0, CLIP_SECONDS, rate=8000)
        library = Library.open(data_dir)
        podcast = library.subscribe("https://example.com/feed.xml")
        library.store_feed(
            podcast.id,
            ParsedFeed(
                title="Bench",
                episodes=[
                    ParsedEpisode(
                        title="Tone",
                        guid="tone",
                        duration=int(CLIP_SECONDS),
                        enclosure_url="https://example.com/tone.wav",
                    )
                ],
            ),
        )
        episode = library.episodes()[0].id
        library.set_download(episode, str(tone))
        library.close()
        out = root / "out.wav"
        base = [
            sys.executable,
            "-m",
            "tui",
            "--data-dir",
            str(data_dir),
            "--vlc-option=--aout=afile",
            f"--vlc-option=--audiofile-file={out}",
        ]
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        env.pop("DBUS_SESSION_BUS_ADDRESS", None)

        def podtui(*command: str) -> float:
            start = time.perf_counter()
            subprocess.run([*base, *command], check=True, env=env, capture_output=True)
            return time.perf_counter() - start

        cold = podtui("play", str(episode))
        time.sleep(1.0)
        pid = holder(lock_path(data_dir))
        assert pid, "no service"
        before = cpu_seconds(pid)
        time.sleep(args.cpu_seconds)
        cpu = (cpu_seconds(pid) - before) / args.cpu_seconds

        with ServiceClient.connect(data_dir) as client:
            round_trips = []
            for _ in range(args.calls):
                start = time.perf_counter()
                client.call("status")
                round_trips.append(time.perf_counter() - start)
        connects = []
        for _ in range(min(args.calls, 300)):
            start = time.perf_counter()
            with ServiceClient.connect(data_dir) as client:
                client.call("status")
            connects.append(time.perf_counter() - start)

        commands: dict[str, list[float]] = {"status": [], "pause / play": [], "seek +1 / -1": []}
        for number in range(args.commands):
            commands["status"].append(podtui("status"))
            commands["pause / play"].append(podtui("pause" if number % 2 == 0 else "play"))
            commands["seek +1 / -1"].append(podtui("seek", "+1" if number % 2 == 0 else "-1"))
        version = [sys.executable, "-m", "tui", "--version"]
        baseline = []
        for _ in range(args.commands):
            start = time.perf_counter()
            subprocess.run(version, check=True, env=env, capture_output=True)
            baseline.append(time.perf_counter() - start)
        podtui("service", "stop")

    print(f"Machine: {machine()}; load {load()}")
    print()
    print("| measure | median | p95 |")
    print("|---|---|---|")
    print(
        f"| socket round trip (`status`, one connection, {args.calls}x) "
        f"| {ms(statistics.median(round_trips))} | {ms(percentile(round_trips, 0.95))} |"
    )
    print(
        f"| connect + hello + `status` ({len(connects)}x) "
        f"| {ms(statistics.median(connects))} | {ms(percentile(connects, 0.95))} |"
    )
    for name, times in commands.items():
        print(
            f"| `podtui {name}` (whole process, {len(times)}x) "
            f"| {ms(statistics.median(times))} | {ms(percentile(times, 0.95))} |"
        )
    print(
        f"| `podtui --version` (whole process, baseline) "
        f"| {ms(statistics.median(baseline))} | {ms(percentile(baseline, 0.95))} |"
    )
    print(f"| `podtui play` starting the service | {ms(cold)} | |")
    print(f"| service CPU while playing, no client ({args.cpu_seconds:.0f} s) | {cpu:.1%} | |")


if __name__ == "__main__":
    main()
