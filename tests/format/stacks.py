#!/usr/bin/env python3
"""stacks.py — the decoder's value-stack checks (format/SPEC.md section 5, "value stacks").

Makes a real pickle with the interpreter under test (make_stacks.py: tasklets
switched out with every kind of value-stack slot below the suspended call),
then forges it the way an attacker would and checks that each forgery ends in
a clean pickle.UnpicklingError naming the problem — never a crash, a
sanitizer report or a hang, and never a load:

  a nil or a wrong value in a for-loop iterator slot, in the accumulator of
    a list / set / dict comprehension (what LIST_APPEND, SET_ADD, MAP_ADD use
    without a check), in a list being built for a starred display, in a
    formatted f-string piece, in the NULL, callable or constant of an
    enclosing call, in a **kwargs dict being built, in the exit function of a
    `with`, in the saved exception of an `except` or `finally` body, in the
    [exit, lasti, prev, exc] of a `with` whose __exit__ runs, in the
    sub-iterator of a generator delegating with `yield from`;
  a preempted frame moved off its preemption point;
  slot counts that would make the decoder allocate far more than the pickle
    holds (a huge or inexact stacksize, local counts that do not match the
    name tables, many frames sharing a big code object);
  bytecode the VM would crash on although every stack slot is stored right
    (a LIST_APPEND whose accumulator is not a list, one that reaches below
    the stack, an operator code out of range, a yield in non-generator code).

Forgeries that leave a legal stack (a value where LOAD_METHOD may leave NULL
or a method) must load and resume without crashing. The unbroken pickle must
load, and `prickle resume` must continue it exactly as the writing program
does. Every refused case also goes through `prickle resume` (exit 1, one
line) and `prickle dis`.

usage: stacks.py --prickle BIN [-j N] [--crash-dir DIR]
"""
import argparse
import os
import struct
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import malformed as M  # noqa: E402  (the msgpack codec, the pickle model, the runner)

OPNUM = {name: k for k, (name, _) in enumerate(M.OPS)}


class Stacks(M.Pickle):
    """The pickle of make_stacks.py, with its frames found by function name."""

    def str_of(self, i):
        return self.get(i, "value") if self.kind(i) == M.KIND["str"] else None

    def frames(self, name):
        return [f for f in self.of_kind("frame")
                if self.str_of(self.get(self.get(f, "code"), "name")) == name]

    def frame(self, name):
        fs = self.frames(name)
        assert len(fs) == 1, "%d frames of %s" % (len(fs), name)
        return fs[0]

    def nfixed(self, f):
        c = self.get(f, "code")
        return self.get(c, "nlocals") + self.get(c, "ncells") + self.get(c, "nfrees")

    def stack(self, f):
        return self.get(f, "slots")[self.nfixed(f):]

    def slot_kind(self, f, k):
        r = self.stack(f)[k]
        return None if r is None else M.KINDS[self.kind(r)][0]


class Forge(M.Mutant):
    def add(self, record):
        """Append a record; returns its id."""
        self.objs.append(record)
        return len(self.objs) - 1

    def new_int(self, v):
        return self.add([M.KIND["int"], v])

    def new_str(self, v):
        return self.add([M.KIND["str"], v])

    def set_slot(self, f, k, ref):
        self.objs[f][self.p.fi(f, "slots")][self.p.nfixed(f) + k] = ref
        return self

    def set_instr(self, code, ip, op=None, arg=None):
        fi = self.p.fi(code, "instrs")
        b = bytearray(self.objs[code][fi])
        w = struct.unpack_from("<I", b, 4 * ip)[0]
        if op is not None:
            w = (w & ~0xff) | OPNUM[op]
        if arg is not None:
            w = (w & 0xff) | (arg << 8)
        struct.pack_into("<I", b, 4 * ip, w)
        self.objs[code][fi] = bytes(b)
        return self


def find_instr(p, code, op):
    ins = p.instrs(code)
    return next(k for k, w in enumerate(ins) if (w & 0xff) == OPNUM[op])


