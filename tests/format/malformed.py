#!/usr/bin/env python3
"""malformed.py — the frame format's robustness tests (format/SPEC.md, section 3).

Makes a real pickle with the interpreter under test (make_pickle.py: tasklets
suspended in loops, generators, `with` blocks, a sorted() key function,
__init__, an exception handler, preempted, unstarted, and a channel), then
feeds the decoder broken variants of it and checks that each ends in a clean
error: pickle.UnpicklingError("invalid pickle: ...") — one line — and never a
signal, a sanitizer report or a hang.

  every truncation (each prefix length)
  single-byte flips (xor 0x01, 0x80, 0xff) at every position
  targeted breakage that must be refused: wrong magic, other format and
    bytecode versions, unknown helper / label / builtin / type / module /
    record kind, out-of-range references, frames off their resume point,
    wrong stack depths, broken chains, code that does not verify, ...
  field fuzzing: every field of one record of each kind replaced by values of
    the wrong type or meaning (a successful load is allowed, a crash is not)

Variants are loaded many per process by load_many.py (pickle.loads); a
batch that dies is re-run case by case to find the culprit, whose input is
saved in --crash-dir. The cases that must be refused also go through
`prickle resume FILE` (exit 1, one line on stderr) and `prickle dis FILE`.
A flip may happen to leave a valid pickle: loading it is fine.

usage: malformed.py --prickle BIN [--check malformed|accepted|resume]
                    [--level full|quick|smoke] [-j N] [--crash-dir DIR] [--run-accepted N]
--check accepted: the variants that load are resumed with `prickle resume`
  (a sample of --run-accepted N, by default 1000/400/60 by level): they may
  raise or loop, but must not crash.
--check resume: `prickle resume` of the unbroken pickle continues exactly as
  the writing program does, and `prickle dis` lists it.
--level quick flips one mask per byte (sanitizer builds), smoke samples
  (GC-stress builds).
"""
import argparse
import ast
import concurrent.futures
import os
import random
import re
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SCALE = float(os.environ.get("PRICKLE_TIMEOUT_SCALE", "1"))
CLEAN_PREFIX = "invalid pickle: "
ACCEPTED_TIMEOUT = 5  # seconds for a resumed variant (a flip may make a loop endless)


# ---- the format's tables, read from the sources ------------------------------------------

def read_kinds():
    """kinds.def: {code: (name, shape, [field names])} and {name: code}."""
    text = open(os.path.join(ROOT, "format", "kinds.def")).read()
    text = re.sub(r"//[^\n]*", "", text)
    kinds = {}
    for m in re.finditer(r'KIND\(\s*(\w+),\s*(\d+),\s*"([^"]*)",\s*"([^"]*)",\s*((?:"[^"]*"\s*)+)\)',
                         text):
        fields = "".join(re.findall(r'"([^"]*)"', m.group(5))).split()
        kinds[int(m.group(2))] = (m.group(3), m.group(4), fields)
    return kinds, {v[0]: k for k, v in kinds.items()}


def read_opcodes():
    """opcodes.def: a list of (name, resumable) in opcode order."""
    ops = []
    for line in open(os.path.join(ROOT, "common", "opcodes.def")):
        body = line.split("//")[0].strip()
        if body.startswith("OP(") and body.endswith(")"):
            # OP(name, argkind, effect, jump_effect, flags, pops): no commas
            # inside the expressions.
            parts = body[3:-1].split(",")
            ops.append((parts[0].strip(), "OPF_RESUMABLE" in parts[4]))
    return ops


KINDS, KIND = read_kinds()
OPS = read_opcodes()


# ---- a minimal msgpack codec ----------------------------------------------------------------

class Float32(float):
    """A float stored as msgpack float 32."""


