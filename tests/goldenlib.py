"""Shared machinery of the golden test suite (used by regen.py and run_golden.py).

A golden test is a Python program tests/golden/<area>/NAME.py with its
expected stdout (NAME.out), stderr (NAME.err, only if non-empty) and exit code
(NAME.rc, only if non-zero) produced by CPython 3.11. Both scripts run a
program the same way: cwd = the program's directory, the program named by its
bare file name, a fixed environment, and output paths normalised.
"""

import os
import re
import shlex
import subprocess
import sys

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(TESTS_DIR)
GOLDEN_DIR = os.path.join(TESTS_DIR, "golden")
LIB_DIR = os.path.join(REPO_DIR, "lib")
ORACLE_DIR = os.path.join(TESTS_DIR, "oracle")  # pure-Python stackless for CPython
KNOWN_FAILURES = os.path.join(TESTS_DIR, "known_failures.txt")

DEFAULT_TIMEOUT = 60.0

DIRECTIVE_RE = re.compile(r"^#\s*prickle-test:\s*([A-Za-z-]+)\s*=\s*(.*?)\s*$")
KNOWN_DIRECTIVES = ("drivers", "args", "stack-kb", "cpython-stack-kb", "timeout")

# Final stderr lines that mark a compile-time error: for these only the
# location line, the caret line and the final line are compared.
SYNTAX_ERROR_RE = re.compile(r"^(SyntaxError|IndentationError|TabError)\b")


class TestError(Exception):
    """A malformed test program (bad directive)."""


def find_programs(paths=None):
    """Return the absolute paths of the golden programs under [paths].

    [paths] may name files or directories; None means the whole suite.
    Files whose name starts with '_' are helper modules, never tests.
    """
    if not paths:
        paths = [GOLDEN_DIR]
    found = []
    for path in paths:
        path = os.path.abspath(path)
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith(("_", ".")))
                for name in sorted(files):
                    if name.endswith(".py") and not name.startswith("_"):
                        found.append(os.path.join(root, name))
        elif os.path.isfile(path):
            found.append(path)
        else:
            raise TestError("no such test: %s" % path)
    return found


def test_id(program):
    """Return 'area/name' for a program path (relative to tests/golden)."""
    rel = os.path.relpath(program, GOLDEN_DIR)
    return rel[:-3] if rel.endswith(".py") else rel


def repo_relative(program):
    """Return the program path relative to the repository root."""
    return os.path.relpath(program, REPO_DIR)


def read_directives(program):
    """Parse the '# prickle-test: key=value' lines of the leading comment block."""
    directives = {"drivers": None, "args": [], "stack-kb": None, "cpython-stack-kb": None,
                  "timeout": None}
    with open(program, encoding="utf-8") as f:
        for line in f:
            stripped = line.strip()
            if not stripped:
                continue
            if not stripped.startswith("#"):
                break
            m = DIRECTIVE_RE.match(stripped)
            if not m:
                continue
            key, value = m.group(1), m.group(2)
            if key not in KNOWN_DIRECTIVES:
                raise TestError("%s: unknown directive %r" % (program, key))
            if key == "drivers":
                directives["drivers"] = [d for d in re.split(r"[,\s]+", value) if d]
            elif key == "args":
                directives["args"] = shlex.split(value)
            else:
                directives[key] = float(value) if key == "timeout" else int(value)
    return directives


def expected_paths(program):
    """Return the (out, err, rc) expected-file paths of a program."""
    base = program[:-3]
    return base + ".out", base + ".err", base + ".rc"


def test_env(oracle=False):
    """Return the environment every golden program runs in.

    [oracle]: CPython produces the expected output, so it also gets the
    pure-Python `stackless` module of tests/oracle (first on the path).
    """
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON", "PYPERF"))}
    env.update({
        "PYTHONPATH": os.pathsep.join([ORACLE_DIR, LIB_DIR]) if oracle else LIB_DIR,
        "PYTHONHASHSEED": "0",
        "PYTHONNODEBUGRANGES": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONIOENCODING": "utf-8",
        "PYTHONUTF8": "1",
        "LC_ALL": "C.UTF-8",
    })
    return env