def cases(p):
    """(name, bytes, expected message part or None for 'may load')."""
    out = []

    def refuse(name, m, expect):
        out.append((name, m.bytes(), expect))

    def slot(fname, k, kind_name, value, expect, make=None):
        f = p.frame(fname)
        assert p.slot_kind(f, k) == kind_name, \
            "%s slot %d: %s, not %s (did the compiler change?)" % (fname, k, p.slot_kind(f, k),
                                                                   kind_name)
        m = Forge(p)
        ref = make(m) if make else value
        refuse("%s: stack slot %d (%s) := %s" % (fname, k, kind_name, value if not make else
                                                  "new record"),
               m.set_slot(f, k, ref), expect)

    some_int = p.of_kind("int")[0]
    some_list = p.of_kind("list")[0]
    some_tuple = p.of_kind("tuple")[0]
    none = p.of_kind("None")[0]

    # A for loop's iterator (GET_ITER): FOR_ITER uses it.
    slot("loop", 0, "range_iterator", None, "is empty where an iterator belongs")
    slot("loop", 0, "range_iterator", some_int,
         "holds a 'int' where an iterator belongs (pushed by GET_ITER")
    slot("loop", 0, "range_iterator", some_list, "holds a 'list' where an iterator belongs")
    # Comprehension accumulators: LIST_APPEND / SET_ADD / MAP_ADD cast them.
    slot("<listcomp>", 0, "list", some_int,
         "holds a 'int' where a list belongs (pushed by BUILD_LIST")
    slot("<listcomp>", 0, "list", some_tuple, "holds a 'tuple' where a list belongs")
    slot("<listcomp>", 0, "list", None, "is empty where a list belongs")
    slot("<listcomp>", 1, "range_iterator", None, "is empty where a value belongs")
    slot("<setcomp>", 0, "set", some_list, "holds a 'list' where a set belongs (pushed by BUILD_SET")
    slot("<dictcomp>", 0, "dict", some_list,
         "holds a 'list' where a dict belongs (pushed by BUILD_MAP")
    # A starred display's list (LIST_EXTEND, LIST_APPEND, LIST_TO_TUPLE).
    slot("starred", 3, "list", some_tuple, "where a list belongs (pushed by BUILD_LIST")
    # f-string pieces (BUILD_STRING concatenates them as str).
    slot("fstring", 4, "str", some_int, "holds a 'int' where a str belongs (pushed by FORMAT_VALUE")
    # An enclosing call: [NULL, callable, constant].
    slot("enclosing_call", 0, None, some_int, "holds a 'int' where NULL belongs (pushed by PUSH_NULL")
    slot("enclosing_call", 1, "builtin", None, "is empty where a value belongs")
    slot("enclosing_call", 3, "str", None, "is empty where a str belongs")
    # (An equal identifier would be the same interned str: not a forgery.)
    slot("enclosing_call", 3, "str", "another str", "is not the constant LOAD_CONST",
         make=lambda m: m.new_str("const!"))
    # A **kwargs dict being built (CALL_EX casts it).
    slot("kwargs_call", 6, "dict", some_list, "holds a 'list' where a dict belongs")
    # with: the exit function; [exit, lasti, prev_exc, exc] while __exit__ runs.
    slot("with_body", 0, "method", None, "is empty where a value belongs")
    slot("with_exit", 0, "method", None, "is empty where a value belongs")
    slot("with_exit", 1, "int", None, "is empty where an instruction index belongs")
    slot("with_exit", 1, "int", "a str", "where an instruction index belongs",
         make=lambda m: m.new_str("12"))
    slot("with_exit", 1, "int", "1000000", "where an instruction index belongs",
         make=lambda m: m.new_int(1000000))
    slot("with_exit", 1, "int", "-1", "where an instruction index belongs",
         make=lambda m: m.new_int(-1))
    slot("with_exit", 2, "None", some_int, "holds a 'int' where None or an exception instance")
    slot("with_exit", 3, "exception", none, "holds a 'NoneType' where an exception instance")
    # except / finally bodies: the saved exception (POP_EXCEPT restores it),
    # the exception in flight (RERAISE raises it).
    slot("except_body", 0, "None", some_int, "where None or an exception instance belongs")
    slot("finally_body", 0, "None", some_list, "where None or an exception instance belongs")
    slot("finally_body", 1, "exception", some_int, "where an exception instance belongs")
    slot("finally_body", 1, "exception", None, "is empty where an exception instance belongs")
    # yield from: the sub-iterator SEND resumes.
    slot("outer", 0, "generator", some_int,
         "holds a 'int' where an iterator belongs (pushed by GET_YIELD_FROM_ITER")
    slot("outer", 0, "generator", None, "is empty where an iterator belongs")

    # A frame suspended at UNPACK_SEQUENCE pushes the items of the tuple its
    # vm.unpack record returns: that record must be above it, with the
    # instruction's counts (the stack room was verified for them).
    uf = p.frame("unpack")
    helpers = [h for h in p.of_kind("helper") if p.get(h, "back") == uf]
    assert len(helpers) == 1 and p.get(helpers[0], "name") == "vm.unpack", "unpack's helper"
    uh = helpers[0]
    it = p.frame("__iter__")
    refuse("unpack: its vm.unpack record skipped", Forge(p).set(it, "back", uf),
           "suspended at UNPACK_SEQUENCE without its vm.unpack record above")
    m = Forge(p)
    fields = m.objs[uh][p.fi(uh, "fields")]
    fields[1] = m.new_int(9)
    refuse("unpack: vm.unpack record counting 9 items", m,
           "suspended at UNPACK_SEQUENCE without its vm.unpack record above")

    # What a bare `raise` re-raises: None or an exception.
    g = p.of_kind("generator")[0]
    refuse("generator exc_info := int", Forge(p).set(g, "exc_info", some_int),
           "field 'exc_info' is not None or an exception instance")
    t = p.of_kind("tasklet")[0]
    refuse("tasklet exc_info := list", Forge(p).set(t, "exc_info", some_list),
           "field 'exc_info' is not None or an exception instance")

    # A preempted frame must be where the eval loop checks its ticks.
    f = p.frame("busy")
    refuse("busy: preempted frame moved to ip+1", Forge(p).set(f, "ip", p.get(f, "ip") + 1),
           "which is not a preemption point")

    # Slot counts: what a frame allocates must be what the pickle holds.
    lc = p.get(p.frame("loop"), "code")
    refuse("loop code: stacksize 2**24-1", Forge(p).set(lc, "stacksize", (1 << 24) - 1),
           "is more than its instructions can use")
    refuse("loop code: stacksize + 1", Forge(p).set(lc, "stacksize", p.get(lc, "stacksize") + 1),
           "is not its maximum stack depth")
    refuse("loop code: nlocals + 1", Forge(p).set(lc, "nlocals", p.get(lc, "nlocals") + 1),
           "bad local, cell or stack counts")
    refuse("loop code: nlocals 2**24-1", Forge(p).set(lc, "nlocals", (1 << 24) - 1),
           "bad local, cell or stack counts")
    # Many frames sharing one big code object, each claiming its whole stack:
    # the old decoder allocated 400 frames x 120,000 slots (384 MB) here.
    m = Forge(p)
    big = M.deep_copy(m.objs[lc])
    nop = 60000
    big[p.fi(lc, "instrs")] = big[p.fi(lc, "instrs")] + struct.pack("<I", OPNUM["NOP"]) * nop
    big[p.fi(lc, "positions")] = big[p.fi(lc, "positions")] + bytes(16) * nop
    big[p.fi(lc, "stacksize")] = 2 * (len(p.instrs(lc)) + nop)
    bc = m.add(big)
    lf = p.frame("loop")
    root = p.top[4]
    assert p.kind(root) == M.KIND["list"], "the root is the list of tasklets"
    for _ in range(400):
        fr = M.deep_copy(m.objs[lf])
        fr[p.fi(lf, "code")] = bc
        fr[p.fi(lf, "sp")] = 0
        fr[p.fi(lf, "back")] = None
        fr[p.fi(lf, "slots")] = fr[p.fi(lf, "slots")][:p.nfixed(lf)]
        # Reachable from the root (the decoder builds only what the root reaches).
        m.objs[root][p.fi(root, "items")].append(m.add(fr))
    refuse("400 frames of a 60,000-instruction code", m, "claim more stack than a pickle of")

    # Bytecode the VM would crash on with every slot stored right.
    lcc = p.get(p.frame("<listcomp>"), "code")
    k = find_instr(p, lcc, "LIST_APPEND")
    refuse("<listcomp> code: LIST_APPEND reaching below the stack",
           Forge(p).set_instr(lcc, k, arg=1000), "reaches below the stack")
    kb = find_instr(p, lcc, "BUILD_LIST")
    refuse("<listcomp> code: the accumulator built as a tuple",
           Forge(p).set_instr(lcc, kb, op="BUILD_TUPLE"),
           "LIST_APPEND at %d needs a list as the value below its operands, finds a tuple" % k)
    kop = find_instr(p, lc, "BINARY_OP")
    refuse("loop code: BINARY_OP 99", Forge(p).set_instr(lc, kop, arg=99),
           "argument 99 of BINARY_OP")
    sc = p.get(p.frame("sub"), "code")
    refuse("sub code: not a generator", Forge(p).set(sc, "flags", p.get(sc, "flags") & ~4),
           "outside generator code")
    refuse("loop code: flagged generator", Forge(p).set(lc, "flags", p.get(lc, "flags") | 4),
           "a generator's code runs without its generator")

    return out