def unpack(data):
    """Decode one msgpack value; str as str (invalid UTF-8 kept with
    surrogateescape), bin as bytes."""
    pos = 0

    def take(n):
        nonlocal pos
        if pos + n > len(data):
            raise ValueError("truncated")
        b = data[pos:pos + n]
        pos += n
        return b

    def num(fmt):
        return struct.unpack(">" + fmt, take(struct.calcsize(fmt)))[0]

    def value():
        b = take(1)[0]
        if b <= 0x7f:
            return b
        if b >= 0xe0:
            return b - 0x100
        if 0x80 <= b <= 0x8f:
            return {value(): value() for _ in range(b & 0x0f)}
        if 0x90 <= b <= 0x9f:
            return [value() for _ in range(b & 0x0f)]
        if 0xa0 <= b <= 0xbf:
            return take(b & 0x1f).decode("utf-8", "surrogateescape")
        simple = {0xc0: None, 0xc2: False, 0xc3: True}
        if b in simple:
            return simple[b]
        if b in (0xc4, 0xc5, 0xc6):
            return bytes(take(num("BHI"[b - 0xc4])))
        if b == 0xca:
            return Float32(num("f"))
        if b == 0xcb:
            return num("d")
        if 0xcc <= b <= 0xcf:
            return num("BHIQ"[b - 0xcc])
        if 0xd0 <= b <= 0xd3:
            return num("bhiq"[b - 0xd0])
        if b in (0xd9, 0xda, 0xdb):
            return take(num("BHI"[b - 0xd9])).decode("utf-8", "surrogateescape")
        if b in (0xdc, 0xdd):
            return [value() for _ in range(num("HI"[b - 0xdc]))]
        if b in (0xde, 0xdf):
            return {value(): value() for _ in range(num("HI"[b - 0xde]))}
        raise ValueError("unsupported msgpack byte 0x%02x" % b)

    v = value()
    if pos != len(data):
        raise ValueError("trailing data")
    return v


def pack(v):
    out = bytearray()

    def head(n, fixed, fixed_limit, code8, code16, code32):
        """The header of a str, bin, array or map of [n] items."""
        if n < fixed_limit:
            out.append(fixed | n)
        elif code8 and n < 256:
            out.extend((code8, n))
        elif n < 65536:
            out.append(code16)
            out.extend(struct.pack(">H", n))
        else:
            out.append(code32)
            out.extend(struct.pack(">I", n))

    def put(v):
        if v is None:
            out.append(0xc0)
        elif v is True or v is False:
            out.append(0xc3 if v else 0xc2)
        elif isinstance(v, int):
            if -32 <= v <= 0x7f:
                out.append(v & 0xff)
                return
            sizes = ((0xcc, "B", 8), (0xcd, "H", 16), (0xce, "I", 32), (0xcf, "Q", 64)) \
                if v >= 0 else ((0xd0, "b", 7), (0xd1, "h", 15), (0xd2, "i", 31), (0xd3, "q", 63))
            code, fmt = next((c, f) for c, f, bits in sizes if -(1 << bits) <= v < (1 << bits))
            out.append(code)
            out.extend(struct.pack(">" + fmt, v))
        elif isinstance(v, Float32):
            out.append(0xca)
            out.extend(struct.pack(">f", v))
        elif isinstance(v, float):
            out.append(0xcb)
            out.extend(struct.pack(">d", v))
        elif isinstance(v, str):
            b = v.encode("utf-8", "surrogateescape")
            head(len(b), 0xa0, 32, 0xd9, 0xda, 0xdb)
            out.extend(b)
        elif isinstance(v, (bytes, bytearray)):
            head(len(v), 0, 0, 0xc4, 0xc5, 0xc6)
            out.extend(v)
        elif isinstance(v, list):
            head(len(v), 0x90, 16, None, 0xdc, 0xdd)
            for x in v:
                put(x)
        elif isinstance(v, dict):
            head(len(v), 0x80, 16, None, 0xde, 0xdf)
            for k, x in v.items():
                put(k)
                put(x)
        else:
            raise TypeError(type(v))

    put(v)
    return bytes(out)


def deep_copy(v):
    if isinstance(v, list):
        return [deep_copy(x) for x in v]
    if isinstance(v, dict):
        return {k: deep_copy(x) for k, x in v.items()}
    return v


# ---- the pickle as a structure ----------------------------------------------------------

