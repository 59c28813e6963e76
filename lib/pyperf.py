"""A small, honest stand-in for the pyperf benchmark toolkit.

It runs unmodified pyperformance-style programs on prickle and on CPython:
`Runner()` with a `metadata` dict and an `argparser`, `bench_func`,
`bench_time_func` and `perf_counter`. It is written in prickle's Python
subset. Unlike pyperf it spawns no worker processes and writes no JSON: each
benchmark runs in-process (warmups, then values x loops calls), and stdout
stays free of timings so that program output is deterministic. Timings go to
stderr when PYPERF_VERBOSE=1 is set (where the os module exists) or the
program is given -v/--verbose.
"""

import sys
import time

__version__ = "2.6.0-prickle"

perf_counter = time.perf_counter


def _env_verbose():
    # prickle has no os module; the variable is then simply not seen.
    try:
        import os
        return os.environ.get("PYPERF_VERBOSE", "") not in ("", "0")
    except Exception:
        return False


def python_implementation():
    """Return the lower-case name of the running Python implementation."""
    try:
        return sys.implementation.name
    except AttributeError:
        return "prickle"


def python_has_jit():
    """Return False: neither prickle nor this stand-in reports a JIT."""
    return False


class Namespace:
    """Parsed command line options, as attributes."""

    def __init__(self, **kwargs):
        for key in kwargs:
            setattr(self, key, kwargs[key])


class _Option:
    def __init__(self, names, kwargs):
        self.names = names
        self.positional = not names[0].startswith("-")
        dest = kwargs.get("dest")
        if dest is None:
            dest = names[0]
            for name in names:
                if name.startswith("--"):
                    dest = name
                    break
            dest = dest.lstrip("-").replace("-", "_")
        self.dest = dest
        self.action = kwargs.get("action", "store")
        self.nargs = kwargs.get("nargs")
        self.type = kwargs.get("type")
        self.choices = kwargs.get("choices")
        self.const = kwargs.get("const")
        if "default" in kwargs:
            self.default = kwargs["default"]
        elif self.action == "store_true":
            self.default = False
        elif self.action == "store_false":
            self.default = True
        elif self.action == "count":
            self.default = 0
        elif self.action == "append" or self.nargs in ("*", "+"):
            self.default = [] if self.action == "append" else None
        else:
            self.default = None
        self.help = kwargs.get("help")

    def takes_value(self):
        return self.action in ("store", "append")

    def convert(self, text):
        value = text
        if self.type is not None:
            try:
                value = self.type(text)
            except (TypeError, ValueError):
                raise _ArgError("argument %s: invalid %s value: %r" % (
                    "/".join(self.names), getattr(self.type, "__name__", "typed"), text))
        if self.choices is not None and value not in self.choices:
            raise _ArgError("argument %s: invalid choice: %r" % ("/".join(self.names), value))
        return value


class _ArgError(Exception):
    pass


class ArgumentParser:
    """The few argparse features that benchmark scripts use.

    add_argument() records options (store, store_true, store_false, count,
    append; positionals with nargs None, '?', '*', '+'); parse_args() parses
    them from a list of strings.
    """

    def __init__(self, prog=None, description=None):
        self.prog = prog
        self.description = description
        self.options = []

    def add_argument(self, *names, **kwargs):
        if not names:
            raise TypeError("add_argument() needs at least one name")
        option = _Option(list(names), kwargs)
        self.options.append(option)
        return option

    def _find(self, name):
        for option in self.options:
            if not option.positional and name in option.names:
                return option
        return None

    def parse_args(self, argv):
        ns = Namespace()
        for option in self.options:
            setattr(ns, option.dest, option.default)
        positionals = []
        i = 0
        only_positional = False
        while i < len(argv):
            arg = argv[i]
            i += 1
            if only_positional or not arg.startswith("-") or arg == "-":
                positionals.append(arg)
                continue
            if arg == "--":
                only_positional = True
                continue
            value = None
            name = arg
            if arg.startswith("--") and "=" in arg:
                name, value = arg.split("=", 1)
            option = self._find(name)
            if option is None:
                raise _ArgError("unrecognized arguments: %s" % arg)
            if option.action == "store_true":
                setattr(ns, option.dest, True)
            elif option.action == "store_false":
                setattr(ns, option.dest, False)
            elif option.action == "store_const":
                setattr(ns, option.dest, option.const)
            elif option.action == "count":
                setattr(ns, option.dest, getattr(ns, option.dest) + 1)
            else:
                if value is None:
                    if i >= len(argv):
                        raise _ArgError("argument %s: expected one argument" % name)
                    value = argv[i]
                    i += 1
                value = option.convert(value)
                if option.action == "append":
                    setattr(ns, option.dest, getattr(ns, option.dest) + [value])
                else:
                    setattr(ns, option.dest, value)
        for option in self.options:
            if not option.positional:
                continue
            if option.nargs == "*" or option.nargs == "+":
                if option.nargs == "+" and not positionals:
                    raise _ArgError("the following arguments are required: %s" % option.dest)
                values = [option.convert(p) for p in positionals]
                positionals = []
                setattr(ns, option.dest, values)
            elif option.nargs == "?":
                if positionals:
                    setattr(ns, option.dest, option.convert(positionals.pop(0)))
            else:
                if not positionals:
                    raise _ArgError("the following arguments are required: %s" % option.dest)
                setattr(ns, option.dest, option.convert(positionals.pop(0)))
        if positionals:
            raise _ArgError("unrecognized arguments: %s" % " ".join(positionals))
        return ns


