#!/usr/bin/env python3
"""CPython's side of the pickling benchmark (bench/pickle/run_pickle.py).

Builds, for each case DEPTH:OBJECTS, a plain object graph "equivalent" to a
prickle tasklet suspended at call depth DEPTH whose pickle holds OBJECTS
records, and times pickle.dumps / pickle.loads / both in turn on it with the
highest protocol (timeit-style autorange, the cyclic GC left on as in any
program), printing one JSON object with sizes and times.

The equivalent graph (see bench/README.md):
  * a chain of DEPTH frame-like lists, innermost first, each
        [back, code, ip, n, name, acc, x, s]
    holding the very values of the prickle frame's locals (the recursion of
    pickle_bench.c: x = 3n+1, s = name + str(n), acc summed down the chain;
    `name` one str shared by every frame), `back` the frame below (None at
    the bottom), `code` one tuple shared by every frame, `ip` a small int;
  * padded with distinct short strs (a list hanging off the root) so that
    the number of objects equals OBJECTS, counted as prickle counts records:
    every distinct object once (ints by value, as prickle's tagged ints).

Usage: python3 cpython_pickle.py --case 10:80 [--case 100:500 ...]
           [--target 0.2] [--stats-only] [--loop OP:N]
--loop runs OP (dumps, loads, dumps+loads) N times on each case's graph,
untimed, for instruction counts under callgrind (run_pickle.py --callgrind).
Runs under any CPython 3.8+ (Debian's /usr/bin/python3 and a pyenv 3.11).
"""

import argparse
import gc
import json
import pickle
import platform
import sys
import time

PROTOCOL = pickle.HIGHEST_PROTOCOL


def frame_values(depth):
    """The locals (n, name, acc, x, s) of the prickle tasklet's frames, from the
    bottom (the first call, n = depth) to the top (n = 1)."""
    name = "f"
    acc = 0
    out = []
    for n in range(depth, 0, -1):
        x = n * 3 + 1
        s = name + str(n)
        out.append((n, name, acc, x, s))
        acc = acc + x
    return out


def count_objects(root):
    """Distinct objects reachable from root: containers and strs by identity,
    ints by value (prickle's small ints are values, one record per value)."""
    seen = set()
    ints = set()
    n = 0
    stack = [root]
    while stack:
        o = stack.pop()
        if type(o) is int:
            if o not in ints:
                ints.add(o)
                n += 1
            continue
        if id(o) in seen:
            continue
        seen.add(id(o))
        n += 1
        if type(o) in (list, tuple):
            stack.extend(o)
        elif type(o) is dict:
            for k, v in o.items():
                stack.append(k)
                stack.append(v)
    return n


def build_graph(depth, objects):
    """(root, natural object count, padding) for one case."""
    code = ("rec", "<pickle_bench>", 3)
    back = None
    vals = frame_values(depth)
    for i, (n, name, acc, x, s) in enumerate(vals):
        ip = 32 if i == len(vals) - 1 else 26
        back = [back, code, ip, n, name, acc, x, s]
    filler = []
    root = [back, filler]
    natural = count_objects(root)
    pad = max(0, objects - natural)
    filler.extend("v%d" % k for k in range(pad))
    assert count_objects(root) == max(objects, natural)
    return root, natural, pad


def autorange(fn, target):
    """Loop count so that one timed loop takes at least `target` seconds
    (timeit.Timer.autorange's 1, 2, 5, 10, 20, 50... sequence)."""
    i = 1
    while True:
        for k in (1, 2, 5):
            number = i * k
            t0 = time.perf_counter()
            for _ in range(number):
                fn()
            if time.perf_counter() - t0 >= target:
                return number
        i *= 10


def timed(fn, number):
    """(wall seconds, process CPU seconds) per call over `number` calls."""
    w0 = time.perf_counter()
    c0 = time.process_time()
    for _ in range(number):
        fn()
    c1 = time.process_time()
    w1 = time.perf_counter()
    return (w1 - w0) / number, (c1 - c0) / number


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--case", action="append", default=[], metavar="DEPTH:OBJECTS",
                    help="a graph of DEPTH frames and OBJECTS objects (repeatable)")
    ap.add_argument("--target", type=float, default=0.2,
                    help="seconds per timed loop (default 0.2)")
    ap.add_argument("--stats-only", action="store_true", help="sizes and counts only")
    ap.add_argument("--loop", metavar="OP:N",
                    help="run OP N times per case, untimed, and print nothing")
    args = ap.parse_args()
    cases = []
    for spec in args.case:
        try:
            d, n = spec.split(":")
            cases.append((int(d), int(n)))
        except ValueError:
            ap.error("--case wants DEPTH:OBJECTS, got %r" % spec)
    if not cases:
        ap.error("no --case given")
    if sys.getrecursionlimit() < 20000:
        sys.setrecursionlimit(20000)  # pickling a deep chain recurses in C

    try:
        import _pickle
        accelerated = pickle.Pickler is _pickle.Pickler and pickle.loads is _pickle.loads
    except ImportError:
        accelerated = False
    out = {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "executable": sys.executable,
        "protocol": PROTOCOL,
        "accelerated": accelerated,
        "gc_enabled": gc.isenabled(),
        "cases": [],
    }
    for depth, objects in cases:
        root, natural, pad = build_graph(depth, objects)
        data = pickle.dumps(root, PROTOCOL)
        back = pickle.loads(data)
        if pickle.dumps(back, PROTOCOL) != data:
            raise SystemExit("cpython_pickle: round trip of depth %d differs" % depth)
        ops = {
            "dumps": lambda: pickle.dumps(root, PROTOCOL),
            "loads": lambda: pickle.loads(data),
            "dumps+loads": lambda: pickle.loads(pickle.dumps(root, PROTOCOL)),
        }
        if args.loop:
            op, _, number = args.loop.rpartition(":")
            if op not in ops or not number.isdigit():
                ap.error("--loop wants OP:N with OP one of %s" % ", ".join(ops))
            fn = ops[op]
            for _ in range(int(number)):
                fn()
            continue
        res = {"depth": depth, "objects": count_objects(root), "objects_wanted": objects,
               "natural_objects": natural, "padding": pad, "bytes": len(data)}
        if not args.stats_only:
            for name, fn in ops.items():
                number = autorange(fn, args.target)
                wall, cpu = timed(fn, number)
                res[name] = {"number": number, "wall_us": wall * 1e6, "cpu_us": cpu * 1e6}
        out["cases"].append(res)
    if args.loop:
        return
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