class Pickle:
    """The decoded top level: header fields and the object table."""

    def __init__(self, data):
        self.top = unpack(data)
        self.objs = self.top[5]

    def kind(self, i):
        return self.objs[i][0]

    def of_kind(self, name):
        return [i for i, r in enumerate(self.objs) if r[0] == KIND[name]]

    def fi(self, i, name):
        """Index in record i of the field called [name]."""
        return 1 + KINDS[self.kind(i)][2].index(name)

    def get(self, i, name):
        return self.objs[i][self.fi(i, name)]

    def chain_frames(self):
        """(frame id, is_top, tasklet resumes by 'continue') of every tasklet chain frame."""
        out = []
        for t in self.of_kind("tasklet"):
            r = self.get(t, "top")
            cont = self.get(t, "resume") == "continue"
            first = True
            seen = set()
            while r is not None and r not in seen:
                seen.add(r)
                if self.kind(r) == KIND["frame"]:
                    out.append((r, first, cont))
                    r = self.get(r, "back")
                else:
                    r = self.get(r, "back")
                first = False
        return out

    def code_of(self, frame):
        return self.get(frame, "code")

    def instrs(self, code):
        b = self.get(code, "instrs")
        return [struct.unpack("<I", b[k:k + 4])[0] for k in range(0, len(b) - 3, 4)]


class Mutant:
    """Edit a copy of the pickle's structure, then pack it."""

    def __init__(self, p):
        self.top = deep_copy(p.top)
        self.objs = self.top[5]
        self.p = p

    def set(self, i, name, v):
        self.objs[i][self.p.fi(i, name)] = v
        return self

    def bytes(self):
        return pack(self.top)


