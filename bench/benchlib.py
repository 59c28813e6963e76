"""benchlib.py — what the benchmark runners (bench/run.py, bench/switch/run_switch.py,
bench/pickle/run_pickle.py) share: finding the real CPython executable, and a
description of the machine and commit for the JSON results."""

import os
import platform
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def resolve_python(cmd):
    """The real executable and version of a python command (resolves pyenv
    shims, whose shell start-up would otherwise be timed), or None."""
    try:
        out = subprocess.run(
            [cmd, "-c", "import sys, platform; print(sys.executable); "
             "print(platform.python_version())"],
            capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if out.returncode != 0:
        return None
    exe, version = out.stdout.split("\n")[:2]
    return os.path.realpath(exe), version


def machine_info():
    """Platform, CPU, load average and the repository's commit."""
    info = {"platform": platform.platform(), "machine": platform.machine(),
            "cpus": os.cpu_count()}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        info["loadavg"] = os.getloadavg()
    except OSError:
        pass
    try:
        rev = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, timeout=10)
        if rev.returncode == 0:
            info["commit"] = rev.stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        pass
    return info
