"""Running the `ghostkit` command in tests, with everything it prints kept for the secrets
check at the end of the suite (tests/integration/test_zz_secrets.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

PRINTED: list[str] = []
EXTRA_SECRETS: dict[str, str] = {}
"""Secrets tests made on the way (a staff token, another user's password), by what they are;
the final check looks for these too."""
SRC = str(Path(__file__).resolve().parent.parent / "src")


def _env(env: Mapping[str, str]) -> dict[str, str]:
    """The environment, with this tree's code first on the path (not an installed copy)."""
    path = env.get("PYTHONPATH")
    return {**env, "PYTHONPATH": SRC + (os.pathsep + path if path else "")}


def run(
    env: Mapping[str, str], *args: str, timeout: float = 300, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return _collected([sys.executable, "-m", "ghostkit", *args], env, timeout, stdin or "")


_PEAK_RSS = (
    "import resource, subprocess, sys; "
    "code = subprocess.run([sys.executable, '-m', 'ghostkit', *sys.argv[1:]]).returncode; "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
    "sys.exit(code)"
)


def run_measured(
    env: Mapping[str, str], *args: str, timeout: float = 300
) -> tuple[subprocess.CompletedProcess[str], int]:
    """Like `run`, and also the command's peak resident memory in KiB (its last stderr
    line, written by a wrapper process that waited for it)."""
    done = _collected([sys.executable, "-c", _PEAK_RSS, *args], env, timeout, "")
    *lines, peak = done.stderr.rstrip("\n").split("\n")
    done.stderr = "\n".join(lines) + ("\n" if lines else "")
    return done, int(peak)


def _collected(
    argv: list[str], env: Mapping[str, str], timeout: float, stdin: str
) -> subprocess.CompletedProcess[str]:
    """Run `argv` with this tree's code, keeping what it printed for the secrets check."""
    done = subprocess.run(
        argv,
        env=_env(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        input=stdin,
    )
    PRINTED.extend((done.stdout, done.stderr))
    return done


def run_showing_secrets(env: Mapping[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Like `run`, for a command asked to print secrets (`api --show-secrets`): what it
    prints is left out of the secrets check, since printing them is its job."""
    return subprocess.run(
        [sys.executable, "-m", "ghostkit", *args],
        env=_env(env),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def start(env: Mapping[str, str], *args: str) -> subprocess.Popen[str]:
    """A command left running (for kill tests); call `collect` on it when it ends. Ctrl-C
    (SIGINT) reaches it as at a terminal, even when the tests themselves were started in
    the background, where the shell has SIGINT ignored and every child would inherit that."""
    return subprocess.Popen(
        [sys.executable, "-m", "ghostkit", *args],
        env=_env(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_default_sigint,
    )


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def collect(process: subprocess.Popen[str], **kwargs: Any) -> tuple[str, str]:
    out, err = process.communicate(**kwargs)
    PRINTED.extend((out, err))
    return out, err