def normalise(text, program):
    """Make output independent of where the repository is checked out.

    CPython 3.11 makes the main script's path absolute (in tracebacks and
    __file__), so '<program dir>/' is removed and '<lib dir>/' becomes
    '<lib>/'. An interpreter printing the relative name gives the same text.
    """
    progdir = os.path.dirname(os.path.abspath(program))
    for d in {progdir, os.path.realpath(progdir)}:
        text = text.replace(d + os.sep, "")
    for d in {LIB_DIR, os.path.realpath(LIB_DIR)}:
        text = text.replace(d + os.sep, "<lib>/")
    return text


def interpreter_command(interp, use_run):
    """Return the argv prefix that runs a program with [interp]."""
    return [interp, "run"] if use_run else [interp]


def run_program(cmd_prefix, program, timeout=None, oracle=False):
    """Run one golden program; return (stdout, stderr, rc) or rc None on timeout.

    [cmd_prefix] is the interpreter argv (e.g. ['build/prickle-stackless', 'run']).
    [oracle] is true when CPython produces the expected output: then it gets
    tests/oracle on its path, and the 'cpython-stack-kb' directive, if
    present, replaces 'stack-kb' (CPython recurses in C for callbacks from
    builtins, which prickle's stackless driver does not; the output does not
    depend on the stack size).
    """
    directives = read_directives(program)
    if timeout is None:
        timeout = directives["timeout"] or DEFAULT_TIMEOUT
    argv = list(cmd_prefix) + [os.path.basename(program)] + directives["args"]
    out, err, rc = run_raw(argv, program, timeout, oracle, directives)
    remove_temporary_files(program)
    return decode(out, program), decode(err, program), rc


def run_raw(argv, program, timeout, oracle=False, directives=None):
    """Run [argv] as a golden program runs (cwd, environment, the stack-kb
    directive); return (stdout bytes, stderr bytes, rc or None on timeout)."""
    directives = directives or read_directives(program)
    stack_kb = directives["stack-kb"]
    if oracle and directives["cpython-stack-kb"]:
        stack_kb = directives["cpython-stack-kb"]
    if stack_kb:
        # Run under the given C stack size (the shell's ulimit, then exec).
        argv = ["/bin/sh", "-c", 'ulimit -s %d && exec "$@"' % stack_kb, "sh"] + list(argv)
    proc = subprocess.Popen(argv, cwd=os.path.dirname(os.path.abspath(program)),
                            env=test_env(oracle), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
        rc = proc.returncode
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        out, err = proc.communicate()
        rc = None
    return out, err, rc


def remove_temporary_files(program):
    """Programs may create files named _tmp_<program name>* in their directory."""
    cwd = os.path.dirname(os.path.abspath(program))
    stem = "_tmp_" + os.path.basename(program)[:-3]
    for name in os.listdir(cwd):
        if name.startswith(stem):
            os.remove(os.path.join(cwd, name))


def decode(raw, program):
    """Program output bytes as compared text (normalise)."""
    return normalise(raw.decode("utf-8", "surrogateescape"), program)


def syntax_error_lines(err):
    """Return the compared lines of a SyntaxError report, or None if not one.

    Those are the last 'File "...", line N' line, the caret line after it
    (if any) and the final exception line.
    """
    lines = err.rstrip("\n").split("\n")
    if not lines or not SYNTAX_ERROR_RE.match(lines[-1]):
        return None
    loc = None
    caret = None
    for i, line in enumerate(lines):
        if re.match(r'^  File ".*", line \d+', line):
            loc = i
            caret = None
        elif loc is not None and re.match(r"^\s*\^+\s*$", line):
            caret = line.rstrip()
    picked = []
    if loc is not None:
        picked.append(lines[loc])
    if caret is not None:
        picked.append(caret)
    picked.append(lines[-1])
    return picked


def read_text(path):
    """Return a file's text, or None if it does not exist."""
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()
