"""``podtui doctor`` as a user runs it: a real process, real libVLC, real ALSA configurations.

PulseAudio is made unreachable with ``PULSE_SERVER`` and ALSA is given a configuration of
our own with ``ALSA_CONFIG_PATH`` (one without a ``default`` device, or one whose ``hw``
devices are ALSA's null sink), so the results do not depend on the machine's sound.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui.player.sound_check import AlsaDevice, alsa_playback_devices, failure_reason

pytestmark = pytest.mark.vlc

ROOT = Path(__file__).resolve().parents[2]

# Every hw:CARD,DEV is ALSA's null sink, which takes whatever it is sent.
NULL_HW = """
pcm.hw {
    @args [ CARD DEV SUBDEV ]
    @args.CARD { type string default "0" }
    @args.DEV { type integer default 0 }
    @args.SUBDEV { type integer default -1 }
    type null
}
"""


def no_sound_env(tmp_path: Path, alsa_config: str = "") -> dict[str, str]:
    conf = tmp_path / "asound.conf"
    conf.write_text(alsa_config)
    return dict(
        os.environ,
        PYTHONPATH=str(ROOT),
        PULSE_SERVER=f"unix:{tmp_path / 'no-pulse-here'}",
        ALSA_CONFIG_PATH=str(conf),
    )


def doctor(tmp_path: Path, *args: str, env=None, check: int | None = None):
    cwd = tmp_path / "cwd"
    cwd.mkdir(exist_ok=True)
    result = subprocess.run(
        [sys.executable, "-m", "tui", "--data-dir", str(tmp_path / "data"), *args],
        capture_output=True,
        text=True,
        env=env or no_sound_env(tmp_path),
        cwd=cwd,
        timeout=90,
    )
    assert "Traceback" not in result.stderr, result.stderr
    if check is not None:
        assert result.returncode == check, (result.stdout, result.stderr)
    return result


def rows(result) -> dict[str, tuple[str, str]]:
    """check -> (mark, detail) from doctor's output."""
    found = {}
    for line in result.stdout.splitlines():
        mark, rest = line[:3].strip(), line[4:]
        check, _, detail = rest.partition("  ")
        found[check.strip()] = (mark, detail.strip())
    return found


def test_doctor_says_why_each_output_failed_and_what_to_try(libvlc, tmp_path):
    result = doctor(tmp_path, "doctor", check=1)
    got = rows(result)
    assert got["playback"][0] == "NO"
    assert got["output pulse"] == (
        "NO",
        "PulseAudio refused the connection (no PulseAudio or PipeWire server runs)",
    )
    assert got["output alsa"] == ("NO", 'ALSA has no "default" device')
    assert got["try"] == ("", "podtui --audio-output adummy (the app without sound)")
    assert str(tmp_path / "data" / "podtui.log") in got["log"][1]
    assert result.stderr == ""


