#!/usr/bin/env python3
"""Switch benchmarks: tasklet ping-pong on prickle's strategies and its peers.

One run measures, interleaved and repeated (medians reported):
  * prickle tasklet ping-pong through a channel and through
    stackless.schedule(), with both tasklets sitting at Python call depth
    0, 10, 100 and 1000, on every prickle binary found (pingpong.py);
  * peers at the same depths: greenlet ping-pong on /usr/bin/python3 (Python
    recursion, and recursion through a C call per level), Lua 5.4 coroutine
    resume/yield, CPython generator send() through a chain of `yield from`
    generators (both CPythons);
  * the loop-and-call floor of each interpreter (floor.py, floor.lua);
  * for stack-copy, the bytes copied per switch (read from the binary's
    cstack_stats() counters with gdb, when gdb is installed) against memcpy;
  * memory per idle tasklet: peak RSS of 100,000 parked tasklets minus that of
    the same program with 0, per tasklet (prickle strategies, greenlet, Lua).

Every program times its own switching loop and prints `SWITCH <n> <seconds>`;
the driver picks n per configuration so that the loop takes about
--target seconds, and reports ns per one-way switch.

Usage: python3 bench/switch/run_switch.py [--build DIR] [--drivers A,B]
           [--repeat N] [--target S] [--depths 0,10,100,1000] [--json OUT]
           [--idle-count N] [--no-memory] [--no-copy-stats] [--pin CPU] [--quick]
"""

import argparse
import ctypes
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

SWITCH_DIR = os.path.dirname(os.path.abspath(__file__))
BENCH_DIR = os.path.dirname(SWITCH_DIR)
ROOT = os.path.dirname(BENCH_DIR)
sys.path.insert(0, BENCH_DIR)
from benchlib import machine_info, resolve_python  # noqa: E402
SYSTEM_PYTHON = "/usr/bin/python3"
STRATEGIES = ("stackless", "stack-copy")
WARMUP = 2000  # untimed switches before each timed loop
RESULT_RE = re.compile(rb"^SWITCH (\d+) ([0-9.eE+-]+|-) ([0-9.eE+-]+)\s*$", re.M)
IDLE_RE = re.compile(rb"^IDLE (\d+) (-?\d+)\s*$", re.M)


def prog(name):
    return os.path.join(SWITCH_DIR, name)


class Bench:
    """One timed configuration: a series (row of the table) at one depth."""

    def __init__(self, series, depth, make_argv, runtime):
        self.series = series  # e.g. "stackless channel"
        self.depth = depth  # int, or None for the floors
        self.make_argv = make_argv  # n -> argv
        self.runtime = runtime  # "prickle", "cpython", "lua"
        self.n = None
        self.samples = []  # ns per switch, by the chosen clock
        self.wall = []  # ns per switch, wall time (None: the program has no wall clock)
        self.cpu = []  # ns per switch, process CPU time
        self.failure = None

    @property
    def key(self):
        return "%s|%s" % (self.series, "-" if self.depth is None else self.depth)


class Series:
    def __init__(self, name, kind, runtime, note=""):
        self.name = name
        self.kind = kind  # "prickle", "peer", "floor"
        self.runtime = runtime
        self.note = note


# ---- running programs -----------------------------------------------------------


def preexec(pin):
    if pin is None:
        return None

    def f():
        os.sched_setaffinity(0, {pin})

    return f


def run_program(argv, timeout, pin, env=None):
    """Run argv; returns (returncode or a message, stdout, stderr, None)."""
    full_env = dict(os.environ)
    if env:
        full_env.update(env)
    try:
        p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             cwd=SWITCH_DIR, env=full_env, preexec_fn=preexec(pin))
    except OSError as e:
        return "cannot run: %s" % e, b"", b"", None
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        p.communicate()
        return "timeout", b"", b"", None
    return p.returncode, out, err, None


