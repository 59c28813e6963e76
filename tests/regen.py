#!/usr/bin/env python3
"""Regenerate the expected outputs of the golden tests with CPython 3.11.

Usage: python3 tests/regen.py [PROGRAM_OR_DIR ...]

For each program tests/golden/<area>/NAME.py writes NAME.out (stdout),
NAME.err (stderr, only if non-empty) and NAME.rc (exit code, only if
non-zero), removing stale .err/.rc files. Every program is run twice and must
produce identical results both times (a guard against non-determinism).
Refuses to run under any Python other than 3.11: CPython 3.11 is the oracle.
"""

import argparse
import concurrent.futures
import os
import sys

import goldenlib


def write_or_remove(path, text):
    if text:
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
    elif os.path.exists(path):
        os.remove(path)


def regen_one(program, timeout):
    """Run [program] twice under this CPython; return an error text or None."""
    cmd = [sys.executable]
    results = []
    for _ in range(2):
        out, err, rc = goldenlib.run_program(cmd, program, timeout, oracle=True)
        if rc is None:
            return "timed out"
        if rc < 0:
            return "killed by signal %d" % -rc
        results.append((out, err, rc))
    if results[0] != results[1]:
        return "non-deterministic output (two runs differ)"
    out, err, rc = results[0]
    out_path, err_path, rc_path = goldenlib.expected_paths(program)
    with open(out_path, "w", encoding="utf-8", newline="") as f:
        f.write(out)
    write_or_remove(err_path, err)
    write_or_remove(rc_path, "%d\n" % rc if rc else "")
    return None


def main():
    if sys.version_info[:2] != (3, 11):
        sys.exit("regen.py: expected outputs must come from CPython 3.11, not %s"
                 % sys.version.split()[0])
    if sys.implementation.name != "cpython":
        sys.exit("regen.py: must run under CPython, not %s" % sys.implementation.name)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", help="programs or directories (default: all)")
    ap.add_argument("--timeout", type=float, default=None,
                    help="seconds per run (default: directive or %g)" % goldenlib.DEFAULT_TIMEOUT)
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()

    programs = goldenlib.find_programs(args.paths)
    failures = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {p: pool.submit(regen_one, p, args.timeout) for p in programs}
        for program in programs:
            problem = futures[program].result()
            if problem:
                failures += 1
                print("FAILED %s: %s" % (goldenlib.test_id(program), problem))
    print("regenerated %d programs, %d failed" % (len(programs) - failures, failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
