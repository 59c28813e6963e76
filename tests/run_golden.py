#!/usr/bin/env python3
"""Run golden programs with an interpreter and compare with CPython's outputs.

Usage: run_golden.py --prickle BINARY [--driver NAME] [--pickle-every N] [--across OTHER]
                     [PROGRAM_OR_DIR ...]

Each program runs as regen.py ran it under CPython 3.11 (cwd = its
directory, bare file name, same environment) and must reproduce NAME.out
exactly, the exit code in NAME.rc (default 0) exactly, and NAME.err exactly,
except that for a SyntaxError/IndentationError only the 'File "...", line N'
line, the caret line and the final line are compared.

tests/known_failures.txt lists 'driver  tests/golden/area/name.py  reason':
such a test failing is a "known failure" (not an error); such a test passing
is an error, so that the list can only shrink.

Exit status: 0 if nothing failed, 77 if every selected test was skipped
(restricted to other drivers), 1 otherwise.
"""

import argparse
import concurrent.futures
import difflib
import os
import shutil
import sys
import tempfile

import goldenlib

MAX_DIFF_LINES = 200


def load_known_failures(path, driver):
    """Return {repo-relative program path: reason} listed for [driver]."""
    known = {}
    if not path or not os.path.exists(path):
        return known
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split(None, 2)
            if len(parts) < 3:
                raise SystemExit("%s:%d: expected 'driver  path  reason'" % (path, lineno))
            if parts[0] == driver:
                known[os.path.normpath(parts[1])] = parts[2]
    return known


def diff(expected, actual, what, limit=MAX_DIFF_LINES):
    """Return a unified diff of two texts, cut to [limit] lines."""
    lines = list(difflib.unified_diff(
        expected.splitlines(keepends=True), actual.splitlines(keepends=True),
        "expected " + what, "actual " + what))
    lines = [l if l.endswith("\n") else l + "\n\\ No newline at end of file\n" for l in lines]
    if len(lines) > limit:
        lines = lines[:limit] + ["... (%d more diff lines)\n" % (len(lines) - limit)]
    return "".join(lines)


def expected(program):
    """Return (stdout, stderr, rc) expected of [program], or a problem text."""
    out_path, err_path, rc_path = goldenlib.expected_paths(program)
    exp_out = goldenlib.read_text(out_path)
    if exp_out is None:
        return "no expected output %s (run tests/regen.py)" % os.path.basename(out_path)
    exp_err = goldenlib.read_text(err_path) or ""
    exp_rc = int((goldenlib.read_text(rc_path) or "0").strip())
    return exp_out, exp_err, exp_rc


def program_timeout(program, timeout):
    return timeout or goldenlib.read_directives(program)["timeout"] or goldenlib.DEFAULT_TIMEOUT


def check(cmd, program, timeout, scale):
    """Run one program; return a list of problem texts (empty = pass)."""
    exp = expected(program)
    if isinstance(exp, str):
        return [exp]
    timeout = program_timeout(program, timeout)
    # A CPython given as the interpreter (a self-test of the suite) needs the
    # stackless oracle; prickle has the module built in.
    oracle = "prickle" not in os.path.basename(cmd[0])
    out, err, rc = goldenlib.run_program(cmd, program, timeout * scale, oracle=oracle)
    return compare(exp, out, err, rc, timeout * scale)


def compare(exp, out, err, rc, timeout):
    """Compare a run's outcome with the expected one; return the problems."""
    exp_out, exp_err, exp_rc = exp
    problems = []
    if rc is None:
        problems.append("timed out after %g s" % timeout)
    elif rc != exp_rc:
        sig = " (killed by signal %d)" % -rc if rc < 0 else ""
        problems.append("exit code %d%s, expected %d" % (rc, sig, exp_rc))
    if out != exp_out:
        problems.append("stdout differs:\n" + diff(exp_out, out, "stdout"))
    exp_syntax = goldenlib.syntax_error_lines(exp_err)
    if exp_syntax is not None:
        act_syntax = goldenlib.syntax_error_lines(err) or err.rstrip("\n").split("\n")
        if act_syntax != exp_syntax:
            problems.append("syntax error report differs (location, caret, message):\n"
                            + diff("\n".join(exp_syntax) + "\n", "\n".join(act_syntax) + "\n",
                                   "stderr"))
    elif err != exp_err:
        problems.append("stderr differs:\n" + diff(exp_err, err, "stderr"))
    return problems


