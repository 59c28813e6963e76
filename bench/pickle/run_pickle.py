#!/usr/bin/env python3
"""Pickling benchmarks: size and dumps/loads time of suspended tasklets.

One run measures, interleaved and repeated (medians reported):
  * on every prickle strategy built (pickle_bench-<strategy>, a C driver over
    Google Benchmark, bench/pickle/pickle_bench.c): the pickle of a tasklet
    suspended at call depth 1, 10, 100, 1000 — its size, its size without
    code objects, its number of objects — and the time of fmt_dumps,
    fmt_loads, and one of each in turn;
  * on CPython (/usr/bin/python3 and the python3 on PATH, C-accelerated
    pickle, highest protocol): the same for a plain object graph with the
    same number of objects (bench/pickle/cpython_pickle.py);
and prints, per depth, the figures and the ratios prickle / CPython, then the
bytes per frame, and whether issue 4's goals are met: a frame costs under
64 bytes of pickle beyond its values; dumps+loads of a tasklet is at least as
fast as CPython's pickle of a plain graph of as many objects.

--callgrind replaces the timing by instruction counts (valgrind --tool=callgrind):
each operation runs N times in one process and once more with N = 0, and the
difference / N is reported: repeatable on a noisy machine, blind to caches.

Usage: python3 bench/pickle/run_pickle.py [--build DIR] [--drivers A,B]
           [--repeat N] [--target S] [--depths 1,10,100,1000] [--clock cpu|wall]
           [--json OUT] [--quick] [--callgrind] [-v]
"""

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

PICKLE_DIR = os.path.dirname(os.path.abspath(__file__))
BENCH_DIR = os.path.dirname(PICKLE_DIR)
ROOT = os.path.dirname(BENCH_DIR)
sys.path.insert(0, BENCH_DIR)
from benchlib import machine_info, resolve_python  # noqa: E402
SYSTEM_PYTHON = "/usr/bin/python3"
STRATEGIES = ("stackless", "stack-copy")
OPS = ("dumps", "loads", "dumps+loads")
FRAME_GOAL = 64  # bytes a frame may cost beyond its values
CPYTHON_SCRIPT = os.path.join(PICKLE_DIR, "cpython_pickle.py")


class Runner:
    def __init__(self, label, kind, argv):
        self.label = label  # "stackless", "CPython 3.11.2 (/usr/bin/python3)"
        self.kind = kind  # "prickle" or "cpython"
        self.argv = argv
        self.stats = {}  # depth -> stats (prickle: from --stats; cpython: from --stats-only)
        self.samples = {}  # (depth, op) -> [(cpu_us, wall_us)]
        self.failure = None


def run(argv, timeout, verbose):
    if verbose:
        print("  $ " + " ".join(argv), file=sys.stderr)
    try:
        p = subprocess.run(argv, capture_output=True, timeout=timeout, cwd=PICKLE_DIR)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise ValueError("cannot run %s: %s" % (argv[0], e))
    if p.returncode != 0:
        raise ValueError("exit %s: %s" % (p.returncode,
                                          p.stderr.decode(errors="replace").strip()[-600:]))
    try:
        return json.loads(p.stdout)
    except ValueError:
        raise ValueError("no JSON in the output: %r" % p.stdout[-300:])


def find_drivers(args, notes):
    paths = [d for spec in args.drivers for d in spec.split(",") if d]
    if not paths:
        build = args.build
        if not os.path.isabs(build) and not os.path.isdir(build) and \
                os.path.isdir(os.path.join(ROOT, build)):
            build = os.path.join(ROOT, build)
        for s in STRATEGIES:
            cands = [os.path.join(build, "pickle_bench-" + s),
                     os.path.join(build, "bench", "pickle_bench-" + s)]
            found = [c for c in cands if os.path.exists(c)]
            if found:
                paths.append(found[0])
            else:
                notes.append("skipped %s: %s does not exist (not built: Google Benchmark "
                             "missing? bash tests/setup-deps.sh)" % (s, cands[0]))
    runners = []
    for p in paths:
        p = os.path.abspath(p)
        base = os.path.basename(p)
        label = base[len("pickle_bench-"):] if base.startswith("pickle_bench-") else base
        runners.append(Runner(label, "prickle", [p]))
    return runners