def parse_switch(rc, out, err, want_n):
    """(switches, wall seconds or None, CPU seconds) from a program's output, or
    raise ValueError(message)."""
    if rc != 0:
        tail = err.decode(errors="replace").strip()[-400:]
        raise ValueError("exit %s: %s" % (rc, tail))
    m = RESULT_RE.search(out)
    if not m:
        raise ValueError("no SWITCH line in output: %r" % out[-200:])
    n = int(m.group(1))
    wall = None if m.group(2) == b"-" else float(m.group(2))
    cpu = float(m.group(3))
    if want_n is not None and n != want_n:
        raise ValueError("timed %d switches, asked for %d" % (n, want_n))
    if cpu <= 0 or (wall is not None and wall <= 0):
        raise ValueError("non-positive time in %r" % m.group(0))
    return n, wall, cpu


def measure(bench, n, args):
    """Run once; returns (ns per switch by args.clock, wall ns or None, CPU ns)."""
    rc, out, err, _ = run_program(bench.make_argv(n), args.timeout, args.pin)
    got_n, wall, cpu = parse_switch(rc, out, err, n)
    wall_ns = None if wall is None else wall * 1e9 / got_n
    cpu_ns = cpu * 1e9 / got_n
    chosen = wall_ns if args.clock == "wall" and wall_ns is not None else cpu_ns
    return chosen, wall_ns, cpu_ns


def calibrate(bench, args):
    """Choose n (even) so that the timed loop takes about args.target seconds."""
    n = 20000
    while True:
        ns = measure(bench, n, args)[0]
        if ns * n >= 0.03e9 or n >= 50_000_000:
            break
        n *= 10
    want = int(args.target * 1e9 / ns)
    want = max(2000, min(200_000_000, want))
    return want - want % 2


# ---- the benchmark set -------------------------------------------------------------


def probe_prickle(path, timeout):
    """None if `path` runs tasklet programs, else the reason it cannot."""
    with tempfile.TemporaryDirectory() as tmp:
        p = os.path.join(tmp, "probe.py")
        with open(p, "w") as f:
            f.write("import stackless\nch = stackless.channel()\n"
                    "stackless.tasklet(ch.send)(7)\nprint(ch.receive())\n")
        rc, out, err, _ = run_program([path, "run", p], timeout, None)
    if rc == 0 and out.strip() == b"7":
        return None
    msg = err.decode(errors="replace").strip().splitlines()
    return "probe failed (exit %s%s)" % (rc, (": " + msg[-1]) if msg else "")


def find_prickles(args, notes):
    paths = [d for spec in args.drivers for d in spec.split(",") if d]
    if not paths:
        build = args.build
        if not os.path.isabs(build):
            build = os.path.join(os.getcwd(), build)
            if not os.path.isdir(build) and os.path.isdir(os.path.join(ROOT, args.build)):
                build = os.path.join(ROOT, args.build)
        for s in STRATEGIES:
            p = os.path.join(build, "prickle-" + s)
            if os.path.exists(p):
                paths.append(p)
            else:
                notes.append("skipped %s: %s does not exist (not built)" % (s, p))
    found = []
    for p in paths:
        p = os.path.abspath(p)
        base = os.path.basename(p)
        label = base[len("prickle-"):] if base.startswith("prickle-") else base
        if not os.path.exists(p):
            notes.append("skipped %s: %s does not exist" % (label, p))
            continue
        why = probe_prickle(p, args.timeout)
        if why:
            notes.append("skipped %s (%s): %s" % (label, p, why))
            continue
        found.append((label, p))
    return found


