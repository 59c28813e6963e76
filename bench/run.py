#!/usr/bin/env python3
"""Run the benchmark programs under prickle's drivers and under CPython.

Every program in bench/programs/ runs under every runner (each prickle
driver binary, CPython 3.11 from PATH and /usr/bin/python3 when present) in
one session, N times each, interleaved (repetition-major, with the runner
order rotated each round) so that slow drift of the machine affects every
runner alike. Each run is timed as the wall time of the whole process
(time.perf_counter around subprocess.run), so start-up is included; an
empty program measures the start-up alone, and the table shows both the
plain ratio and the "net" ratio with start-up subtracted. The output of
every run is compared with CPython's: a wrong answer is reported and left
out of the geometric mean.

--callgrind instead runs each program once per runner under
`valgrind --tool=callgrind` and compares instruction counts (Ir), which are
repeatable on a noisy machine.

Usage: python3 bench/run.py [--build DIR] [--drivers A,B] [--programs P,Q]
                            [--repeat N] [--iterations N] [--json OUT]
                            [--callgrind]
"""

import argparse
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH_DIR)
sys.path.insert(0, BENCH_DIR)
from benchlib import machine_info, resolve_python  # noqa: E402
PROGRAM_DIR = os.path.join(BENCH_DIR, "programs")
STARTUP = "(startup)"


class Runner:
    """One way of running a program: a prickle driver or a CPython."""

    def __init__(self, label, argv_prefix, kind, path):
        self.label = label
        self.prefix = argv_prefix
        self.kind = kind  # "cpython" or "driver"
        self.path = path

    def argv(self, program, extra):
        return self.prefix + [program] + extra


def cpython_runners(no_system):
    runners = []
    seen = set()
    candidates = ["python3"] + ([] if no_system else ["/usr/bin/python3"])
    for cmd in candidates:
        if cmd != "python3" and not os.path.exists(cmd):
            continue
        if cmd == "python3" and not shutil.which("python3"):
            continue
        res = resolve_python(cmd)
        if not res:
            continue
        exe, version = res
        if exe in seen:
            continue
        seen.add(exe)
        label = "CPython-%s" % version
        if any(r.label == label for r in runners):
            label += "(%s)" % cmd
        runners.append(Runner(label, [exe], "cpython", exe))
    return runners


def driver_runners(paths):
    runners = []
    for p in paths:
        path = p if os.path.sep in p else (shutil.which(p) or p)
        if not os.path.exists(path):
            sys.exit("run.py: driver not found: %s" % p)
        base = os.path.basename(path)
        if base.startswith("python"):
            # A Python used as a stand-in driver (development of this script).
            res = resolve_python(path)
            exe = res[0] if res else path
            runners.append(Runner("stand-in:" + base, [exe], "driver", exe))
        else:
            label = base[len("prickle-"):] if base.startswith("prickle-") else base
            runners.append(Runner(label, [os.path.abspath(path), "run"], "driver", path))
    return runners


def default_drivers(build):
    found = []
    for name in ("prickle-stackless", "prickle-stack-copy",
                 "prickle-unwind-rebuild"):
        p = os.path.join(build, name)
        if os.path.exists(p):
            found.append(p)
    return found


def list_programs(selected):
    names = sorted(f[:-3] for f in os.listdir(PROGRAM_DIR) if f.endswith(".py"))
    if selected:
        want = []
        for s in selected:
            s = s[:-3] if s.endswith(".py") else s
            match = [n for n in names if n == s or n == "bm_" + s]
            if not match:
                sys.exit("run.py: no such program: %s (have: %s)" % (s, ", ".join(names)))
            want.extend(match)
        names = want
    return names


def run_once(runner, program, extra, timeout):
    """Run one program; returns (seconds, stdout, returncode, stderr)."""
    argv = runner.argv(program, extra)
    start = time.perf_counter()
    try:
        proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=timeout, cwd=PROGRAM_DIR)
    except subprocess.TimeoutExpired:
        return time.perf_counter() - start, b"", "timeout", b""
    elapsed = time.perf_counter() - start
    return elapsed, proc.stdout, proc.returncode, proc.stderr


def geomean(values):
    values = [v for v in values if v and v > 0]
    if not values:
        return None
    return math.exp(sum(math.log(v) for v in values) / len(values))