def find_pythons(args):
    runners = []
    seen = set()
    cands = ([] if args.no_system_python else [SYSTEM_PYTHON]) + ["python3"]
    for cmd in cands:
        if cmd == SYSTEM_PYTHON and not os.path.exists(cmd):
            continue
        if cmd == "python3" and not shutil.which("python3"):
            continue
        res = resolve_python(cmd)
        if not res or res[0] in seen:
            continue
        seen.add(res[0])
        where = SYSTEM_PYTHON if cmd == SYSTEM_PYTHON else "PATH"
        runners.append(Runner("CPython %s (%s)" % (res[1], where), "cpython",
                              [res[0], CPYTHON_SCRIPT]))
    return runners


# ---- one run of each kind ---------------------------------------------------------


def prickle_stats(r, args):
    out = run(r.argv + ["--stats", "--depths=" + ",".join(map(str, args.depths))],
              args.timeout, args.verbose)
    for c in out["depths"]:
        r.stats[c["depth"]] = c
    r.strategy = out["strategy"]


def prickle_sample(r, args):
    out = run(r.argv + ["--depths=" + ",".join(map(str, args.depths)),
                        "--min-time=%g" % args.target, "--benchmark_format=json"],
              args.timeout, args.verbose)
    scale = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}
    got = set()
    for b in out.get("benchmarks", []):
        parts = b["name"].split("/")
        if b.get("error_occurred"):
            raise ValueError("%s: %s" % (b["name"], b.get("error_message", "error")))
        op, depth = parts[1], int(parts[2])
        k = scale[b.get("time_unit", "ns")]
        r.samples.setdefault((depth, op), []).append((b["cpu_time"] * k, b["real_time"] * k))
        got.add((depth, op))
    missing = [(d, op) for d in args.depths for op in OPS if (d, op) not in got]
    if missing:
        raise ValueError("no result for %s" % missing)


def cpython_cases(r, cases):
    argv = list(r.argv)
    for d, n in cases:
        argv += ["--case", "%d:%d" % (d, n)]
    return argv


def cpython_stats(r, args, cases):
    out = run(cpython_cases(r, cases) + ["--stats-only"], args.timeout, args.verbose)
    r.info = {k: out[k] for k in ("python", "executable", "accelerated", "protocol",
                                  "gc_enabled")}
    for c in out["cases"]:
        r.stats[(c["depth"], c["objects_wanted"])] = c


def cpython_sample(r, args, cases):
    out = run(cpython_cases(r, cases) + ["--target", "%g" % args.target], args.timeout,
              args.verbose)
    for c in out["cases"]:
        for op in OPS:
            r.samples.setdefault(((c["depth"], c["objects_wanted"]), op), []).append(
                (c[op]["cpu_us"], c[op]["wall_us"]))


# ---- instruction counts ---------------------------------------------------------------