def targeted(p, data):
    """(name, bytes) of broken pickles that the decoder must refuse."""
    cases = []

    def add(name, m):
        cases.append((name, m.bytes() if isinstance(m, Mutant) else m))

    def header(k, v):
        m = Mutant(p)
        m.top[k] = v
        return m

    n = len(p.objs)
    add("empty input", b"")
    add("not msgpack", b"\xc1")
    add("not an array", pack(42))
    add("short header", pack(p.top[:5]))
    add("long header", pack(p.top + [0]))
    add("wrong magic", header(0, "PRKX"))
    add("magic as bin", header(0, b"PRKL"))
    add("a CPython pickle", b"\x80\x04\x95\x05\x00\x00\x00\x00\x00\x00\x00K\x01.")
    add("future format version", header(1, p.top[1] + 1))
    add("format version 0", header(1, 0))
    add("negative format version", header(1, -1))
    add("other bytecode version", header(2, p.top[2] ^ 1))
    add("bytecode version as str", header(2, str(p.top[2])))
    add("info not a map", header(3, []))
    add("root out of range", header(4, n))
    add("root nil", header(4, None))
    add("empty object table", header(5, []))
    add("object table not an array", header(5, {}))
    add("trailing byte", data + b"\xc0")
    add("two pickles", data + data)
    add("deep nesting", b"\x91" * 100000 + b"\xc0")
    add("huge array claim", b"\xdd\xff\xff\xff\xff")
    add("huge str claim", b"\x96\xdb\xff\xff\xff\xf0PRKL")
    add("huge object table claim", b"\x96" + b"".join(pack(x) for x in p.top[:4]) + pack(0) +
        b"\xdd\x7f\xff\xff\xff")

    # Records.
    m = Mutant(p)
    m.objs[0] = 5
    add("record not an array", m)
    m = Mutant(p)
    m.objs[0] = []
    add("empty record", m)
    for bad_kind in (0, 99, 255, -1, "list"):
        m = Mutant(p)
        m.objs[0][0] = bad_kind
        add("record kind %r" % (bad_kind,), m)
    done = set()
    for i, r in enumerate(p.objs):
        if r[0] in done or len(r) < 2:
            continue
        done.add(r[0])
        kname = KINDS[r[0]][0]
        m = Mutant(p)
        m.objs[i] = m.objs[i][:-1]
        add("%s record missing a field" % kname, m)
        m = Mutant(p)
        m.objs[i] = m.objs[i] + [None]
        add("%s record with an extra field" % kname, m)
        shape = KINDS[r[0]][1]
        for f, letter in enumerate(shape):
            fname = KINDS[r[0]][2][f]
            if letter in "Rr":
                add("%s.%s out of range" % (kname, fname), Mutant(p).set(i, fname, n))
                add("%s.%s huge" % (kname, fname), Mutant(p).set(i, fname, (1 << 64) - 1))
            if letter == "A" and r[1 + f]:
                m = Mutant(p)
                m.objs[i][1 + f][0] = n + 1000
                add("%s.%s item out of range" % (kname, fname), m)
            wrong = {"R": "x", "r": -1, "i": "x", "u": -1, "f": 1, "B": 0, "s": 1,
                     "b": "x", "A": 0, "I": ["x"]}[letter]
            add("%s.%s of the wrong type" % (kname, fname), Mutant(p).set(i, fname, wrong))
            if letter == "R":
                add("%s.%s nil" % (kname, fname), Mutant(p).set(i, fname, None))
            if letter == "i":
                add("%s.%s above int64" % (kname, fname), Mutant(p).set(i, fname, 1 << 63))

    # Registered names.
    helpers = p.of_kind("helper")
    add("unknown helper name", Mutant(p).set(helpers[0], "name", "no.such_helper"))
    add("helper name with a NUL", Mutant(p).set(helpers[0], "name",
                                                 p.get(helpers[0], "name") + "\0x"))
    add("unknown helper label", Mutant(p).set(helpers[0], "label", "no_such_label"))
    add("unknown request", Mutant(p).set(helpers[0], "request", "bogus"))
    add("request 'raise'", Mutant(p).set(helpers[0], "request", "raise"))
    for h in helpers:
        m = Mutant(p)
        m.objs[h][p.fi(h, "fields")].append(None)
        add("helper %s with one field too many" % p.get(h, "name"), m)
        if p.get(h, "fields"):
            m = Mutant(p)
            m.objs[h][p.fi(h, "fields")].pop()
            add("helper %s with one field too few" % p.get(h, "name"), m)
    for i in p.of_kind("builtin")[:1]:
        add("unknown builtin", Mutant(p).set(i, "name", "builtins.no_such_function"))
    for i in p.of_kind("builtin_type")[:1]:
        add("unknown builtin type", Mutant(p).set(i, "name", "no_such_type"))
    for i in p.of_kind("module"):
        if p.get(i, "file") is None:
            add("unknown builtin module", Mutant(p).set(i, "name", "no_such_module"))
            break
    for i in p.of_kind("str")[:1]:
        add("str not UTF-8", Mutant(p).set(i, "value", "ab\udcff"))

    # Frames off their resume point, wrong stack depths, broken chains.
    suspended = []
    for f, is_top, cont in p.chain_frames():
        c = p.code_of(f)
        ninstrs = len(p.instrs(c))
        name = "frame #%d" % f
        for ip in (-1, ninstrs, 1 << 40):
            add("%s ip %d (out of range)" % (name, ip), Mutant(p).set(f, "ip", ip))
        if not (is_top and cont):
            suspended.append(f)
        sp = p.get(f, "sp")
        m = Mutant(p).set(f, "sp", sp + 1)
        m.objs[f][p.fi(f, "slots")].append(None)
        add("%s stack depth +1" % name, m)
        if sp > 0:
            m = Mutant(p).set(f, "sp", sp - 1)
            m.objs[f][p.fi(f, "slots")].pop()
            add("%s stack depth -1" % name, m)
        m = Mutant(p)
        m.objs[f][p.fi(f, "slots")].append(None)
        add("%s one slot too many" % name, m)
        add("%s sp negative" % name, Mutant(p).set(f, "sp", -1))
        add("%s back to itself" % name, Mutant(p).set(f, "back", f))
    for f in suspended:
        ins = p.instrs(p.code_of(f))
        ip = next((k for k, w in enumerate(ins) if (w & 0xff) < len(OPS) and not OPS[w & 0xff][1]),
                  None)
        if ip is not None:
            add("frame #%d suspended at non-resumable %s" % (f, OPS[ins[ip] & 0xff][0]),
                Mutant(p).set(f, "ip", ip))
    for g in p.of_kind("generator"):
        f = p.get(g, "frame")
        if p.get(g, "state") == "suspended" and f is not None:
            ins = p.instrs(p.code_of(f))
            ip = next(k for k, w in enumerate(ins) if OPS[w & 0xff][0] != "YIELD_VALUE")
            add("suspended generator #%d not at a yield" % g, Mutant(p).set(f, "ip", ip))
            add("suspended generator #%d frame linked" % g,
                Mutant(p).set(f, "back", p.chain_frames()[0][0]))
        add("generator #%d unknown state" % g, Mutant(p).set(g, "state", "bogus"))
        add("generator #%d finished with a frame" % g, Mutant(p).set(g, "state", "finished"))
    tasklets = p.of_kind("tasklet")
    t0, t1 = tasklets[0], tasklets[1]
    add("tasklet unknown resume kind", Mutant(p).set(t0, "resume", "bogus"))
    add("tasklet state 3", Mutant(p).set(t0, "state", 3))
    add("dead tasklet with a chain", Mutant(p).set(t0, "state", 2))
    add("tasklet top is an int record", Mutant(p).set(t0, "top", p.of_kind("int")[0]))
    add("tasklets sharing a chain", Mutant(p).set(t0, "top", p.get(t1, "top")))
    add("alive tasklet without a chain", Mutant(p).set(t0, "top", None))
    for t in tasklets:
        other = "deliver" if p.get(t, "resume") == "continue" else "continue"
        add("tasklet #%d resume %s" % (t, other), Mutant(p).set(t, "resume", other))
        if p.get(t, "started"):
            add("tasklet #%d not started" % t, Mutant(p).set(t, "started", False))
    for c in p.of_kind("channel"):
        add("channel balance wrong", Mutant(p).set(c, "balance", p.get(c, "balance") - 1))
        add("channel waiting a non-tasklet", Mutant(p).set(c, "waiting", [p.of_kind("int")[0]]))

    # Code objects that do not verify.
    c = p.code_of(p.chain_frames()[0][0])
    ins = p.get(c, "instrs")
    add("code instrs not a multiple of 4", Mutant(p).set(c, "instrs", ins[:-1]))
    add("code unknown opcode", Mutant(p).set(c, "instrs", b"\xff\x00\x00\x00" + ins[4:]))
    add("code without instructions", Mutant(p).set(c, "instrs", b""))
    add("code positions too short", Mutant(p).set(c, "positions", p.get(c, "positions")[:-16]))
    add("code stacksize 0", Mutant(p).set(c, "stacksize", 0))
    add("code nlocals +1", Mutant(p).set(c, "nlocals", p.get(c, "nlocals") + 1))
    add("code exctable bad entry", Mutant(p).set(c, "exctable", [0, 1 << 20, 1 << 20, 0, 0]))
    add("code exctable not 5 ints per entry", Mutant(p).set(c, "exctable", [0, 1]))
    jumps = [k for k, w in enumerate(p.instrs(c)) if OPS[w & 0xff][0].startswith("JUMP") or
             "JUMP" in OPS[w & 0xff][0]]
    if jumps:
        b = bytearray(ins)
        b[4 * jumps[0] + 1:4 * jumps[0] + 4] = b"\xff\xff\x7f"
        add("code jump out of range", Mutant(p).set(c, "instrs", bytes(b)))
    for i in p.of_kind("range")[:1]:
        add("range step 0", Mutant(p).set(i, "step", 0))
    for i in p.of_kind("dict"):
        if p.get(i, "items"):
            m = Mutant(p)
            m.objs[i][p.fi(i, "items")].pop()
            add("dict with an odd number of items", m)
            break
    for i in p.of_kind("function"):
        if p.get(i, "closure") is not None:
            add("closure of the wrong size", Mutant(p).set(i, "closure", p.of_kind("tuple")[0]
                                                           if not p.get(p.of_kind("tuple")[0], "items")
                                                           else None))
            break
    return cases