def build_benches(args, prickles, notes):
    series = []
    benches = []
    depths = args.depths

    def add(s, depth_list, make):
        series.append(s)
        for d in depth_list:
            benches.append(Bench(s.name, d, make(d), s.runtime))

    for label, path in prickles:
        for mode in ("channel", "schedule"):
            add(Series("%s %s" % (label, mode), "prickle", "prickle"), depths,
                lambda d, path=path, mode=mode: (
                    lambda n: [path, "run", prog("pingpong.py"), mode, str(d), str(n),
                               str(WARMUP)]))
    if args.no_peers:
        pass
    else:
        sys_py = resolve_python(SYSTEM_PYTHON) if os.path.exists(SYSTEM_PYTHON) else None
        has_greenlet = False
        if sys_py:
            chk = subprocess.run([SYSTEM_PYTHON, "-c", "import greenlet"], capture_output=True)
            has_greenlet = chk.returncode == 0
        if has_greenlet:
            for kind, title in (("py", "greenlet"), ("c", "greenlet C-recursion")):
                add(Series(title, "peer", "cpython",
                           "Python calls" if kind == "py" else "each level through a C call"),
                    depths,
                    lambda d, kind=kind: (
                        lambda n: [SYSTEM_PYTHON, prog("greenlet_pingpong.py"), str(d), str(n),
                                   kind, str(WARMUP)]))
        else:
            notes.append("skipped greenlet: %s with python3-greenlet not found "
                         "(bash tests/setup-deps.sh)" % SYSTEM_PYTHON)
        lua = shutil.which("lua5.4")
        if lua:
            add(Series("Lua 5.4 coroutine", "peer", "lua", "os.clock() CPU time"), depths,
                lambda d: (lambda n: [lua, prog("coro_pingpong.lua"), str(d), str(n),
                                      str(WARMUP)]))
        else:
            notes.append("skipped Lua: lua5.4 not on PATH (bash tests/setup-deps.sh)")
        pythons = []
        path_py = resolve_python("python3") if shutil.which("python3") else None
        if sys_py:
            pythons.append(("CPython %s (%s)" % (sys_py[1], SYSTEM_PYTHON), sys_py[0]))
        if path_py and (not sys_py or path_py[0] != sys_py[0]):
            pythons.append(("CPython %s (PATH)" % path_py[1], path_py[0]))
        for title, exe in pythons:
            add(Series("generator send, " + title, "peer", "cpython",
                       "depth = chain of `yield from` generators"), depths,
                lambda d, exe=exe: (lambda n: [exe, prog("gen_pingpong.py"), str(d), str(n),
                                               str(WARMUP)]))
        for title, exe in pythons:
            add(Series("loop floor, " + title, "floor", "cpython"), [None],
                lambda d, exe=exe: (lambda n: [exe, prog("floor.py"), str(n)]))
        if lua:
            add(Series("loop floor, Lua 5.4", "floor", "lua"), [None],
                lambda d: (lambda n: [lua, prog("floor.lua"), str(n)]))
    for label, path in prickles:
        add(Series("loop floor, prickle " + label, "floor", "prickle"), [None],
            lambda d, path=path: (lambda n: [path, "run", prog("floor.py"), str(n)]))
    return series, benches


# ---- stack-copy bytes per switch ---------------------------------------------------