def check_across(cmd, other, program, timeout, scale):
    """Run [program] with [cmd] (a prickle `run` command) saving whole-scheduler
    pickles (--save-pickles), check its outcome, then continue every saved
    pickle in a fresh process of the [other] binary (`prickle resume`): the
    output written up to the pickle plus what the resumed process writes must
    be the expected output, with the expected exit code. Returns the problems
    and how many pickles were resumed / were not restorable."""
    exp = expected(program)
    if isinstance(exp, str):
        return [exp], 0, 0
    timeout = program_timeout(program, timeout) * scale
    directives = goldenlib.read_directives(program)
    problems = []
    resumed = unrestorable = 0
    with tempfile.TemporaryDirectory(prefix="prickle-across-") as tmp:
        argv = list(cmd) + ["--save-pickles", tmp, os.path.basename(program)] + directives["args"]
        out, err, rc = goldenlib.run_raw(argv, program, timeout, directives=directives)
        goldenlib.remove_temporary_files(program)
        first = compare(exp, goldenlib.decode(out, program), goldenlib.decode(err, program), rc,
                        timeout)
        if first:
            return ["the pickling run: " + p for p in first], 0, 0
        index = os.path.join(tmp, "index.tsv")
        with open(index, encoding="utf-8") as f:
            lines = [l.rstrip("\n").split("\t") for l in f if not l.startswith("#")]
        for fields in lines:
            switch, out_bytes, err_bytes, file = fields[:4]
            if file == "-":
                unrestorable += 1
                continue
            resumed += 1
            r_out, r_err, r_rc = goldenlib.run_raw([other, "resume", os.path.join(tmp, file)],
                                                   program, timeout, directives=directives)
            goldenlib.remove_temporary_files(program)
            found = compare(exp, goldenlib.decode(out[:int(out_bytes)] + r_out, program),
                            goldenlib.decode(err[:int(err_bytes)] + r_err, program), r_rc,
                            timeout)
            problems += ["resumed at switch %s by %s: %s" % (switch, os.path.basename(other), p)
                         for p in found]
    return problems, resumed, unrestorable


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", help="programs or directories (default: all)")
    ap.add_argument("--prickle", required=True,
                    help="interpreter binary (any, e.g. python3 for a self-test)")
    ap.add_argument("--driver", help="driver name for known failures and the drivers= "
                    "directive (default: from the binary name prickle-NAME)")
    ap.add_argument("--run-subcommand", choices=("auto", "yes", "no"), default="auto",
                    help="call 'BINARY run PROGRAM' (auto: yes unless BINARY is a python)")
    ap.add_argument("--timeout", type=float, default=None,
                    help="seconds per program (default: directive or %g)"
                    % goldenlib.DEFAULT_TIMEOUT)
    ap.add_argument("--timeout-scale", type=float,
                    default=float(os.environ.get("PRICKLE_TIMEOUT_SCALE", "1")),
                    help="multiply every timeout (default: $PRICKLE_TIMEOUT_SCALE or 1), "
                    "e.g. for sanitizer or GC-stress builds")
    ap.add_argument("--pickle-every", type=int, default=0, metavar="N",
                    help="run prickle in pickle-everywhere mode (prickle run --pickle-every N)")
    ap.add_argument("--across", metavar="OTHER",
                    help="cross-strategy mode: save whole-scheduler pickles at switches 1, 2, "
                    "4, ... (prickle run --save-pickles) and continue each with OTHER (another "
                    "prickle binary: OTHER resume FILE) in a fresh process; known failures "
                    "are listed for the driver name A>B")
    ap.add_argument("--known-failures", default=goldenlib.KNOWN_FAILURES)
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("-q", "--quiet", action="store_true", help="print only failures")
    args = ap.parse_args()

    binary = shutil.which(args.prickle) or args.prickle
    if not os.path.isfile(binary):
        sys.exit("run_golden.py: no interpreter %s" % args.prickle)
    binary = os.path.abspath(binary)
    base = os.path.basename(binary)
    driver = args.driver
    if driver is None:
        driver = base[len("prickle-"):] if base.startswith("prickle-") else base
    use_run = args.run_subcommand == "yes" or (
        args.run_subcommand == "auto" and not base.startswith("python"))
    cmd = goldenlib.interpreter_command(binary, use_run)
    if args.pickle_every:
        if not use_run:
            sys.exit("run_golden.py: --pickle-every needs a prickle binary")
        cmd = cmd + ["--pickle-every", str(args.pickle_every)]
    run_driver = driver  # (for the drivers= directive)
    other = None
    if args.across:
        if not use_run:
            sys.exit("run_golden.py: --across needs a prickle binary")
        other = os.path.abspath(shutil.which(args.across) or args.across)
        if not os.path.isfile(other):
            sys.exit("run_golden.py: no interpreter %s" % args.across)
        if args.driver is None:
            o = os.path.basename(other)
            driver += ">" + (o[len("prickle-"):] if o.startswith("prickle-") else o)
    known = load_known_failures(args.known_failures, driver)

    programs = goldenlib.find_programs(args.paths)
    selected = []
    skipped = 0
    for program in programs:
        drivers = goldenlib.read_directives(program)["drivers"]
        if drivers is not None and run_driver not in drivers:
            skipped += 1
            if not args.quiet:
                print("SKIP  %s/%s (drivers=%s)" % (driver, goldenlib.test_id(program),
                                                   ",".join(drivers)))
        else:
            selected.append(program)

    counts = {"passed": 0, "failed": 0, "known": 0, "xpass": 0}
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        if other:
            futures = [pool.submit(check_across, cmd, other, p, args.timeout, args.timeout_scale)
                       for p in selected]
        else:
            futures = [pool.submit(check, cmd, p, args.timeout, args.timeout_scale)
                       for p in selected]
        for program, future in zip(selected, futures):
            problems = future.result()
            note = ""
            if other:
                problems, resumed, unrestorable = problems
                note = " (%d pickles resumed, %d switches not restorable)" % (resumed,
                                                                              unrestorable)
            name = "%s/%s" % (driver, goldenlib.test_id(program))
            reason = known.get(os.path.normpath(goldenlib.repo_relative(program)))
            if reason is not None and problems:
                counts["known"] += 1
                if not args.quiet:
                    print("KNOWN FAILURE  %s (%s)" % (name, reason))
            elif reason is not None:
                counts["xpass"] += 1
                print("FAIL  %s: unexpectedly passes; remove it from known_failures.txt"
                      % name)
            elif problems:
                counts["failed"] += 1
                print("FAIL  %s" % name)
                for problem in problems:
                    print("  " + problem.rstrip("\n").replace("\n", "\n  "))
            else:
                counts["passed"] += 1
                if not args.quiet or note:
                    print("PASS  %s%s" % (name, note))
            sys.stdout.flush()

    failed = counts["failed"] + counts["xpass"]
    if len(programs) > 1:
        print("golden (%s): %d known failures, %d unexpected passes" % (
            driver, counts["known"], counts["xpass"]))
        print("%d passed, %d failed, %d skipped" % (counts["passed"], failed, skipped))
    if failed:
        sys.exit(1)
    if not selected and skipped:
        sys.exit(77)
    sys.exit(0)


if __name__ == "__main__":
    main()
