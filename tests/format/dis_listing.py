#!/usr/bin/env python3
"""dis_listing.py — tests of `prickle dis FILE` (format/dis.c).

--check listing: the listing of a known pickle (dis_pickle.py: a recursion
  suspended under sorted() and a key function, an exception handler looping
  over a suspended generator, a preempted busy loop, an unstarted tasklet)
  states the facts a reader relies on, checked against the program's source
  and against `prickle dis-code` rather than a stored text:
  - every frame record appears once in a tasklet or generator view
    (function, file:line, instruction) and is marked `->` once in the
    disassembly of its code, at an instruction with that same line and op;
  - the functions, lines (the "# MARK:" lines of dis_pickle.py) and ops
    where the frames stand; helper records with name, label and request;
  - the disassembly of every code record is that of `prickle dis-code` of
    the same source (line column, targets, index, op name, argument);
    op names are those of common/opcodes.def;
  - the options --no-code, --no-objects and --record N, and the listing of a
    whole scheduler (`prickle run --save-pickles`).
--check robust: `prickle dis` on every truncation and on single-byte flips
  of that pickle and of a whole-scheduler one, and on well-shaped pickles
  with broken bytecode, positions, exception tables, name and constant
  tables, frame positions and chains (listed whole and with --record of the
  broken record), ends in exit 0, or exit 1 with one
  "pickle.UnpicklingError: invalid pickle: ..." line: never a signal, a
  sanitizer report or a hang.

usage: dis_listing.py --prickle BIN [--check listing|robust]
                      [--level full|quick|smoke] [-j N] [--crash-dir DIR]
--level quick flips one mask per byte (sanitizer builds), smoke samples.
"""
import argparse
import concurrent.futures
import os
import re
import struct
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import malformed  # noqa: E402  (the msgpack codec, the format's tables, running prickle)
from malformed import KIND, OPS, Mutant, Pickle, run, describe  # noqa: E402

PROGRAM = "dis_pickle.py"
OP_NAMES = {name for name, _ in OPS}


def make_pickles(prickle, tmp):
    """The pickle dis_pickle.py writes, and the whole-scheduler pickles of
    the same run (--save-pickles): (bytes, path, [scheduler paths])."""
    path = os.path.join(tmp, "tasklets.pkl")
    saved = os.path.join(tmp, "saved")
    rc, out, err = run([prickle, "run", "--save-pickles", saved, PROGRAM, path],
                       60 * malformed.SCALE, cwd=HERE)
    if rc != 0 or "walk and handler done" not in out:
        sys.exit("%s failed (%s):\n%s%s" % (PROGRAM, describe(rc), out, err))
    scheds = sorted((os.path.join(saved, f) for f in os.listdir(saved) if f.endswith(".pkl")),
                    key=lambda f: int(os.path.basename(f)[:-4]))
    if not scheds:
        sys.exit("--save-pickles wrote no pickle")
    return open(path, "rb").read(), path, scheds


def marks():
    """{name: line} of the "# MARK:name" lines of the program."""
    out = {}
    for k, line in enumerate(open(os.path.join(HERE, PROGRAM)), 1):
        m = re.search(r"# MARK:(\w+)", line)
        if m:
            out[m.group(1)] = k
    return out


# ---- reading a listing ----------------------------------------------------------------------

# "Disassembly of code #27 <code object looper, file '...', line 46>:" (prickle dis)
# "Disassembly of <code object looper, file "...", line 46>:" (prickle dis-code)
HEAD_RE = re.compile(r"^Disassembly of (?:code #(\d+) )?<code object (\S+), file .*, "
                     r"line (-?\d+)>:$")
# One instruction: line column, "->", ">>", index, op name, argument, meaning, marks.
INSTR_RE = re.compile(r"^(    |[ \d]{3}\d|   \?)( -> |    )(>>|  ) {1,5}(\d+) (\S+)(?: +(\d+))?"
                      r"(?: \((.*?)\))?(?:    <- (.*))?$")