def copy_stats(path, mode, depth, n, timeout):
    """(switches, bytes saved, bytes restored) of one pingpong run of a stack-copy
    binary, read from cstack_stats() at exit with gdb; None if unavailable."""
    argv = ["gdb", "-q", "-batch", "-nx",
            "-ex", "set breakpoint pending on",
            "-ex", "break exit",
            "-ex", "run",
            "-ex", "print *(unsigned long (*)[6])cstack_stats()",
            "-ex", "kill",
            "--args", path, "run", prog("pingpong.py"), mode, str(depth), str(n), str(WARMUP)]
    try:
        out = subprocess.run(argv, capture_output=True, timeout=timeout, cwd=SWITCH_DIR,
                             stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return None
    m = re.search(rb"^\$1 = \{(\d+), (\d+), (\d+), (\d+), (\d+), (\d+)\}", out.stdout, re.M)
    if not m:
        return None
    switches, saves, saved, restores, restored, allocs = (int(x) for x in m.groups())
    return switches, saved, restored


_MEMCPY = {}


def memcpy_ns(size, reps=100):
    """ns for one memmove of `size` bytes (buffers hot in cache, best of 9 rounds);
    None below 16 KiB, where the ctypes call overhead (~100 ns) hides the copy."""
    if size < 16384:
        return None
    if size not in _MEMCPY:
        _MEMCPY[size] = _memcpy_ns(size, reps)
    return _MEMCPY[size]


def _memcpy_ns(size, reps):
    a = ctypes.create_string_buffer(size)
    b = ctypes.create_string_buffer(size)
    best = None
    ctypes.memmove(a, b, size)
    for _ in range(9):
        t = time.perf_counter()
        for _ in range(reps):
            ctypes.memmove(a, b, size)
        dt = (time.perf_counter() - t) / reps
        best = dt if best is None else min(best, dt)
    # Subtract the ctypes call overhead (a 1-byte memmove).
    t = time.perf_counter()
    for _ in range(reps):
        ctypes.memmove(a, b, 1)
    call = (time.perf_counter() - t) / reps
    return max(best - call, 0.0) * 1e9


# ---- idle memory -------------------------------------------------------------------


def idle_configs(args, prickles):
    cfg = []
    d = args.idle_depth
    for label, path in prickles:
        cfg.append(("prickle " + label, lambda k, path=path: [path, "run",
                                                             prog("idle_tasklets.py"),
                                                             str(k), str(d), "channel"]))
    if not args.no_peers:
        if os.path.exists(SYSTEM_PYTHON) and subprocess.run(
                [SYSTEM_PYTHON, "-c", "import greenlet"], capture_output=True).returncode == 0:
            cfg.append(("greenlet", lambda k: [SYSTEM_PYTHON, prog("idle_greenlets.py"),
                                               str(k), str(d)]))
        lua = shutil.which("lua5.4")
        if lua:
            cfg.append(("Lua 5.4 coroutine", lambda k: [lua, prog("idle_coros.lua"), str(k),
                                                        str(d)]))
    return cfg


def run_memory(args, prickles):
    cfg = idle_configs(args, prickles)
    rss = {name: {0: [], args.idle_count: []} for name, _ in cfg}
    failures = {}
    for rep in range(args.memory_repeat):
        for name, make in cfg:
            for k in (0, args.idle_count):
                # The program reports its own VmHWM: ru_maxrss of the child (wait4,
                # RUSAGE_CHILDREN) also counts the pages of the driver it was
                # forked from, which Linux carries over exec.
                rc, out, err, _ = run_program(make(k), args.timeout, args.pin)
                m = IDLE_RE.search(out)
                kib = int(m.group(2)) if m else -1
                if rc != 0 or not m or int(m.group(1)) != k or kib <= 0:
                    failures[name] = "count %d: exit %s, output %r %s" % (
                        k, rc, out[-100:], err.decode(errors="replace").strip()[-300:])
                    continue
                rss[name][k].append(kib)
                if args.verbose:
                    print("  idle %-22s %7d: %d KiB" % (name, k, kib), file=sys.stderr)
    rows = []
    result = {}
    for name, _ in cfg:
        if name in failures or not rss[name][0] or not rss[name][args.idle_count]:
            rows.append([name, "FAIL", "", "", ""])
            result[name] = {"failure": failures.get(name, "no data")}
            continue
        base = statistics.median(rss[name][0])
        full = statistics.median(rss[name][args.idle_count])
        per = (full - base) * 1024 / args.idle_count
        rows.append([name, "%d" % base, "%d" % full, "%.0f" % per, "%.2f" % (per / 1024)])
        result[name] = {"baseline_kib": rss[name][0], "full_kib": rss[name][args.idle_count],
                        "bytes_per_tasklet": per}
    print()
    print("Memory per idle tasklet: %d parked at depth %d (prickle: blocked in "
          "channel.receive()), peak RSS minus the same program with 0; median of %d" %
          (args.idle_count, args.idle_depth, args.memory_repeat))
    print_table(["runner", "RSS 0 KiB", "RSS %d KiB" % args.idle_count, "bytes/tasklet", "KiB"],
                rows)
    for name, msg in sorted(failures.items()):
        print("  FAILED %s: %s" % (name, msg))
    return result, failures


# ---- reporting ---------------------------------------------------------------------


def print_table(head, rows):
    widths = [max(len(str(r[i])) for r in [head] + rows) for i in range(len(head))]
    line = "  ".join(h.ljust(w) if i == 0 else h.rjust(w)
                     for i, (h, w) in enumerate(zip(head, widths)))
    print(line)
    print("-" * len(line))
    for r in rows:
        print("  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)
                        for i, (c, w) in enumerate(zip(r, widths))))