def fuzz(p):
    """(name, bytes) of well-shaped but wrong field values, for one record of
    each kind: references to records of other kinds, odd numbers, empty
    strings and arrays. Loading one may succeed; it must not crash."""
    out = []
    others = [0, p.of_kind("None")[0], p.of_kind("int")[0], p.of_kind("str")[0],
              p.of_kind("tasklet")[0], p.of_kind("frame")[0], p.of_kind("helper")[0]]
    done = set()
    for i, r in enumerate(p.objs):
        if r[0] in done:
            continue
        done.add(r[0])
        kname, shape, names = KINDS[r[0]]
        for f, letter in enumerate(shape):
            values = {"R": others, "r": others + [None], "i": [-1, 0, 1 << 40, -(1 << 63)],
                      "u": [0, 7, (1 << 64) - 1], "f": [float("nan")], "B": [not r[1 + f]],
                      "s": ["", "x" * 300], "b": [b"", b"\0" * 17], "A": [[], [None], others],
                      "I": [[], [-1], [1 << 62] * 5]}[letter]
            for v in values:
                if v != r[1 + f]:
                    out.append(("%s #%d .%s = %r" % (kname, i, names[f], v)[:120],
                                Mutant(p).set(i, names[f], v).bytes()))
    return out


def flips(data, level):
    """(name, bytes) of single-byte flips."""
    out = []
    masks = (0x01, 0x80, 0xff)
    for pos in range(len(data)):
        if level == "full":
            chosen = masks
        elif level == "quick":
            chosen = (masks[pos % 3],)
        else:
            chosen = (masks[pos % 3],) if pos % 8 == 0 else ()
        for mask in chosen:
            b = bytearray(data)
            b[pos] ^= mask
            out.append(("flip byte %d ^ 0x%02x" % (pos, mask), bytes(b)))
    return out