def parse_codes(text):
    """{(name, firstlineno): {"id", "instrs": [(line, target, index, op, arg)],
    "marks": {index: [mark text]}, "current": set of indices, "exc": [lines]}}."""
    codes = {}
    cur = None
    section = None
    line_no = None
    for raw in text.splitlines():
        m = HEAD_RE.match(raw)
        if m:
            cur = {"id": int(m.group(1)) if m.group(1) else None, "instrs": [], "marks": {},
                   "current": set(), "exc": []}
            codes[(m.group(2), int(m.group(3)))] = cur
            section = "instrs"
            line_no = None
            continue
        if cur is None:
            continue
        if raw == "ExceptionTable:":
            section = "exc"
            continue
        if section == "exc":
            if raw.startswith("  ") and " -> " in raw:
                cur["exc"].append(raw.strip())
                continue
            cur = None
            continue
        m = INSTR_RE.match(raw)
        if m:
            if m.group(1).strip():
                line_no = m.group(1).strip()
            index = int(m.group(4))
            cur["instrs"].append((line_no, m.group(3) == ">>", index, m.group(5),
                                  m.group(6)))
            if m.group(2) == " -> ":
                cur["current"].add(index)
            if m.group(8):
                cur["marks"][index] = m.group(8).split(", ")
        elif raw and not raw.startswith("  "):
            cur = None
    return codes


# "    frame #33 looper  file.py:52  suspended at ip 20: CALL 0  (code #27)"
FRAME_RE = re.compile(r"^\s*frame #(\d+) (\S+)  (.*):(\d+|\?)  (suspended at|preempted before|"
                      r"not started, at|at) ip (-?\d+): (\S+)[^\n]*\(code #(\d+)\)")


def frame_views(text):
    """{frame id: (qualname, file, line, how, ip, op, code id)} of the views."""
    out = {}
    for raw in text.splitlines():
        m = FRAME_RE.match(raw)
        if m:
            out.setdefault(int(m.group(1)), []).append(
                (m.group(2), m.group(3), m.group(4), m.group(5), int(m.group(6)), m.group(7),
                 int(m.group(8))))
    return out


# ---- --check listing ------------------------------------------------------------------------

class Failures(list):
    def check(self, cond, what):
        if not cond:
            self.append(what)
        return cond