def fmt_time(t):
    return "-" if t is None else "%.3f" % t


def fmt_ratio(r):
    return "-" if r is None else "%.2fx" % r


def short_diff(expected, got):
    exp = expected.decode(errors="replace").splitlines()
    out = got.decode(errors="replace").splitlines()
    for i in range(max(len(exp), len(out))):
        a = exp[i] if i < len(exp) else "<missing>"
        b = out[i] if i < len(out) else "<missing>"
        if a != b:
            return "line %d: expected %r, got %r" % (i + 1, a[:120], b[:120])
    return "outputs differ"


# ---- timing mode -------------------------------------------------------------------


def time_mode(args, runners, programs, extra, empty):
    baseline = runners[0]  # the primary CPython
    times = {p: {r.label: [] for r in runners} for p in programs + [STARTUP]}
    failures = {}  # (program, runner label) -> message
    reference = {}
    paths = {p: os.path.join(PROGRAM_DIR, p + ".py") for p in programs}
    paths[STARTUP] = empty
    total_runs = args.repeat * len(runners) * (len(programs) + 1)
    done = 0
    # One untimed warm-up run per runner (page cache, CPU frequency).
    for r in runners:
        run_once(r, empty, [], args.timeout)
    for rep in range(args.repeat):
        order = runners[rep % len(runners):] + runners[:rep % len(runners)]
        for prog in [STARTUP] + programs:
            for r in order:
                elapsed, out, rc, err = run_once(r, paths[prog], [] if prog == STARTUP else extra,
                                                 args.timeout)
                done += 1
                if args.verbose:
                    print("[%d/%d] %-14s %-22s %.3fs" % (done, total_runs, prog, r.label, elapsed),
                          file=sys.stderr)
                key = (prog, r.label)
                if r is baseline and prog not in reference:
                    if rc != 0:
                        failures[key] = "CPython failed (exit %s): %s" % (
                            rc, err.decode(errors="replace").strip()[-300:])
                    reference[prog] = (out, rc)
                if rc != 0 and key not in failures:
                    failures[key] = "exit %s: %s" % (rc, err.decode(errors="replace").strip()[-300:])
                elif prog in reference and (out, rc) != reference[prog] and key not in failures:
                    failures[key] = short_diff(reference[prog][0], out)
                times[prog][r.label].append(elapsed)
    med = {p: {lbl: (statistics.median(ts) if ts else None) for lbl, ts in d.items()}
           for p, d in times.items()}

    # Ratios against the primary CPython, plain and with start-up subtracted.
    ratios = {r.label: {} for r in runners}
    net = {r.label: {} for r in runners}
    base_start = med[STARTUP][baseline.label]
    for p in programs:
        b = med[p][baseline.label]
        for r in runners:
            if (p, r.label) in failures or (p, baseline.label) in failures:
                continue
            t = med[p][r.label]
            ratios[r.label][p] = t / b
            nb = b - base_start
            nt = t - med[STARTUP][r.label]
            net[r.label][p] = nt / nb if nb > 0 and nt > 0 else None

    # The table.
    head = ["program", baseline.label + " s"]
    for r in runners[1:]:
        head += [r.label + " s", "ratio", "net"]
    rows = []
    for p in [STARTUP] + programs:
        row = [p, fmt_time(med[p][baseline.label])]
        for r in runners[1:]:
            if (p, r.label) in failures:
                row += ["FAIL", "-", "-"]
                continue
            row.append(fmt_time(med[p][r.label]))
            if p == STARTUP:
                row += ["", ""]
            else:
                row += [fmt_ratio(ratios[r.label].get(p)), fmt_ratio(net[r.label].get(p))]
        rows.append(row)
    gm_row = ["geomean", ""]
    geo = {}
    for r in runners[1:]:
        g = geomean(list(ratios[r.label].values()))
        gn = geomean([v for v in net[r.label].values() if v])
        geo[r.label] = {"ratio": g, "net": gn, "programs": len(ratios[r.label])}
        gm_row += ["", fmt_ratio(g), fmt_ratio(gn)]
    rows.append(gm_row)
    print_table(head, rows)
    print()
    print("Times are medians of %d runs (wall time of the whole process, start-up included);"
          % args.repeat)
    print("ratio = runner / %s; net = the same with each runner's start-up subtracted." %
          baseline.label)
    report_failures(failures)
    result = {
        "mode": "time",
        "baseline": baseline.label,
        "repeat": args.repeat,
        "iterations": args.iterations,
        "runners": [{"label": r.label, "kind": r.kind, "path": r.path} for r in runners],
        "programs": programs,
        "times": times,
        "medians": med,
        "ratios": ratios,
        "net_ratios": net,
        "geomean": geo,
        "failures": {"%s|%s" % k: v for k, v in failures.items()},
    }
    return result