# ---- running the interpreter ---------------------------------------------------------------

def env():
    e = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    e.setdefault("ASAN_OPTIONS", "detect_leaks=0")
    return e


def noise_free(stderr):
    """stderr without the collector's warnings (a few variants allocate a lot)."""
    lines = stderr.splitlines()
    keep, skip = [], False
    for line in lines:
        if line.startswith("GC Warning:"):
            skip = True
            continue
        if skip and line.startswith("\t"):
            continue
        skip = False
        keep.append(line)
    return "\n".join(keep)


def sanitizer_report(stderr):
    return any(s in stderr for s in ("Sanitizer", "runtime error:", "AddressSanitizer"))


def run(cmd, timeout, cwd=None):
    """(returncode or 'timeout', stdout, stderr)."""
    try:
        r = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout, env=env(), cwd=cwd)
    except subprocess.TimeoutExpired as e:
        return "timeout", (e.stdout or b"").decode("utf-8", "replace"), \
            (e.stderr or b"").decode("utf-8", "replace")
    return r.returncode, r.stdout.decode("utf-8", "replace"), r.stderr.decode("utf-8", "replace")


def last_line(text):
    lines = [l for l in text.strip().splitlines() if l.strip()]
    return lines[-1][:300] if lines else ""


def describe(rc):
    if rc == "timeout":
        return "hang (timeout)"
    if rc < 0:
        return "killed by signal %d" % -rc
    return "exit status %d" % rc