def check_listing(args, tmp):
    data, path, scheds = make_pickles(args.prickle, tmp)
    p = Pickle(data)
    f = Failures()
    rc, text, err = run([args.prickle, "dis", path], 60 * malformed.SCALE)
    if not f.check(rc == 0 and not err, "prickle dis: %s, stderr %r" % (describe(rc), err[-300:])):
        return report(f)

    # Header: the size and the number of records of every kind.
    f.check(text.startswith("prickle pickle: %d bytes, format version " % len(data)),
            "header: %r" % text[:80])
    m = re.search(r"^objects: (\d+) \((.*)\)$", text, re.M)
    if f.check(m, "no 'objects: N (...)' line"):
        counts = {name: int(n) for n, name in (c.split(" ", 1) for c in m.group(2).split(", "))}
        f.check(int(m.group(1)) == len(p.objs) == sum(counts.values()),
                "objects: %s, pickle has %d" % (m.group(0), len(p.objs)))
        for name, n in counts.items():
            f.check(len(p.of_kind(name)) == n, "count of %s: %d, pickle has %d" %
                    (name, n, len(p.of_kind(name))))

    codes = parse_codes(text)
    by_id = {c["id"]: (key, c) for key, c in codes.items()}
    f.check(sorted(by_id) == sorted(p.of_kind("code")),
            "code listings %s, code records %s" % (sorted(by_id), p.of_kind("code")))
    for key, c in codes.items():
        for _, _, _, op, _ in c["instrs"]:
            f.check(op in OP_NAMES, "%s: op %r is not in opcodes.def" % (key, op))
        f.check(len(c["instrs"]) == len(p.instrs(c["id"])),
                "%s: %d instructions listed, the record has %d" %
                (key, len(c["instrs"]), len(p.instrs(c["id"]))))

    # Every frame: one view, one mark, consistent with each other and the record.
    views = frame_views(text)
    frames = p.of_kind("frame")
    f.check(sorted(views) == sorted(frames), "frame views %s, frame records %s" %
            (sorted(views), frames))
    for fr in frames:
        vs = views.get(fr, [])
        if not f.check(len(vs) == 1, "frame #%d has %d views" % (fr, len(vs))):
            continue
        qual, fname, line, how, ip, op, code = vs[0]
        f.check(code == p.get(fr, "code") and ip == p.get(fr, "ip"),
                "frame #%d view: code #%d ip %d, record: code #%d ip %d" %
                (fr, code, ip, p.get(fr, "code"), p.get(fr, "ip")))
        if code not in by_id:
            continue
        key, c = by_id[code]
        f.check(qual == p.objs[p.get(code, "qualname")][1] and fname == PROGRAM,
                "frame #%d: %s in %s" % (fr, qual, fname))
        where = [k for k, ms in c["marks"].items()
                 if any(x == "frame #%d" % fr or x.startswith("frame #%d " % fr) for x in ms)]
        if not f.check(where == [ip] and ip in c["current"],
                       "frame #%d at ip %d: marked at %s in %s" % (fr, ip, where, key)):
            continue
        lline, _, _, lop, _ = c["instrs"][ip]
        last = [ins[0] for ins in c["instrs"][:ip + 1]][-1]
        f.check(lop == op and last == line, "frame #%d: view says line %s %s, listing line %s %s" %
                (fr, line, op, last, lop))

    # Where the frames of this program stand, from its source.
    mk = marks()
    stand = sorted((v[0][0], int(v[0][2]), v[0][3], v[0][5]) for v in views.values() if v)
    expected = sorted([("walk", mk["recurse"], "suspended at", "CALL")] * 3 +
                      [("walk", mk["sorted"], "suspended at", "CALL_KW"),
                       ("make_key.<locals>.key", mk["key"], "suspended at", "CALL"),
                       ("handler", mk["schedule"], "suspended at", "CALL"),
                       ("squares", mk["yield"], "suspended at", "YIELD_VALUE"),
                       ("busy", mk["busy"], "preempted before", "LOAD_FAST")])
    f.check(stand == expected, "frames stand at\n    %s\n  expected\n    %s" % (stand, expected))
    for pattern in [r"helper #\d+ builtins\.sorted  label key  request call of function #\d+ "
                    r"make_key\.<locals>\.key",
                    r"helper #\d+ channel\.receive  label resumed  request switch",
                    r"helper #\d+ stackless\.schedule  label resumed  request switch",
                    r"helper #\d+ stackless\.tasklet_start  label start  request none",
                    r"cells: scale=cell #\d+ -> int 6",
                    r"locals: n=int 3, acc=int 0",
                    r"exception #\d+ of ValueError, args \('oops',\)",
                    r"traceback #\d+: line %d, frame #\d+ handler  ip \d+: RAISE_VARARGS 1" %
                    (mk["schedule"] - 3),
                    r"generator #\d+ squares: suspended",
                    r"channel #\d+: balance -1, waiting: tasklet #\d+",
                    r"tasklet #\d+: alive, not started, resume deliver value None, func "
                    r"function #\d+ feeder",
                    r"tasklet #\d+: alive, started, resume deliver value tasklet #\d+, func "
                    r"function #\d+ handler, handling exception #\d+ of ValueError",
                    r"freevars: \(scale\)",
                    r"LOAD_DEREF +\d+ \(scale\)",
                    r"LOAD_CONST +\d+ \(\(3, 1, 2\)\)",
                    r"LOAD_CONST +\d+ \(<code object key, code #\d+>\)",
                    r"BINARY_OP +32 \(\+=\)"]:
        f.check(re.search(pattern, text, re.M), "listing lacks /%s/" % pattern)

    # The same code as `prickle dis-code` lists for the source.
    rc, live, err = run([args.prickle, "dis-code", PROGRAM], 60 * malformed.SCALE, cwd=HERE)
    if f.check(rc == 0, "prickle dis-code: %s %s" % (describe(rc), err[-300:])):
        live_codes = parse_codes(live)
        for key, c in codes.items():
            lc = live_codes.get(key)
            if not f.check(lc, "%s: not in prickle dis-code's listing" % (key,)):
                continue
            f.check(c["instrs"] == lc["instrs"], "%s: instructions differ from dis-code's" % (key,))
            f.check(c["exc"] == lc["exc"], "%s: exception table %s, dis-code %s" %
                    (key, c["exc"], lc["exc"]))
        f.check(any(c["exc"] for c in codes.values()), "no exception table listed")

    # Options.
    rc, out, err = run([args.prickle, "dis", "--no-code", path], 60 * malformed.SCALE)
    f.check(rc == 0 and "Disassembly of" not in out and "\nobjects:\n" in out and
            "frame #" in out, "--no-code: %s" % describe(rc))
    rc, out, err = run([args.prickle, "dis", "--no-objects", path], 60 * malformed.SCALE)
    f.check(rc == 0 and "\nobjects:\n" not in out and "Disassembly of" in out,
            "--no-objects: %s" % describe(rc))
    fr = p.get(p.of_kind("tasklet")[0], "top")
    while p.kind(fr) != KIND["frame"]:
        fr = p.get(fr, "back")
    rc, out, err = run([args.prickle, "dis", "--record", str(fr), path], 60 * malformed.SCALE)
    f.check(rc == 0 and out.startswith("#%d frame code=#" % fr) and
            re.search(r"^frame #%d make_key\.<locals>\.key  " % fr, out, re.M) and
            "Disassembly of code #%d " % p.get(fr, "code") in out and
            out.count("Disassembly of") == 1, "--record %d: %s\n%s" % (fr, describe(rc), out))
    rc, out, err = run([args.prickle, "dis", "--record", str(len(p.objs)), path],
                       60 * malformed.SCALE)
    f.check(rc == 1 and not out and len(err.strip().splitlines()) == 1,
            "--record out of range: %s %r" % (describe(rc), err))
    rc, out, err = run([args.prickle, "dis", "--record", "x", path], 60 * malformed.SCALE)
    f.check(rc == 2 and "usage" in err, "--record x: %s" % describe(rc))

    # A whole scheduler: settings, modules, the main tasklet's module frame.
    rc, out, err = run([args.prickle, "dis", scheds[-1]], 60 * malformed.SCALE)
    if f.check(rc == 0 and not err, "dis of %s: %s %r" % (scheds[-1], describe(rc), err)):
        for pattern in [r"^root: scheduler #0$",
                        r"^scheduler #0: main tasklet #\d+, next tasklet #\d+$",
                        r"^  recursion limit \d+, timeout \d+, total left \d+",
                        r"^  modules: module #\d+ __main__ \(dis_pickle\.py\)",
                        r"^tasklet #\d+: alive, main, started",
                        r"^    frame #\d+ <module>  dis_pickle\.py:\d+  suspended at ip \d+: ",
                        r"qualname <module>, .* flags MODULE, hash 0x[0-9a-f]{16}$"]:
            f.check(re.search(pattern, out, re.M), "scheduler listing lacks /%s/" % pattern)
        sp = Pickle(open(scheds[-1], "rb").read())
        marked = sum(len([x for x in c["marks"].get(k, []) if x.startswith("frame #")])
                     for c in parse_codes(out).values() for k in c["marks"])
        f.check(marked == len(sp.of_kind("frame")), "scheduler pickle: %d frames marked, %d frames"
                % (marked, len(sp.of_kind("frame"))))
    if not f:
        print("ok: %d code listings, %d frames, %d lines" % (len(codes), len(frames),
                                                            len(text.splitlines())))
    return report(f)