def accepted_cases(p):
    """(name, bytes) of forgeries that leave a stack the VM can run: they must
    load, and resume without crashing (raising is fine)."""
    out = [("re-packed pickle", M.pack(p.top))]
    f = p.frame("method_call")
    assert p.slot_kind(f, 3) == "builtin", "method_call slot 3: %s" % p.slot_kind(f, 3)
    out.append(("method_call: NULL in LOAD_METHOD's method slot",
                Forge(p).set_slot(f, 3, None).bytes()))
    f = p.frame("except_body")
    out.append(("except_body: an exception as the saved one",
                Forge(p).set_slot(f, 0, p.of_kind("exception")[0]).bytes()))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--prickle", required=True)
    ap.add_argument("-j", "--jobs", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--crash-dir", default=None)
    args = ap.parse_args()
    args.prickle = os.path.abspath(args.prickle)
    with tempfile.TemporaryDirectory(prefix="prickle-stacks-") as tmp:
        if args.crash_dir is None:
            args.crash_dir = os.path.join(tempfile.gettempdir(), "prickle-stacks-crashes")
        path = os.path.join(tmp, "stacks.pkl")
        rc, out, err = M.run([args.prickle, "run", os.path.join(HERE, "make_stacks.py"), path],
                             60 * M.SCALE, cwd=HERE)
        if rc != 0 or "---- resumed\n" not in out:
            sys.exit("make_stacks.py failed (%s):\n%s%s" % (M.describe(rc), out, err))
        expected = out.split("---- resumed\n", 1)[1]
        data = open(path, "rb").read()
        failures = []
        # The unbroken pickle continues as its writer does.
        rc, got, err = M.run([args.prickle, "resume", path], 60 * M.SCALE, cwd=HERE)
        if rc != 0 or got != expected or err:
            failures.append("prickle resume of the unbroken pickle: %s\nexpected:\n%s\ngot:\n%s%s"
                            % (M.describe(rc), expected, got, err))
        p = Stacks(data)
        must = cases(p)
        runner = M.Runner(args, tmp)
        batch = [(n, b, True) for n, b, _ in must] + \
                [(n, b, False) for n, b in [("original pickle", data)] + accepted_cases(p)]
        lines, problem = runner.load_batch(batch, "all")
        if lines is None:
            lines = []
            for k, case in enumerate(batch):
                one, problem = runner.load_batch([case], str(k))
                if one is None:
                    rc, err = problem
                    why = M.describe(rc)
                    if M.sanitizer_report(err):
                        why += ", sanitizer report"
                    runner.fail(case[0], case[1], "%s, stderr: %s" % (why, M.last_line(err)))
                    one = ["CRASH"]
                lines.append(one[0])
        for (name, data_k, refuse), line, expect in zip(batch, lines, [e for _, _, e in must] +
                                                        [None] * (len(batch) - len(must))):
            if line == "CRASH":
                continue
            if refuse:
                if not line.startswith("ERR "):
                    runner.fail(name, data_k, "not refused: %s" % line)
                    continue
                msg = M.ast.literal_eval(line[4:])
                if not msg.startswith(M.CLEAN_PREFIX) or "\n" in msg:
                    runner.fail(name, data_k, "unclean UnpicklingError message %r" % msg)
                elif expect not in msg:
                    runner.fail(name, data_k, "refused for another reason: %r (expected %r)"
                                % (msg, expect))
            elif not line.startswith("OK "):
                runner.fail(name, data_k, "does not load: %s" % line)
        # The legal variants run without crashing (they may raise).
        for name, data_k in accepted_cases(p):
            apath = os.path.join(tmp, "accepted.pkl")
            with open(apath, "wb") as fo:
                fo.write(data_k)
            rc, _, err = M.run([args.prickle, "resume", apath], 60 * M.SCALE, cwd=tmp)
            if rc not in (0, 1) or M.sanitizer_report(err):
                runner.fail(name + " (resumed)", data_k, "%s, stderr: %s" % (M.describe(rc),
                                                                             M.last_line(err)))
        refused = [(n, b) for n, b, _ in must]
        runner.cli(refused, "resume", accept_success=False)
        runner.cli(refused, "dis", accept_success=True)
        failures += runner.failures
        print("%d forged stacks refused, %d legal variants loaded" % (len(must), len(batch) -
                                                                      len(must)))
        if failures:
            print("%d FAILURES:" % len(failures))
            for f in failures:
                print("  " + f)
            return 1
        print("ok")
        return 0


if __name__ == "__main__":
    sys.exit(main())