class Runner:
    def __init__(self, args, tmp):
        self.prickle = args.prickle
        self.tmp = tmp
        self.jobs = args.jobs
        self.crash_dir = args.crash_dir
        self.failures = []
        self.accepted = []  # (name, bytes) of variants that loaded

    def fail(self, name, data, why):
        path = ""
        if data is not None:
            os.makedirs(self.crash_dir, exist_ok=True)
            safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name)[:80]
            path = os.path.join(self.crash_dir, "%s-%d.pkl" % (safe, len(self.failures)))
            with open(path, "wb") as f:
                f.write(data)
            path = " (input saved as %s)" % path
        self.failures.append("%s: %s%s" % (name, why, path))

    def load_batch(self, batch, tag):
        """Run load_many.py on [(name, bytes, must_refuse)]; returns the result
        lines, or None if the process did not finish cleanly."""
        blob = os.path.join(self.tmp, "batch-%s.bin" % tag)
        index = os.path.join(self.tmp, "batch-%s.idx" % tag)
        with open(blob, "wb") as f, open(index, "w") as g:
            off = 0
            for _, data, _ in batch:
                f.write(data)
                g.write("%d %d\n" % (off, len(data)))
                off += len(data)
        timeout = (60 + 0.05 * len(batch)) * SCALE
        rc, out, err = run([self.prickle, "run", os.path.join(HERE, "load_many.py"), blob, index],
                           timeout)
        lines = out.splitlines()
        if rc != 0 or sanitizer_report(err) or noise_free(err) or len(lines) != len(batch):
            return None, (rc, err)
        return lines, None

    def check_line(self, name, data, must_refuse, line):
        if line.startswith("ERR "):
            msg = ast.literal_eval(line[4:])
            if not msg.startswith(CLEAN_PREFIX) or "\n" in msg:
                self.fail(name, data, "unclean UnpicklingError message %r" % msg)
        elif line.startswith("OK "):
            if must_refuse:
                self.fail(name, data, "loaded without error (%s)" % line[3:])
            else:
                self.accepted.append((name, data))
        elif line.startswith("EXC MemoryError"):
            pass
        else:
            self.fail(name, data, "raised something else than UnpicklingError: %s" % line[4:])

    def load_all(self, cases, batch_size):
        """Load every case [(name, bytes, must_refuse)], many per process."""
        batches = [cases[k:k + batch_size] for k in range(0, len(cases), batch_size)]

        def work(k):
            lines, problem = self.load_batch(batches[k], str(k))
            return k, lines, problem

        with concurrent.futures.ThreadPoolExecutor(self.jobs) as pool:
            for k, lines, problem in pool.map(work, range(len(batches))):
                if lines is not None:
                    for (name, data, refuse), line in zip(batches[k], lines):
                        self.check_line(name, data, refuse, line)
                    continue
                # Find the culprit(s): one process per case.
                for j, case in enumerate(batches[k]):
                    lines, problem = self.load_batch([case], "%d-%d" % (k, j))
                    if lines is not None:
                        self.check_line(case[0], case[1], case[2], lines[0])
                        continue
                    rc, err = problem
                    detail = err.strip().splitlines()
                    why = describe(rc)
                    if sanitizer_report(err):
                        why += ", sanitizer report: " + next(
                            (l for l in detail if "Sanitizer" in l or "runtime error" in l), "")
                    elif detail:
                        why += ", stderr: " + last_line(err)
                    self.fail(case[0], case[1], why)

    def cli(self, cases, command, accept_success):
        """`prickle COMMAND FILE` on each case: a one-line UnpicklingError and
        exit 1, or (accept_success) exit 0; never a crash."""

        def work(k):
            name, data = cases[k]
            path = os.path.join(self.tmp, "%s-%d.pkl" % (command, k))
            with open(path, "wb") as f:
                f.write(data)
            return k, run([self.prickle, command, path], 20 * SCALE, cwd=self.tmp)

        with concurrent.futures.ThreadPoolExecutor(self.jobs) as pool:
            for k, (rc, out, err) in pool.map(work, range(len(cases))):
                name, data = cases[k]
                name = "%s (prickle %s)" % (name, command)
                err = noise_free(err)
                lines = err.strip("\n").split("\n")
                if rc == 0 and accept_success and not sanitizer_report(err):
                    continue
                if rc == 1 and len(lines) == 1 and lines[0].startswith(
                        "pickle.UnpicklingError: " + CLEAN_PREFIX) and \
                        (command == "dis" or not out):
                    continue
                why = describe(rc)
                if sanitizer_report(err):
                    why += ", sanitizer report"
                self.fail(name, data, "%s, stderr: %s" % (why, last_line(err)))

    def run_accepted(self, count):
        """Resume a sample of the variants that loaded: any exit status, but
        no signal and no sanitizer report (they may legitimately loop)."""
        sample = random.Random(4).sample(self.accepted, min(count, len(self.accepted)))

        def work(k):
            name, data = sample[k]
            path = os.path.join(self.tmp, "accepted-%d.pkl" % k)
            with open(path, "wb") as f:
                f.write(data)
            return k, run([self.prickle, "resume", path], ACCEPTED_TIMEOUT * SCALE, cwd=self.tmp)

        hangs = 0
        with concurrent.futures.ThreadPoolExecutor(self.jobs) as pool:
            for k, (rc, out, err) in pool.map(work, range(len(sample))):
                name, data = sample[k]
                if rc == "timeout":
                    hangs += 1
                elif rc < 0 or sanitizer_report(err) or rc not in (0, 1):
                    self.fail(name + " (resumed after a successful load)", data,
                              "%s, stderr: %s" % (describe(rc), last_line(err)))
        return len(sample), hangs


def make_pickle(prickle, tmp):
    path = os.path.join(tmp, "tasklets.pkl")
    rc, out, err = run([prickle, "run", os.path.join(HERE, "make_pickle.py"), path], 60 * SCALE,
                       cwd=HERE)
    if rc != 0 or "---- resumed\n" not in out:
        sys.exit("make_pickle.py failed (%s):\n%s%s" % (describe(rc), out, err))
    return open(path, "rb").read(), out.split("---- resumed\n", 1)[1], path