def report(failures):
    if failures:
        print("%d FAILURES:" % len(failures))
        for x in failures:
            print("  " + x)
        return 1
    return 0


# ---- --check robust -------------------------------------------------------------------------

def broken(p):
    """(name, bytes) of well-shaped pickles that break what only dis reads
    past the shape check: bytecode, positions, exception tables, table
    indices, frame positions and counts, chains, nested constants."""
    out = []

    def add(name, m):
        data = m.bytes()
        out.append((name, data))
        # The record it breaks (the name says which), listed alone too.
        out.append((name + " (--record)", data, ["--record", re.search(r"#(\d+)", name)[1]]))

    codes = p.of_kind("code")
    frames = p.of_kind("frame")
    tuples = p.of_kind("tuple")
    big = (1 << 63) - 1
    for c in codes[:3]:
        n = len(p.get(c, "instrs"))
        words = [bytes([op, 0xff, 0xff, 0xff]) for op in (0, 1, len(OPS) - 1, len(OPS), 0xff)]
        for name, v in [("empty", b""), ("1 byte", b"\x01"), ("odd", p.get(c, "instrs")[:-1]),
                        ("huge args", b"".join(words) * 4),
                        ("every op, arg 0xffffff", b"".join(bytes([op, 0xff, 0xff, 0xff])
                                                           for op in range(256))),
                        ("every op, arg 1", b"".join(bytes([op, 1, 0, 0]) for op in range(256))),
                        ("jumps far", b"".join(bytes([op, 0x10, 0, 0]) for op in range(len(OPS)))),
                        ("random", bytes((k * 97 + 13) & 0xff for k in range(n)))]:
            add("code #%d instrs %s" % (c, name), Mutant(p).set(c, "instrs", v))
        for name, v in [("empty", b""), ("short", p.get(c, "positions")[:20]),
                        ("odd", p.get(c, "positions") + b"\x01"),
                        ("extreme lines", struct.pack("<4i", -(1 << 31), (1 << 31) - 1, -1, 0) *
                         (n // 4 + 3))]:
            add("code #%d positions %s" % (c, name), Mutant(p).set(c, "positions", v))
        for name, v in [("odd", [1, 2, 3]), ("extremes", [-(1 << 63), big, -(1 << 63), big, 1]),
                        ("targets out", [0, 1, 1 << 40, 0, 0, 0, 1, -5, 0, 0]),
                        ("inverted", [5, 0, 0, -1, 7] * 3)]:
            add("code #%d exctable %s" % (c, name), Mutant(p).set(c, "exctable", v))
        for field, v in [("ncells", -(1 << 63)), ("ncells", big), ("ncells", -1),
                         ("nlocals", -(1 << 63)), ("nlocals", big), ("nfrees", big),
                         ("flags", (1 << 64) - 1), ("firstlineno", -(1 << 63))]:
            add("code #%d %s = %d" % (c, field, v), Mutant(p).set(c, field, v))
        for field in ("consts", "names", "varnames", "cellvars", "freevars", "filename",
                      "qualname"):
            add("code #%d %s -> code" % (c, field), Mutant(p).set(c, field, c))
            add("code #%d %s -> frame" % (c, field), Mutant(p).set(c, field, frames[0]))
    # A tuple holding itself, as a constant table and as a constant.
    for c in codes[:2]:
        consts = p.get(c, "consts")
        m = Mutant(p)
        m.objs[consts][1] = [consts] * 12
        add("code #%d consts hold themselves" % c, m)
        m = Mutant(p)
        m.objs[consts][1] = [c, consts, tuples[0], None, len(p.objs) - 1] * 3
        add("code #%d consts: code, self, nil" % c, m)
    for fr in frames[:4]:
        for field, v in [("ip", -1), ("ip", big), ("ip", -(1 << 63)), ("ip", 1 << 31),
                         ("sp", big), ("sp", -(1 << 63)), ("sp", -1), ("sp", 1 << 31)]:
            add("frame #%d %s = %d" % (fr, field, v), Mutant(p).set(fr, field, v))
        add("frame #%d back -> itself" % fr, Mutant(p).set(fr, "back", fr))
        add("frame #%d slots empty" % fr, Mutant(p).set(fr, "slots", []))
        add("frame #%d slots long" % fr, Mutant(p).set(fr, "slots", [None] * 300))
        add("frame #%d code -> frame" % fr, Mutant(p).set(fr, "code", fr))
        add("frame #%d gen -> frame" % fr, Mutant(p).set(fr, "gen", fr))
    for t in p.of_kind("tasklet"):
        add("tasklet #%d top -> tasklet" % t, Mutant(p).set(t, "top", t))
        if frames:
            add("tasklet #%d top -> shared frame" % t, Mutant(p).set(t, "top", frames[0]))
    for tb in p.of_kind("traceback"):
        for field, v in [("frame", tb), ("ip", -1), ("ip", big), ("next", tb), ("line", big)]:
            add("traceback #%d %s = %s" % (tb, field, v), Mutant(p).set(tb, field, v))
    for h in p.of_kind("helper")[:3]:
        add("helper #%d label unknown" % h, Mutant(p).set(h, "label", "no such label"))
        add("helper #%d name unknown" % h, Mutant(p).set(h, "name", "no.such.helper"))
        add("helper #%d fields many" % h, Mutant(p).set(h, "fields", [None, 0] * 100))
    for e in p.of_kind("exception"):
        add("exception #%d args -> itself" % e, Mutant(p).set(e, "args", e))
        add("exception #%d cause -> itself" % e, Mutant(p).set(e, "cause", e))
    for s in p.of_kind("str")[:5]:
        m = Mutant(p)
        m.objs[s][1] = "\udcff\udcfe\n'\\\x00" + "\u00e9" * 70
        add("str #%d invalid UTF-8 and escapes" % s, m)
    return out


def check_robust(args, tmp):
    data, _, scheds = make_pickles(args.prickle, tmp)
    sched = open(scheds[-1], "rb").read()
    p = Pickle(data)
    step = 1 if args.level != "smoke" else 16
    cases = [("truncated to %d bytes" % k, data[:k]) for k in range(0, len(data), step)]
    cases += [("scheduler pickle truncated to %d bytes" % k, sched[:k])
              for k in range(0, len(sched), step * 4)]
    cases += malformed.flips(data, args.level)
    cases += [("scheduler pickle " + n, b) for n, b in
              malformed.flips(sched, "smoke" if args.level != "full" else "quick")]
    cases += broken(p) + broken(Pickle(sched))
    cases += malformed.fuzz(p)
    failures = []
    status = {"listed": 0, "refused": 0}

    def work(k):
        name, blob, opts = (cases[k] + ([],))[:3]
        path = os.path.join(tmp, "dis-%d.pkl" % k)
        with open(path, "wb") as fh:
            fh.write(blob)
        r = run([args.prickle, "dis"] + opts + [path], 20 * malformed.SCALE, cwd=tmp)
        os.unlink(path)
        return k, r

    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for k, (rc, out, err) in pool.map(work, range(len(cases))):
            name, blob = cases[k][:2]
            err = malformed.noise_free(err)
            lines = err.strip("\n").split("\n")
            if rc == 0 and not err.strip() and (out.startswith("prickle pickle: ") or
                                                  out.startswith("#")):
                status["listed"] += 1
                continue
            if rc == 1 and len(lines) == 1 and lines[0].startswith(
                    "pickle.UnpicklingError: " + malformed.CLEAN_PREFIX):
                status["refused"] += 1
                continue
            why = describe(rc)
            if malformed.sanitizer_report(err):
                why += ", sanitizer report"
            os.makedirs(args.crash_dir, exist_ok=True)
            safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name)[:80]
            saved = os.path.join(args.crash_dir, "dis-%s-%d.pkl" % (safe, len(failures)))
            with open(saved, "wb") as fh:
                fh.write(blob)
            failures.append("%s: %s, stderr: %s (input saved as %s)" %
                            (name, why, malformed.last_line(err), saved))
    print("%d cases: %d listed, %d refused cleanly" % (len(cases), status["listed"],
                                                       status["refused"]))
    if not failures:
        print("ok")
    return report(failures)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--prickle", required=True)
    ap.add_argument("--check", choices=("listing", "robust"), default="listing")
    ap.add_argument("--level", choices=("full", "quick", "smoke"), default="full")
    ap.add_argument("-j", "--jobs", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--crash-dir", default=None)
    args = ap.parse_args()
    args.prickle = os.path.abspath(args.prickle)
    with tempfile.TemporaryDirectory(prefix="prickle-dis-") as tmp:
        if args.crash_dir is None:
            args.crash_dir = os.path.join(tempfile.gettempdir(), "prickle-dis-crashes")
        if args.check == "listing":
            return check_listing(args, tmp)
        return check_robust(args, tmp)


if __name__ == "__main__":
    sys.exit(main())