def print_table(head, rows):
    widths = [max(len(str(row[i])) for row in [head] + rows) for i in range(len(head))]
    line = "  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(head, widths)))
    print(line)
    print("-" * len(line))
    for row in rows:
        if row[0] == "geomean":
            print("-" * len(line))
        print("  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)
                        for i, (c, w) in enumerate(zip(row, widths))))


def report_failures(failures):
    if not failures:
        print("All outputs match CPython.")
        return
    print()
    print("WRONG OUTPUT / FAILURES (left out of the geometric means):")
    for (prog, label), msg in sorted(failures.items()):
        print("  %s under %s: %s" % (prog, label, msg))


# ---- callgrind mode -----------------------------------------------------------------


def callgrind_count(runner, program, extra, timeout):
    """Instruction count (Ir) of one run under callgrind, and its output."""
    with tempfile.TemporaryDirectory() as tmp:
        outfile = os.path.join(tmp, "callgrind.out")
        argv = ["valgrind", "--tool=callgrind", "-q", "--callgrind-out-file=" + outfile]
        argv += runner.argv(program, extra)
        try:
            proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  timeout=timeout, cwd=PROGRAM_DIR)
        except subprocess.TimeoutExpired:
            return None, b"", "timeout", b""
        total = None
        try:
            with open(outfile) as f:
                for line in f:
                    if line.startswith("summary:") or line.startswith("totals:"):
                        total = int(line.split()[1])
        except OSError:
            pass
        return total, proc.stdout, proc.returncode, proc.stderr