def callgrind_ir(argv, timeout, verbose):
    """Total Ir of one run of argv under callgrind."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "cg.out")
        full = ["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out] + argv
        if verbose:
            print("  $ " + " ".join(full), file=sys.stderr)
        try:
            p = subprocess.run(full, capture_output=True, timeout=timeout, cwd=PICKLE_DIR)
        except (OSError, subprocess.TimeoutExpired) as e:
            raise ValueError("cannot run callgrind: %s" % e)
        if p.returncode != 0:
            raise ValueError("exit %s under callgrind: %s" % (
                p.returncode, p.stderr.decode(errors="replace").strip()[-400:]))
        with open(out) as f:
            for line in f:
                m = re.match(r"^(?:summary|totals):\s+(\d+)", line)
                if m:
                    return int(m.group(1))
    raise ValueError("no total in the callgrind output")


def loops_for(depth):
    return max(10, 2000 // depth)


def loop_argv(r, key, op, n):
    """argv running `op` n times untimed: key is a depth (prickle) or a case."""
    if r.kind == "prickle":
        return r.argv + ["--depths=%d" % key, "--loop=%s:%d:%d" % (op, key, n)]
    return cpython_cases(r, [key]) + ["--loop", "%s:%d" % (op, n)]


def run_callgrind(args, prickles, pythons, cases):
    """{(runner label, depth or case, op): Ir per operation}."""
    ir = {}
    for r in prickles + pythons:
        if r.failure:
            continue
        for d in args.depths:
            keys = [d] if r.kind == "prickle" else [c for c in cases if c[0] == d]
            for key in keys:
                n = loops_for(d)
                try:
                    zero = callgrind_ir(loop_argv(r, key, "dumps", 0), args.timeout,
                                        args.verbose)
                    for op in OPS:
                        total = callgrind_ir(loop_argv(r, key, op, n), args.timeout,
                                             args.verbose)
                        ir[(r.label, key, op)] = (total - zero) / n
                except ValueError as e:
                    r.failure = "callgrind: %s" % e
                    break
            if r.failure:
                break
    return ir


def report_callgrind(args, prickles, pythons, cases, ir):
    ok_pythons = [p for p in pythons if not p.failure]
    for d in args.depths:
        rows = []
        for r in prickles + ok_pythons:
            if r.failure:
                continue
            keys = [d] if r.kind == "prickle" else [c for c in cases if c[0] == d]
            for key in keys:
                label = ("prickle " + r.label) if r.kind == "prickle" else r.label
                if r.kind == "cpython" and len(keys) > 1:
                    label += " n=%d" % key[1]
                rows.append([label] + ["%.0f" % ir[(r.label, key, op)] for op in OPS])
        print("depth %d: instructions (Ir) per operation" % d)
        print_table(["runner"] + list(OPS), rows)
        rrows = []
        for r in prickles:
            if r.failure:
                continue
            key = (d, r.stats[d]["objects"])
            for p in ok_pythons:
                rrows.append(["%s / %s" % (r.label, p.label)] + [
                    fmt_ratio(ir[(r.label, d, op)] / ir[(p.label, key, op)])
                    if ir.get((p.label, key, op)) else "-" for op in OPS])
        if rrows:
            print()
            print_table(["Ir ratio prickle / CPython"] + list(OPS), rrows)
        print()
    print("Ir per operation = (Ir of N operations - Ir of 0) / N, N = max(10, 2000 / depth), "
          "one run each under valgrind --tool=callgrind.")


# ---- reporting ----------------------------------------------------------------------


def print_table(head, rows):
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
    fmt = "  ".join("%-" + str(w) + "s" if i == 0 else "%" + str(w) + "s"
                    for i, w in enumerate(widths))
    print(fmt % tuple(head))
    for r in rows:
        print(fmt % tuple(r))


def fmt_us(x):
    if x is None:
        return "-"
    return "%.0f" % x if x >= 1000 else "%.1f" % x if x >= 10 else "%.2f" % x


def fmt_ratio(x):
    return "-" if x is None else "%.2fx" % x


def spread(xs):
    if len(xs) < 2:
        return None
    m = statistics.median(xs)
    return (max(xs) - min(xs)) / m * 100 if m else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default="build",
                    help="directory holding pickle_bench-<strategy> (default: build)")
    ap.add_argument("--drivers", action="append", default=[],
                    help="explicit pickle_bench binaries, comma-separated or repeated")
    ap.add_argument("--repeat", type=int, default=5,
                    help="runs of every runner (default 5), interleaved; medians reported")
    ap.add_argument("--target", type=float, default=0.2,
                    help="seconds per timed loop (Google Benchmark min time; CPython "
                         "autorange target; default 0.2)")
    ap.add_argument("--depths", default="1,10,100,1000",
                    help="call depths of the pickled tasklets (default 1,10,100,1000)")
    ap.add_argument("--clock", choices=("cpu", "wall"), default="cpu",
                    help="process CPU time (default; robust to preemption on a shared "
                         "machine) or wall time")
    ap.add_argument("--no-system-python", action="store_true",
                    help="skip %s" % SYSTEM_PYTHON)
    ap.add_argument("--timeout", type=float, default=600.0, help="seconds per run")
    ap.add_argument("--quick", action="store_true", help="smoke test: --repeat 1 --target 0.02")
    ap.add_argument("--json", metavar="OUT", help="also write all results to OUT")
    ap.add_argument("--callgrind", action="store_true",
                    help="instruction counts under valgrind --tool=callgrind instead of time")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every run")
    args = ap.parse_args()
    if args.quick:
        args.repeat, args.target = 1, 0.02
    try:
        args.depths = sorted({int(x) for x in args.depths.split(",") if x != ""})
    except ValueError:
        ap.error("--depths must be comma-separated integers")
    if args.repeat < 1 or args.target <= 0 or not args.depths or args.depths[0] < 1:
        ap.error("bad --repeat / --target / --depths")

    notes = []
    prickles = find_drivers(args, notes)
    pythons = find_pythons(args)
    info = machine_info()
    print("prickle pickling benchmarks: %s" % (", ".join(
        "%s (%s)" % (r.label, r.argv[0]) for r in prickles) or "no prickle driver"))
    print("CPython: %s" % (", ".join(r.label for r in pythons) or "none"))
    print("machine: %s, %s cpus, load %s, %s" % (
        info.get("cpu", "?"), info.get("cpus"),
        " ".join("%.2f" % x for x in info.get("loadavg", ())), info["platform"]))

    for r in prickles:
        try:
            prickle_stats(r, args)
        except (ValueError, KeyError) as e:
            r.failure = "stats: %s" % e
    live_prickles = [r for r in prickles if not r.failure]
    # The CPython graphs: one per (depth, object count) of the prickle pickles.
    cases = sorted({(d, r.stats[d]["objects"]) for r in live_prickles for d in args.depths})
    for r in pythons:
        try:
            cpython_stats(r, args, cases)
        except (ValueError, KeyError) as e:
            r.failure = "stats: %s" % e
            notes.append("%s failed: %s" % (r.label, e))
    for r in pythons:
        if not r.failure and not r.info["accelerated"]:
            notes.append("%s: pickle is NOT the C accelerator (_pickle)" % r.label)
    for n in notes:
        print("note: " + n)
    if not live_prickles:
        for r in prickles:
            print("FAILED %s: %s" % (r.label, r.failure))
        print("nothing to measure")
        return 1
    for r in live_prickles:
        for d in args.depths:
            st = r.stats[d]
            if st.get("copy_bytes") not in (None, st["bytes"]):
                print("note: %s d=%d: a loaded copy pickles to %d bytes, the original to %d "
                      "(the copy does not share everything the original shares)" % (
                          r.label, d, st["copy_bytes"], st["bytes"]))
    print()

    if args.callgrind:
        if not shutil.which("valgrind"):
            print("valgrind not found (bash tests/setup-deps.sh)")
            return 1
        ir = run_callgrind(args, live_prickles, pythons, cases)
        report_callgrind(args, live_prickles, pythons, cases, ir)
        if args.json:
            with open(args.json, "w") as f:
                json.dump({"machine": info, "date": time.strftime("%Y-%m-%dT%H:%M:%S"),
                           "depths": args.depths, "notes": notes,
                           "ir_per_op": {"%s|%s|%s" % k: v for k, v in ir.items()},
                           "prickle_stats": {r.label: {str(d): s for d, s in r.stats.items()}
                                             for r in live_prickles}},
                          f, indent=1, sort_keys=True)
            print("results written to %s" % args.json)
        failed = [r for r in prickles + pythons if r.failure]
        for r in failed:
            print("FAILED %s: %s" % (r.label, r.failure))
        return 1 if any(r.failure for r in prickles) else 0

    # Timed runs: repetition-major, the order of the runners rotated every round.
    runners = [r for r in live_prickles + pythons if not r.failure]
    t_start = time.time()
    for rep in range(args.repeat):
        k = rep % len(runners)
        for r in runners[k:] + runners[:k]:
            if r.failure:
                continue
            try:
                if r.kind == "prickle":
                    prickle_sample(r, args)
                else:
                    cpython_sample(r, args, cases)
            except (ValueError, KeyError) as e:
                r.failure = str(e)
            if args.verbose:
                print("  [%d] %s done (%.0f s)" % (rep + 1, r.label, time.time() - t_start),
                      file=sys.stderr)

    ci = 0 if args.clock == "cpu" else 1

    def med(r, key, op):
        xs = [s[ci] for s in r.samples.get((key, op), [])]
        return statistics.median(xs) if xs else None

    # A runner that failed in a timed run keeps the samples of its earlier runs
    # (listed under FAILURES); one whose stats failed has nothing to show.
    ok_pythons = [p for p in pythons if p.stats]
    results = {}
    ratios = {}
    goal_time = {}
    prev = None
    for d in args.depths:
        rows = []
        for r in live_prickles:
            st = r.stats[d]
            per = "-"
            if prev is not None:
                per = "%.1f" % ((st["bytes"] - r.stats[prev]["bytes"]) / (d - prev))
            m = {op: med(r, d, op) for op in OPS}
            results["%s|%d" % (r.label, d)] = dict(m, bytes=st["bytes"],
                                                   bytes_nocode=st["bytes"] - st["code_bytes"],
                                                   objects=st["objects"])
            rows.append(["prickle " + r.label, st["bytes"], st["bytes"] - st["code_bytes"],
                         per, st["objects"]] + [fmt_us(m[op]) for op in OPS])
        for p in ok_pythons:
            for key in [c for c in cases if c[0] == d]:
                st = p.stats[key]
                per = "-"
                pk = [c for c in cases if c[0] == prev]
                if prev is not None and pk:
                    per = "%.1f" % ((st["bytes"] - p.stats[pk[0]]["bytes"]) / (d - prev))
                m = {op: med(p, key, op) for op in OPS}
                results["%s|%d|%d" % (p.label, d, key[1])] = dict(
                    m, bytes=st["bytes"], objects=st["objects"],
                    natural_objects=st["natural_objects"])
                label = p.label + (" n=%d" % key[1] if len(
                    [c for c in cases if c[0] == d]) > 1 else "")
                rows.append([label, st["bytes"], "-", per, st["objects"]] +
                            [fmt_us(m[op]) for op in OPS])
        print("depth %d" % d)
        print_table(["runner", "bytes", "no code", "B/extra frame", "objects", "dumps us",
                     "loads us", "dumps+loads us"], rows)
        rrows = []
        for r in live_prickles:
            st = r.stats[d]
            key = (d, st["objects"])
            for p in ok_pythons:
                pst = p.stats[key]
                row = ["%s / %s" % (r.label, p.label),
                       fmt_ratio(st["bytes"] / pst["bytes"]),
                       fmt_ratio((st["bytes"] - st["code_bytes"]) / pst["bytes"])]
                for op in OPS:
                    a, b = med(r, d, op), med(p, key, op)
                    x = a / b if a and b else None
                    ratios["%s|%s|%d|%s" % (r.label, p.label, d, op)] = x
                    row.append(fmt_ratio(x))
                    if op == "dumps+loads":
                        goal_time[(r.label, p.label, d)] = x
                rrows.append(row)
        if rrows:
            print()
            print_table(["ratio prickle / CPython", "size", "size no code", "dumps", "loads",
                         "dumps+loads"], rrows)
        print()
        prev = d

    # Bytes per frame: the frame records (what a frame costs beyond its
    # values), and the growth of the whole pickle per extra frame by kind.
    print("bytes per frame (%s)" % ", ".join("d=%d" % d for d in args.depths))
    frows = []
    frame_cost = {}
    for r in live_prickles:
        rec = []
        for d in args.depths:
            k = r.stats[d]["kinds"].get("frame", [0, 0])
            rec.append(k[1] / k[0] if k[0] else None)
        frame_cost[r.label] = rec
        frows.append([r.label + ": frame record"] + ["-" if x is None else "%.1f" % x
                                                     for x in rec])
        if len(args.depths) > 1:
            lo, hi = args.depths[0], args.depths[-1]
            a, b = r.stats[lo]["kinds"], r.stats[hi]["kinds"]
            growth = {}
            for kind in set(a) | set(b):
                g = (b.get(kind, [0, 0])[1] - a.get(kind, [0, 0])[1]) / (hi - lo)
                if abs(g) >= 0.05:
                    growth[kind] = g
            parts = ", ".join("%s %.1f" % kv for kv in sorted(growth.items(),
                                                               key=lambda kv: -kv[1]))
            total = (r.stats[hi]["bytes"] - r.stats[lo]["bytes"]) / (hi - lo)
            print("  %s: pickle grows by %.1f B per frame from d=%d to d=%d: %s" % (
                r.label, total, lo, hi, parts))
    print_table(["B per frame"] + ["d=%d" % d for d in args.depths], frows)
    print("frame record: a frame's own record (code, function, globals, back link, ip, sp and "
          "one reference per local or stack slot), i.e. what it costs beyond its values.")

    # Goals.
    print()
    worst_frame = max((x for rec in frame_cost.values() for x in rec if x is not None),
                      default=None)
    if worst_frame is not None:
        print("goal 1, a frame costs < %d B beyond its values: %s (worst %.1f B)" % (
            FRAME_GOAL, "MET" if worst_frame < FRAME_GOAL else "NOT MET", worst_frame))
    if goal_time:
        bad = {k: v for k, v in goal_time.items() if v is None or v > 1.0}
        print("goal 2, dumps+loads at least as fast as CPython's pickle of as many objects: %s"
              % ("MET" if not bad else "NOT MET"))
        for r in live_prickles:
            for p in ok_pythons:
                xs = [goal_time.get((r.label, p.label, d)) for d in args.depths]
                print("  %s / %s: %s" % (r.label, p.label, "  ".join(
                    "d=%d %s" % (d, fmt_ratio(x)) for d, x in zip(args.depths, xs))))

    failed = [r for r in prickles + pythons if r.failure]
    if failed:
        print()
        print("FAILURES (figures above use the runs before the failure):")
        for r in failed:
            print("  %s: %s" % (r.label, r.failure))
    print()
    sp = [spread([s[ci] for s in xs]) for r in runners for xs in r.samples.values()]
    sp = [x for x in sp if x is not None]
    print("Medians of %d interleaved runs (%s time, ~%.2f s per timed loop); worst spread "
          "(max-min)/median %s. Shared, noisy machine: compare figures from the same run." % (
              args.repeat, "process CPU" if ci == 0 else "wall", args.target,
              "%.0f%%" % max(sp) if sp else "-"))

    if args.json:
        out = {
            "machine": info, "date": time.strftime("%Y-%m-%dT%H:%M:%S"),
            "repeat": args.repeat, "target_s": args.target, "depths": args.depths,
            "clock": args.clock, "notes": notes,
            "prickle": {r.label: {"path": r.argv[0], "failure": r.failure,
                                  "stats": {str(d): s for d, s in r.stats.items()},
                                  "samples_us_cpu_wall": {"%d|%s" % k: v
                                                          for k, v in r.samples.items()}}
                        for r in prickles},
            "cpython": {p.label: {"info": getattr(p, "info", None), "failure": p.failure,
                                  "stats": {"%d|%d" % k: s for k, s in p.stats.items()},
                                  "samples_us_cpu_wall": {"%d|%d|%s" % (k[0][0], k[0][1], k[1]): v
                                                          for k, v in p.samples.items()}}
                        for p in pythons},
            "medians": results, "ratios": ratios,
            "frame_record_bytes": frame_cost,
            "goals": {"frame_bytes_worst": worst_frame, "frame_goal": FRAME_GOAL,
                      "dumps_loads_ratio": {"%s|%s|%d" % k: v for k, v in goal_time.items()}},
        }
        with open(args.json, "w") as f:
            json.dump(out, f, indent=1, sort_keys=True)
        print("results written to %s" % args.json)
    return 1 if any(r.failure for r in prickles) else 0


if __name__ == "__main__":
    sys.exit(main())