def test_doctor_finds_an_alsa_device_that_plays(libvlc, tmp_path):
    """A sound card listed by the kernel, no ALSA default: doctor tries hw:C,D and says
    which command line plays."""
    asound = tmp_path / "asound"
    asound.mkdir()
    (asound / "pcm").write_text(
        "00-03: HDMI 0 : HDMI 0 : playback 1\n"
        "01-00: USB Audio : USB Audio : playback 1 : capture 1\n"
    )
    code = (
        "from pathlib import Path\n"
        "from tui.player.doctor import play_test_tone\n"
        "from tui.player.sound_check import diagnose, suggestion\n"
        "play = lambda options, log: play_test_tone(options, log_file=log)\n"
        "attempts, devices = diagnose(\n"
        f"    play, ['pulse', 'alsa', 'adummy'], [], asound=Path({str(asound)!r})\n"
        ")\n"
        "for a in attempts: print(a.label, a.ok, a.reason, sep='|')\n"
        "print(suggestion([a for a in attempts if a.ok][0]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=no_sound_env(tmp_path, NULL_HW),
        timeout=90,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("pulse|False|PulseAudio refused the connection")
    assert lines[1] == 'alsa|False|ALSA has no "default" device'
    assert lines[2] == "alsa hw:0,3|True|"
    assert lines[3] == "podtui --audio-output alsa --vlc-option=--alsa-audio-device=hw:0,3"


def test_doctor_plays_through_afile_without_leaving_a_file(libvlc, tmp_path):
    result = doctor(tmp_path, "doctor", "--audio-output", "afile", check=0)
    assert rows(result)["playback"][0] == "ok"
    assert list((tmp_path / "cwd").iterdir()) == []


def test_doctor_reports_an_unknown_audio_output(libvlc, tmp_path):
    result = doctor(tmp_path, "doctor", "--audio-output", "bogus", check=1)
    mark, detail = rows(result)["playback"]
    assert mark == "NO" and detail.startswith("unknown audio output 'bogus' (libVLC has ")


def test_doctor_reports_config_problems_and_runs_the_other_checks(libvlc, tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text("theme = \n[player\n")
    result = doctor(tmp_path, "--config", str(broken), "doctor", "--audio-output", "adummy")
    got = rows(result)
    assert result.returncode == 1
    assert got["config file"][0] == "NO" and "is not valid TOML" in got["config file"][1]
    assert got["playback"][0] == "ok" and got["libVLC"][0] == "ok" and got["data dir"][0] == "ok"

    missing = tmp_path / "nonexistent.toml"
    result = doctor(tmp_path, "--config", str(missing), "doctor", "--audio-output", "adummy")
    assert result.returncode == 1
    assert rows(result)["config file"] == (
        "NO",
        f"config file {missing} does not exist (named by --config); defaults in use",
    )

    odd = tmp_path / "odd.toml"
    odd.write_text(
        'theme = "no-such-theme"\n[keymap]\n"episodes.select" = "enter,ctrl+nosuchkey"\n'
        '"no.such.binding" = "x"\n"queue.show" = "Q"\n'
    )
    result = doctor(tmp_path, "--config", str(odd), "doctor", "--audio-output", "adummy", check=1)
    got = rows(result)
    assert got["config file"][0] == "ok"
    assert got["theme"] == ("NO", "unknown theme 'no-such-theme'")
    assert got["keymap"] == (
        "NO",
        "episodes.select: unknown key 'nosuchkey' in 'ctrl+nosuchkey'; "
        "unknown binding id 'no.such.binding'",
    )

    good = tmp_path / "good.toml"
    good.write_text('theme = "nord"\n[keymap]\n"queue.show" = "Q,question_mark"\n')
    result = doctor(tmp_path, "--config", str(good), "doctor", "--audio-output", "adummy", check=0)
    got = rows(result)
    assert got["theme"] == ("ok", "nord") and got["keymap"] == ("ok", "1 binding remapped")


def test_alsa_playback_devices_from_proc_asound(tmp_path):
    (tmp_path / "pcm").write_text(
        "00-00: ALC892 Analog : ALC892 Analog : playback 1 : capture 1\n"
        "00-02: ALC892 Alt Analog : ALC892 Alt Analog : capture 1\n"
        "02-00: USB  Audio : USB Audio : playback 1 : capture 1\n"
    )
    assert alsa_playback_devices(tmp_path) == [
        AlsaDevice(0, 0, "ALC892 Analog"),
        AlsaDevice(2, 0, "USB Audio"),
    ]
    assert alsa_playback_devices(tmp_path / "absent") == []


def test_failure_reasons_from_libvlc_log_lines():
    assert failure_reason("pulse", ["PulseAudio server connection failure: Access denied"]) == (
        "cannot connect to PulseAudio: Access denied"
    )
    assert failure_reason(
        "alsa", ['cannot open ALSA device "hw:1,0": Device or resource busy']
    ) == ('ALSA cannot open "hw:1,0": Device or resource busy')
    assert failure_reason("jack", ["module not functional", "failed to create audio output"]) == (
        "jack did not play (nothing more in libVLC's log)"
    )