class Benchmark:
    """The timings of one benchmark: seconds per loop for each value."""

    def __init__(self, name, values, loops, inner_loops):
        self.name = name
        self.values = values
        self.loops = loops
        self.inner_loops = inner_loops

    def get_name(self):
        return self.name

    def get_values(self):
        return tuple(self.values)

    def get_nvalue(self):
        return len(self.values)

    def mean(self):
        return sum(self.values) / len(self.values)

    def stdev(self):
        n = len(self.values)
        if n < 2:
            return 0.0
        m = self.mean()
        return (sum((v - m) ** 2 for v in self.values) / (n - 1)) ** 0.5

    def median(self):
        ordered = sorted(self.values)
        n = len(ordered)
        if n % 2:
            return ordered[n // 2]
        return (ordered[n // 2 - 1] + ordered[n // 2]) / 2

    def __repr__(self):
        return "<Benchmark %r with %d values>" % (self.name, len(self.values))


def _format_seconds(seconds):
    for unit, scale in (("sec", 1.0), ("ms", 1e-3), ("us", 1e-6)):
        if seconds >= scale:
            return "%.2f %s" % (seconds / scale, unit)
    return "%.0f ns" % (seconds / 1e-9)


class Runner:
    """Runs benchmarks in-process; accepts (and mostly ignores) pyperf's options.

    values, loops and warmups set how often a benchmark function is called
    (default 3 values of 1 loop after 1 warmup); processes, min_time,
    show_name, program_args, add_cmdline_args and other pyperf arguments are
    accepted and recorded only, since nothing is spawned.
    """

    def __init__(self, values=None, processes=None, loops=None, min_time=None,
                 metadata=None, show_name=True, program_args=None,
                 add_cmdline_args=None, _argparser=None, warmups=None, **kwargs):
        self.metadata = dict(metadata) if metadata else {}
        self.show_name = show_name
        self.program_args = program_args
        self.add_cmdline_args = add_cmdline_args
        self.extra_options = kwargs
        self.args = None
        self.benchmarks = []
        self._names = set()
        self._defaults = {"values": values or 3, "loops": loops or 1,
                          "warmups": 1 if warmups is None else warmups,
                          "processes": processes, "min_time": min_time}
        parser = _argparser if _argparser is not None else ArgumentParser()
        parser.add_argument("-n", "--values", type=int, default=None)
        parser.add_argument("-l", "--loops", type=int, default=None)
        parser.add_argument("-w", "--warmups", type=int, default=None)
        parser.add_argument("-p", "--processes", type=int, default=None)
        parser.add_argument("--min-time", type=float, default=None)
        parser.add_argument("-v", "--verbose", action="store_true")
        parser.add_argument("-q", "--quiet", action="store_true")
        parser.add_argument("--fast", action="store_true")
        parser.add_argument("--rigorous", action="store_true")
        parser.add_argument("--debug-single-value", action="store_true")
        parser.add_argument("--inherit-environ", default=None)
        self.argparser = parser

    def parse_args(self, args=None):
        """Parse [args] (default sys.argv[1:]) once; return the namespace."""
        if self.args is not None and args is None:
            return self.args
        if args is None:
            args = sys.argv[1:]
        try:
            ns = self.argparser.parse_args(list(args))
        except _ArgError as exc:
            prog = sys.argv[0] if sys.argv else "benchmark"
            sys.stderr.write("usage: %s [options]\n%s: error: %s\n" % (prog, prog, exc))
            sys.exit(2)
        if ns.debug_single_value:
            ns.values, ns.loops, ns.warmups = 1, 1, 0
        elif ns.fast and ns.values is None:
            ns.values = 1
        self.args = ns
        return ns

    def _setting(self, name):
        ns = self.parse_args()
        value = getattr(ns, name)
        return self._defaults[name] if value is None else value

    def _verbose(self):
        ns = self.parse_args()
        return (ns.verbose or _env_verbose()) and not ns.quiet

    def _check_name(self, name):
        if not isinstance(name, str):
            raise TypeError("benchmark name must be a str")
        if name in self._names:
            raise ValueError("duplicated benchmark name: %r" % name)
        self._names.add(name)

    def _finish(self, name, values, loops, inner_loops):
        bench = Benchmark(name, values, loops, inner_loops)
        self.benchmarks.append(bench)
        if self._verbose():
            sys.stderr.write("%s: Mean +- std dev: %s +- %s (%d values x %d loops)\n" % (
                name, _format_seconds(bench.mean()), _format_seconds(bench.stdev()),
                len(values), loops))
        return bench

    def bench_time_func(self, name, time_func, *args, inner_loops=None, metadata=None):
        """Benchmark time_func(loops, *args), which returns elapsed seconds."""
        self._check_name(name)
        loops = self._setting("loops")
        divisor = loops * (inner_loops or 1)
        for _ in range(self._setting("warmups")):
            time_func(loops, *args)
        values = []
        for _ in range(self._setting("values")):
            values.append(time_func(loops, *args) / divisor)
        return self._finish(name, values, loops, inner_loops)

    def bench_func(self, name, func, *args, inner_loops=None, metadata=None):
        """Benchmark func(*args), called once per loop."""

        def time_func(loops, *args):
            t0 = perf_counter()
            for _ in range(loops):
                func(*args)
            return perf_counter() - t0

        return self.bench_time_func(name, time_func, *args, inner_loops=inner_loops)