def callgrind_mode(args, runners, programs, extra, empty):
    if not shutil.which("valgrind"):
        sys.exit("run.py: --callgrind needs valgrind on PATH")
    baseline = runners[0]
    counts = {p: {} for p in [STARTUP] + programs}
    failures = {}
    reference = {}
    timeout = args.timeout * 100
    total = (len(programs) + 1) * len(runners)
    done = 0
    for prog in [STARTUP] + programs:
        path = empty if prog == STARTUP else os.path.join(PROGRAM_DIR, prog + ".py")
        for r in runners:
            done += 1
            # Slow (about 50x): always show progress.
            print("[%d/%d] callgrind %-14s %s" % (done, total, prog, r.label), file=sys.stderr,
                  flush=True)
            n, out, rc, err = callgrind_count(r, path, [] if prog == STARTUP else extra, timeout)
            counts[prog][r.label] = n
            key = (prog, r.label)
            if r is baseline:
                reference[prog] = (out, rc)
            if rc != 0 or n is None:
                failures[key] = "exit %s: %s" % (rc, err.decode(errors="replace").strip()[-300:])
            elif (out, rc) != reference[prog]:
                failures[key] = short_diff(reference[prog][0], out)
    ratios = {r.label: {} for r in runners}
    net = {r.label: {} for r in runners}
    for p in programs:
        b = counts[p][baseline.label]
        for r in runners:
            if (p, r.label) in failures or (p, baseline.label) in failures or not b:
                continue
            ratios[r.label][p] = counts[p][r.label] / b
            nb = b - (counts[STARTUP][baseline.label] or 0)
            nt = counts[p][r.label] - (counts[STARTUP][r.label] or 0)
            net[r.label][p] = nt / nb if nb > 0 and nt > 0 else None
    head = ["program", baseline.label + " Ir"]
    for r in runners[1:]:
        head += [r.label + " Ir", "ratio", "net"]
    rows = []
    for p in [STARTUP] + programs:
        row = [p, "{:,}".format(counts[p][baseline.label] or 0)]
        for r in runners[1:]:
            if (p, r.label) in failures:
                row += ["FAIL", "-", "-"]
                continue
            row.append("{:,}".format(counts[p][r.label]))
            row += ["", ""] if p == STARTUP else [fmt_ratio(ratios[r.label].get(p)),
                                                 fmt_ratio(net[r.label].get(p))]
        rows.append(row)
    geo = {}
    gm_row = ["geomean", ""]
    for r in runners[1:]:
        g = geomean(list(ratios[r.label].values()))
        gn = geomean([v for v in net[r.label].values() if v])
        geo[r.label] = {"ratio": g, "net": gn, "programs": len(ratios[r.label])}
        gm_row += ["", fmt_ratio(g), fmt_ratio(gn)]
    rows.append(gm_row)
    print_table(head, rows)
    print()
    print("Instruction counts (Ir) from one callgrind run each; ratio = runner / %s;" %
          baseline.label)
    print("net = the same with each runner's start-up (empty program) subtracted.")
    report_failures(failures)
    return {
        "mode": "callgrind",
        "baseline": baseline.label,
        "iterations": args.iterations,
        "runners": [{"label": r.label, "kind": r.kind, "path": r.path} for r in runners],
        "programs": programs,
        "counts": counts,
        "ratios": ratios,
        "net_ratios": net,
        "geomean": geo,
        "failures": {"%s|%s" % k: v for k, v in failures.items()},
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"),
                    help="build directory holding prickle-<strategy> binaries (default: build)")
    ap.add_argument("--drivers", action="append", default=[],
                    help="driver binaries, comma-separated or repeated (default: every "
                         "prickle-* in the build directory); a python binary works as a stand-in")
    ap.add_argument("--programs", action="append", default=[],
                    help="programs to run, comma-separated or repeated (default: all)")
    ap.add_argument("--repeat", type=int, default=5, help="runs per program and runner (default 5)")
    ap.add_argument("--iterations", type=int, default=None,
                    help="pass this size argument to every program (default: each program's own)")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds per run (default 300)")
    ap.add_argument("--json", metavar="OUT", help="also write machine-readable results to OUT")
    ap.add_argument("--callgrind", action="store_true",
                    help="count instructions with valgrind --tool=callgrind (one run each)")
    ap.add_argument("--no-system-python", action="store_true",
                    help="do not also run /usr/bin/python3")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every run")
    args = ap.parse_args()
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")

    build = args.build if os.path.isabs(args.build) else os.path.join(os.getcwd(), args.build)
    if not os.path.isdir(build) and os.path.isdir(os.path.join(ROOT, args.build)):
        build = os.path.join(ROOT, args.build)
    driver_paths = [d for spec in args.drivers for d in spec.split(",") if d]
    if not driver_paths:
        driver_paths = default_drivers(build)
        if not driver_paths:
            sys.exit("run.py: no prickle-* binaries in %s (build first, or pass --drivers)" % build)
    programs = list_programs([p for spec in args.programs for p in spec.split(",") if p])

    cpythons = cpython_runners(args.no_system_python)
    if not cpythons:
        sys.exit("run.py: python3 not found")
    runners = cpythons + driver_runners(driver_paths)
    # Labels key the results: make them unique.
    seen = {}
    for r in runners:
        n = seen.get(r.label, 0) + 1
        seen[r.label] = n
        if n > 1:
            r.label = "%s#%d" % (r.label, n)
    extra = [] if args.iterations is None else [str(args.iterations)]

    print("prickle benchmarks: %d programs; runners: %s" %
          (len(programs), ", ".join("%s (%s)" % (r.label, r.path) for r in runners)))
    info = machine_info()
    print("machine: %s, %s cpus, %s" % (info.get("cpu", "?"), info.get("cpus"), info["platform"]))
    print()

    with tempfile.TemporaryDirectory() as tmp:
        empty = os.path.join(tmp, "empty.py")
        with open(empty, "w") as f:
            f.write("pass\n")
        if args.callgrind:
            result = callgrind_mode(args, runners, programs, extra, empty)
        else:
            result = time_mode(args, runners, programs, extra, empty)
    result["machine"] = info
    result["date"] = time.strftime("%Y-%m-%dT%H:%M:%S")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=1, sort_keys=True)
        print("results written to %s" % args.json)
    failed = any(not k.split("|")[1].startswith("CPython") for k in result["failures"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