def check_resume(prickle, tmp):
    data, expected, path = make_pickle(prickle, tmp)
    rc, out, err = run([prickle, "resume", path], 60 * SCALE, cwd=HERE)
    if rc != 0 or out != expected or err:
        print("prickle resume of the pickle written by make_pickle.py: %s" % describe(rc))
        print("expected stdout:\n%s\ngot stdout:\n%s\nstderr:\n%s" % (expected, out, err))
        return 1
    rc, out, err = run([prickle, "dis", path], 60 * SCALE, cwd=HERE)
    if rc != 0 or "tasklet #" not in out or "frame #" not in out or err:
        print("prickle dis of the pickle written by make_pickle.py: %s\n%s" % (describe(rc), err))
        return 1
    print("ok: resume continues as the writer does; dis lists %d lines" % len(out.splitlines()))
    return 0


def check_malformed(args, tmp):
    """--check malformed: every broken variant loads cleanly or is refused
    cleanly; --check accepted: the variants that load also run without
    crashing."""
    data, _, _ = make_pickle(args.prickle, tmp)
    p = Pickle(data)
    r = Runner(args, tmp)
    # The unbroken pickle, and its re-packing by this test, must load.
    r.load_all([("original pickle", data, False), ("re-packed pickle", pack(p.top), False)], 2)
    if r.failures or len(r.accepted) != 2:
        print("the unbroken pickle does not load:\n  " + "\n  ".join(r.failures))
        return 1
    r.accepted = []
    accepted_only = args.check == "accepted"
    step = 1 if args.level != "smoke" else 16
    truncs = [("truncated to %d bytes" % k, data[:k], True) for k in range(0, len(data), step)]
    # (--check accepted: one mask per byte is enough to find variants that load.)
    flip_level = "quick" if accepted_only and args.level == "full" else args.level
    flipped = [(n, b, False) for n, b in flips(data, flip_level)]
    targets = targeted(p, data)
    must = [(n, b, True) for n, b in targets]
    fuzzed = [(n, b, False) for n, b in fuzz(p)]
    if accepted_only:
        truncs, must = [], []
    times = [time.time()]
    r.load_all(truncs + must + fuzzed + flipped, 400 if args.level != "smoke" else 50)
    times.append(time.time())
    summary = "%d truncations, %d flips, %d targeted cases, %d fuzzed fields (%d loaded as " \
        "valid pickles)" % (len(truncs), len(flipped), len(must), len(fuzzed), len(r.accepted))
    if not accepted_only:
        # The command line: `prickle resume` on what must be refused, `prickle
        # dis` on that and on a sample of the other variants.
        cli_cases = [(n, b) for n, b in targets]
        r.cli(cli_cases, "resume", accept_success=False)
        times.append(time.time())
        dis_sample = cli_cases + [(n, b) for n, b, _ in fuzzed] + \
            [(n, b) for n, b, _ in flipped[::41 if args.level == "full" else 31]]
        r.cli(dis_sample, "dis", accept_success=True)
        times.append(time.time())
        summary += "; prickle resume on %d, prickle dis on %d" % (len(cli_cases), len(dis_sample))
    count = args.run_accepted or (0 if not accepted_only else
                                  {"full": 1000, "quick": 400, "smoke": 60}[args.level])
    if count:
        resumed, hangs = r.run_accepted(count)
        times.append(time.time())
        summary += "; %d of them resumed (%d did not end in %ds)" % (resumed, hangs,
                                                                    ACCEPTED_TIMEOUT)
    print(summary)
    print("phases: " + ", ".join("%.1fs" % (b - a) for a, b in zip(times, times[1:])))
    if r.failures:
        print("%d FAILURES:" % len(r.failures))
        for f in r.failures:
            print("  " + f)
        return 1
    print("ok")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--prickle", required=True)
    ap.add_argument("--level", choices=("full", "quick", "smoke"), default="full")
    ap.add_argument("--check", choices=("malformed", "accepted", "resume"), default="malformed")
    ap.add_argument("-j", "--jobs", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--crash-dir", default=None)
    ap.add_argument("--run-accepted", type=int, default=0)
    args = ap.parse_args()
    args.prickle = os.path.abspath(args.prickle)
    with tempfile.TemporaryDirectory(prefix="prickle-format-") as tmp:
        if args.crash_dir is None:
            args.crash_dir = os.path.join(tempfile.gettempdir(), "prickle-format-crashes")
        if args.check == "resume":
            return check_resume(args.prickle, tmp)
        return check_malformed(args, tmp)


if __name__ == "__main__":
    sys.exit(main())