def fmt_ns(v):
    if v is None:
        return "-"
    if v >= 1000:
        return "%.0f" % v
    if v >= 100:
        return "%.1f" % v
    return "%.2f" % v


def spread(samples):
    """(max - min) / median, in percent."""
    if len(samples) < 2:
        return None
    return 100.0 * (max(samples) - min(samples)) / statistics.median(samples)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default="build",
                    help="directory holding prickle-stackless / prickle-stack-copy "
                         "(default: build)")
    ap.add_argument("--drivers", action="append", default=[],
                    help="explicit prickle binaries, comma-separated or repeated")
    ap.add_argument("--repeat", type=int, default=5,
                    help="timed runs per configuration (default 5); medians are reported")
    ap.add_argument("--target", type=float, default=0.3,
                    help="seconds each timed loop should take (default 0.3)")
    ap.add_argument("--depths", default="0,10,100,1000",
                    help="call depths of the switching tasklets (default 0,10,100,1000)")
    ap.add_argument("--idle-count", type=int, default=100000,
                    help="idle tasklets for the memory measurement (default 100000)")
    ap.add_argument("--idle-depth", type=int, default=2,
                    help="call depth of each idle tasklet (default 2)")
    ap.add_argument("--memory-repeat", type=int, default=3,
                    help="runs per memory configuration (default 3)")
    ap.add_argument("--no-memory", action="store_true", help="skip the idle-memory measurement")
    ap.add_argument("--no-peers", action="store_true",
                    help="prickle only (no greenlet, Lua, generators, CPython floors)")
    ap.add_argument("--no-copy-stats", action="store_true",
                    help="do not read stack-copy's byte counters with gdb")
    ap.add_argument("--clock", choices=("cpu", "wall"), default="cpu",
                    help="report process CPU time (default; what Lua's os.clock measures, "
                         "and robust to preemption) or wall time (perf_counter; Lua stays CPU)")
    ap.add_argument("--pin", type=int, default=None, metavar="CPU",
                    help="pin every benchmark process to this CPU")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds per run (default 300)")
    ap.add_argument("--quick", action="store_true",
                    help="smoke test: --repeat 1 --target 0.02 --idle-count 10000 "
                         "--memory-repeat 1")
    ap.add_argument("--json", metavar="OUT", help="also write all results to OUT")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every run")
    args = ap.parse_args()
    if args.quick:
        args.repeat, args.target, args.idle_count, args.memory_repeat = 1, 0.02, 10000, 1
    try:
        args.depths = [int(x) for x in args.depths.split(",") if x != ""]
    except ValueError:
        ap.error("--depths must be comma-separated integers")
    if args.repeat < 1 or args.target <= 0 or args.idle_count < 1 or not args.depths:
        ap.error("bad --repeat / --target / --idle-count / --depths")

    notes = []
    prickles = find_prickles(args, notes)
    series, benches = build_benches(args, prickles, notes)
    info = machine_info()
    print("prickle switch benchmarks: prickle %s" %
          (", ".join("%s (%s)" % lp for lp in prickles) or "none"))
    print("machine: %s, %s cpus, load %s, %s" % (
        info.get("cpu", "?"), info.get("cpus"),
        " ".join("%.2f" % x for x in info.get("loadavg", ())), info["platform"]))
    for n in notes:
        print("note: " + n)
    if not benches:
        print("nothing to measure")
        return 1
    print()

    # Calibration (doubles as a warm-up run of each configuration).
    for b in benches:
        try:
            b.n = calibrate(b, args)
        except ValueError as e:
            b.failure = str(e)
        if args.verbose:
            print("  calibrated %-40s n=%s %s" % (b.key, b.n, b.failure or ""), file=sys.stderr)

    # Timed runs: repetition-major, the order rotated every round.
    live = [b for b in benches if not b.failure]
    for rep in range(args.repeat):
        k = (rep * 7) % len(live) if live else 0
        for b in live[k:] + live[:k]:
            if b.failure:
                continue
            try:
                ns, wall, cpu = measure(b, b.n, args)
            except ValueError as e:
                b.failure = str(e)
                continue
            b.samples.append(ns)
            b.wall.append(wall)
            b.cpu.append(cpu)
            if args.verbose:
                print("  [%d] %-40s %10s ns" % (rep + 1, b.key, fmt_ns(ns)), file=sys.stderr)

    med = {}
    for b in benches:
        med[(b.series, b.depth)] = statistics.median(b.samples) if b.samples and not b.failure \
            else None

    # Table 1: ns per one-way switch.
    depths = args.depths
    head = ["ns per one-way switch"] + ["d=%d" % d for d in depths] + ["spread"]
    rows = []
    for s in series:
        if s.kind == "floor":
            continue
        row = [s.name]
        spreads = []
        for d in depths:
            b = next(x for x in benches if x.series == s.name and x.depth == d)
            row.append("FAIL" if b.failure else fmt_ns(med[(s.name, d)]))
            sp = spread(b.samples)
            if sp is not None:
                spreads.append(sp)
        row.append("%.0f%%" % max(spreads) if spreads else "-")
        rows.append(row)
    print_table(head, rows)
    floors = [s for s in series if s.kind == "floor"]
    if floors:
        print()
        print_table(["loop floor (loop + call of a no-op)", "ns/iteration", "spread"],
                    [[s.name[len("loop floor, "):],
                      fmt_ns(med[(s.name, None)]),
                      ("%.0f%%" % spread(next(b for b in benches if b.series == s.name).samples))
                      if spread(next(b for b in benches if b.series == s.name).samples)
                      is not None else "-"]
                     for s in floors])
    print()
    clock = ("process CPU time (time.process_time; Lua: os.clock)" if args.clock == "cpu" else
             "wall time (time.perf_counter; Lua: os.clock, CPU time: it has no wall clock)")
    print("Medians of %d runs of ~%.2f s each; every program times its own loop (start-up"
          % (args.repeat, args.target))
    print("excluded) by %s." % clock)
    print("A one-way switch includes one loop iteration and one call on the switching side")
    print("(send/receive, schedule, switch, resume/yield, send): compare with the floor.")
    print("spread = (max - min) / median over the runs, worst depth. Generators: depth = a")
    print("chain of that many `yield from` generators. greenlet C-recursion: every level")
    print("entered through a C call, so the C stack grows with the depth as in stack-copy.")

    # Table 2: ratios against the peers at the same depth.
    peers = [s.name for s in series if s.kind == "peer" and not s.name.startswith("generator")]
    gen0 = [s.name for s in series if s.name.startswith("generator send")]
    ratios = {}
    prickle_series = [s for s in series if s.kind == "prickle"]
    if prickle_series and (peers or gen0):
        print()
        head = ["ratio prickle / peer (same depth)"] + ["d=%d" % d for d in depths]
        rows = []
        for s in prickle_series:
            for p in peers + gen0[:1]:
                row = ["%s / %s" % (s.name, p)]
                for d in depths:
                    a, b = med.get((s.name, d)), med.get((p, d))
                    r = a / b if a and b else None
                    ratios["%s|%s|%d" % (s.name, p, d)] = r
                    row.append("-" if r is None else "%.2f" % r)
                rows.append(row)
        print_table(head, rows)
        print("Below 1.00 prickle is faster.")

    # Table 3: stack-copy bytes per switch.
    copy = {}
    sc = [(label, path) for label, path in prickles if label == "stack-copy"]
    if sc and not args.no_copy_stats:
        if not shutil.which("gdb"):
            print("\nnote: gdb not found: no byte counts for stack-copy (--no-copy-stats)")
        else:
            label, path = sc[0]
            rows = []
            base = {}
            for mode in ("channel", "schedule"):
                for d in depths:
                    st = copy_stats(path, mode, d, 20000, args.timeout)
                    ns = med.get(("%s %s" % (label, mode), d))
                    if not st or not st[0]:
                        rows.append(["%s d=%d" % (mode, d), "n/a", "", "", "", "", ""])
                        continue
                    sw, saved, restored = st
                    per = (saved + restored) / sw
                    mc_save = memcpy_ns(int(saved / sw))
                    mc_restore = memcpy_ns(int(restored / sw))
                    mc = mc_save + mc_restore if mc_save and mc_restore else None
                    if d == depths[0]:
                        base[mode] = (per, ns)
                    gbs = "-"
                    b0 = base.get(mode)
                    if b0 and d != depths[0] and ns and b0[1] and per > b0[0] and ns > b0[1]:
                        gbs = "%.1f" % ((per - b0[0]) / (ns - b0[1]))
                    copy["%s|%d" % (mode, d)] = {"switches": sw, "bytes_saved": saved,
                                                 "bytes_restored": restored,
                                                 "bytes_per_switch": per, "ns": ns,
                                                 "memcpy_ns": mc}
                    rows.append(["%s d=%d" % (mode, d), "%.0f" % (saved / sw),
                                 "%.0f" % (restored / sw), fmt_ns(ns), fmt_ns(mc), gbs,
                                 "%.1f" % (per / ns) if ns else "-"])
            if any(r[1] != "n/a" for r in rows):
                print()
                print("stack-copy: C stack bytes copied per one-way switch "
                      "(cstack_stats() via gdb)")
                print_table(["config", "saved B", "restored B", "switch ns", "memcpy ns",
                             "GB/s marginal", "GB/s overall"], rows)
                print("memcpy ns: ctypes.memmove of the same sizes here, hot cache; GB/s "
                      "marginal = extra bytes / extra ns against the smallest depth.")
            else:
                print("\nnote: could not read cstack_stats() from %s with gdb" % path)

    mem_result, mem_fail = ({}, {})
    if not args.no_memory:
        mem_result, mem_fail = run_memory(args, prickles)

    failed = [b for b in benches if b.failure]
    if failed:
        print()
        print("FAILURES:")
        for b in failed:
            print("  %s: %s" % (b.key, b.failure))
    print()
    print("Shared, noisy machine: compare figures from the same run; rerun with --repeat 9 "
          "or --pin CPU to settle small differences.")

    if args.json:
        result = {
            "machine": info, "date": time.strftime("%Y-%m-%dT%H:%M:%S"),
            "repeat": args.repeat, "target_s": args.target, "depths": depths,
            "clock": args.clock,
            "warmup_switches": WARMUP, "notes": notes,
            "prickle": [{"label": lbl, "path": p} for lbl, p in prickles],
            "series": [{"name": s.name, "kind": s.kind, "runtime": s.runtime, "note": s.note}
                       for s in series],
            "switch": {b.key: {"series": b.series, "depth": b.depth, "n": b.n,
                               "ns_samples": b.samples, "wall_ns_samples": b.wall,
                               "cpu_ns_samples": b.cpu, "failure": b.failure,
                               "ns_median": med[(b.series, b.depth)]} for b in benches},
            "ratios": ratios,
            "stack_copy_bytes": copy,
            "memory": {"count": args.idle_count, "depth": args.idle_depth,
                       "results": mem_result},
        }
        with open(args.json, "w") as f:
            json.dump(result, f, indent=1, sort_keys=True)
        print("results written to %s" % args.json)
    prickle_failed = any(b.runtime == "prickle" for b in failed) or any(
        n.startswith("prickle") for n in mem_fail)
    return 1 if prickle_failed else 0


if __name__ == "__main__":
    sys.exit(main())
