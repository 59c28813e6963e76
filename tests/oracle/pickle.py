"""The oracle's `pickle`: an honest approximation of thread pickling on CPython 3.11.

tests/goldenlib.py puts tests/oracle first on PYTHONPATH when CPython
produces expected outputs, so this file shadows the standard `pickle` there
(and only there; prickle has its own). Programs use the plain interface:

    import pickle
    data = pickle.dumps(obj)      # bytes
    copy = pickle.loads(data)

CPython cannot copy a running thread, so the oracle cannot produce a real,
independent copy of a running tasklet. What it does instead:

What is copied, what is moved
- `dumps(obj)` computes, at the time of the call, the copy that Stackless or
  prickle would rebuild, and returns a `bytes` *token* naming it (the bytes
  mean nothing: do not print them or their length). `loads(token)` returns
  that copy.
- Plain data (None, numbers, str, bytes, lists, tuples, dicts, sets,
  instances of user classes, bound methods, exceptions (with their
  traceback, context and cause), builtin iterators, dict views, functions
  and closures that are not reachable by name from their module, cells, ...)
  is deep-copied as pickle would: shared references and cycles are kept.
  Modules, classes, code, builtins and functions reachable by name are
  shared (pickled by reference). Tracebacks and frames are shared. Module
  globals are never part of a pickle: a tasklet's code that names a global
  finds the module's current object, before and after pickling.
- Unstarted tasklets (bound, not yet run) and dead tasklets are copied
  honestly: a new tasklet of the same class with copied function, arguments,
  tempval, flags and attributes. The original stays usable.
- A started tasklet (one with frames) is *moved*: the copy, a new tasklet
  object of the same class, takes over the original's thread, so it
  continues exactly where the original stopped. The original is frozen:
  reading `alive`, `blocked`, `paused`, `scheduled`, `is_main`,
  `is_current`, `atomic`, `block_trap`, `nesting_level`, `restorable` or
  `recursion_depth` gives the value it had when pickled (in Stackless the
  original is undisturbed), but any other use (insert, run, kill, throw,
  switch, bind, its tempval or attributes, a channel operation that would
  wake it) aborts the oracle (see "Oracle errors").
- The objects the moved tasklet's frames refer to through their local
  variables (arguments, locals, cells; also generators' locals) are moved
  with it: the copy's frames use the very same objects. Inside the loaded
  structure this is exactly the sharing a real pickle keeps (a list held by
  the tasklet and also put in the pickled tuple is one list after loading).
  Local references to the tasklets being pickled (e.g. `self` of a tasklet
  subclass method) are rebound to the copies, in the frames and in the
  moved lists, dicts, sets, cells and instances.
- Generators are always moved (shared), whether reached from a tasklet or
  from the pickled object itself.
- Channels: a channel reached by the pickle is pickled with every tasklet
  blocked on it (those are pickled too): they come back blocked on the
  loaded channel, in the same order, so `balance` is the same. A channel a
  moved tasklet refers to through its locals is moved (the original object,
  its waiting tasklets replaced by their copies); any other channel is
  copied (the original keeps its frozen waiting tasklets).
- A tasklet blocked on a channel that is not reached by the pickle comes
  back not blocked and not scheduled (Stackless does not record the channel
  a tasklet waits on). The channel the blocking `send()`/`receive()` was
  called on is *not* reached merely through that call (the oracle cannot see
  a frame's value stack, and Stackless pops the call's operands): only
  through locals, through the pickled object itself, or through the
  helper state of `send_sequence()` and channel iteration (`for x in ch`).
  The loaded tasklet, once inserted, resumes from its blocking call, which
  returns its tempval (None for a receiver).
- A loaded tasklet is never scheduled: the program must `insert()` it (or
  `run()` it), as in Stackless.
- Errors as Stackless gives them: pickling the current tasklet (main
  included, when it pickles itself) raises `RuntimeError: You cannot
  __reduce__ the tasklet which is current.`; objects that cannot be pickled
  raise the TypeError of the standard pickle (e.g. `cannot pickle
  '_thread.lock' object`).
- Loading: a token is loaded once if the pickle moved anything (a started
  tasklet or a generator). A token of copies only (plain data, unstarted and
  dead tasklets, channels without started tasklets) can be loaded any number
  of times; each load gives a new, independent copy.

Oracle errors (the program asked for something CPython cannot reproduce)
abort the process with SIGABRT after writing "prickle oracle: ..." and the
stack to stderr, so regen.py refuses to record an expected output ("killed
by signal 6"); run the program by hand (PYTHONPATH=tests/oracle python3
NAME.py in its directory) to read why. They are:
- any use of the frozen original of a moved tasklet (above), including a
  channel operation that would wake it, and pickling it again;
- pickling a started tasklet that is in the run queue (the original would
  run on as well as the copy): pickle tasklets that are paused
  (schedule_remove(), remove(), preempted by run(timeout)) or blocked;
- pickling the main tasklet from another tasklet;
- loading a token that moved something a second time;
- a moved object (reached from the moved frames' locals, or a generator)
  that is also reachable from outside the pickle: from a global of the
  program's modules or a local of another frame (main's, another
  tasklet's, the code calling dumps) -- except through the object given to
  dumps (that object itself still counts when the pickle moves it, e.g. a
  generator that is also a global). After loading, the copy and the original would be the same
  object, so the program could observe the copy's changes through the
  original, which a real pickle never shows. Keep such objects private to
  the tasklet (print from inside it), or reach them only through the object
  given to dumps.

Limits that are not detected
- The oracle sees a running frame's local variables, not its value stack:
  objects held only there (a for loop's iterator, the operands of a pending
  call, a half-built expression) stay shared with the rest of the program
  and are never recorded as part of the pickle. A program must not observe
  them from outside (e.g. mutate a global list a pickled tasklet is
  iterating over, and compare).
- References to moved objects from outside the pickle that the walk cannot
  see (value stacks of other frames, C-level references) are not detected.
- Tuples and frozensets among the moved objects keep references to the
  original tasklets (they cannot be rebound).
- Dict and set iterators are copied as list iterators over the remaining
  items (what their __reduce__ gives): same items, other type name.
- User classes' __reduce__/__reduce_ex__ may be called twice per dumps.
- A token is only meaningful in the process that made it: the oracle cannot
  write a pickle to a file for another process.
"""

import ctypes
import gc
import os
import sys
import types

import stackless as _sl

_sl._ORACLE_FILES.add(__file__)

HIGHEST_PROTOCOL = 5
DEFAULT_PROTOCOL = 4


class PickleError(Exception):
    """Base class of the pickling errors."""


class PicklingError(PickleError):
    """An object cannot be pickled."""


class UnpicklingError(PickleError):
    """The bytes are not a pickle (here: not a token of this oracle)."""


_abort = _sl._oracle_abort

# Types whose objects are shared, never copied (immutable values, or pickled
# by reference: modules, classes, code, builtins).
_ATOMIC = {
    type(None), type(Ellipsis), type(NotImplemented), bool, int, float, complex,
    str, bytes, range, slice, types.CodeType, types.ModuleType,
    types.BuiltinFunctionType, types.FrameType, types.TracebackType, property,
    types.WrapperDescriptorType, types.MethodDescriptorType,
    types.ClassMethodDescriptorType, types.GetSetDescriptorType,
    types.MemberDescriptorType,
}
_GENERATOR_TYPES = (types.GeneratorType, types.CoroutineType, types.AsyncGeneratorType)
# Immutable containers: walked through, but sharing one is unobservable.
_IMMUTABLE = _ATOMIC | {tuple, frozenset, types.FunctionType, types.MethodType}

# Dict views: pickled with their dict, as Stackless does (prickelpit.c).
_DICT_VIEWS = {type({}.keys()): "keys", type({}.values()): "values", type({}.items()): "items"}

# Oracle frames that hold helper state a real pickle records (as Stackless'
# channel_seq_callback cframe does): their locals are part of the tasklet.
_HELPER_FRAMES = {"send_sequence", "__next__"}

# The tasklet attributes that are the oracle's own state (not user attributes).
_probe = object.__new__(_sl.tasklet)
_probe._init_state()
_TASKLET_INTERNAL = frozenset(_probe.__dict__) | {"_moved_to", "_frozen_snapshot"}
del _probe
_CHANNEL_INTERNAL = frozenset(_sl.channel().__dict__)

# What a frozen original still answers (its state when it was pickled).
_FROZEN_READABLE = ("alive", "blocked", "paused", "scheduled", "is_main", "is_current",
                    "atomic", "block_trap", "nesting_level", "restorable",
                    "recursion_depth")

_tokens = {}  # token bytes -> _Token
_frozen_classes = {}  # tasklet class -> its frozen subclass

_locals_to_fast = ctypes.pythonapi.PyFrame_LocalsToFast
_locals_to_fast.argtypes = [ctypes.py_object, ctypes.c_int]
_locals_to_fast.restype = None


# ---------------------------------------------------------------------------
# Small predicates.


def _is_tasklet(x):
    return isinstance(x, _sl.tasklet)


def _is_channel(x):
    return isinstance(x, _sl.channel)


def _is_frozen(t):
    return getattr(type(t), "_oracle_frozen", False)


def _tget(t, name):
    """Read an oracle field of a tasklet, frozen or not."""
    return object.__getattribute__(t, "__dict__")[name]


def _by_reference(f):
    """True if the function is reachable by name from its module (pickled by reference)."""
    mod = sys.modules.get(getattr(f, "__module__", None) or "")
    if mod is None:
        return False
    obj = mod
    for part in f.__qualname__.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return False
    return obj is f


def _is_atomic(x):
    cls = type(x)
    if cls in _ATOMIC or isinstance(x, type):
        return True
    if cls is types.FunctionType:
        return _by_reference(x)
    return False


def _is_mutable(x):
    cls = type(x)
    return not (cls in _IMMUTABLE or isinstance(x, type))


def _module_dict_ids():
    return {id(m.__dict__) for m in list(sys.modules.values()) if m is not None}


def _state_frames(top):
    """The frames whose locals are part of a tasklet's pickled state: the
    program's frames and the oracle's helper frames (send_sequence, channel
    iteration), top first."""
    frames = []
    f = top
    while f is not None:
        if (f.f_code.co_filename not in _sl._ORACLE_FILES
                or f.f_code.co_name in _HELPER_FRAMES):
            frames.append(f)
        f = f.f_back
    return frames


def _thread_top(t):
    return sys._current_frames().get(_tget(t, "_ident"))


def _reduce(x):
    """x.__reduce_ex__(4) as copy/pickle use it (copyreg's table first)."""
    import copyreg
    reductor = copyreg.dispatch_table.get(type(x))
    if reductor is not None:
        return reductor(x)
    return x.__reduce_ex__(4)


def _reduce_children(x):
    """The objects the reduce value of x refers to (nothing if x cannot be reduced)."""
    try:
        rv = _reduce(x)
    except Exception:
        return []
    if isinstance(rv, str) or not isinstance(rv, tuple):
        return []
    out = [rv[1]] if len(rv) > 1 else []
    if len(rv) > 2 and rv[2] is not None:
        out.append(rv[2])
    if len(rv) > 3 and rv[3] is not None:
        out.extend(rv[3])
    if len(rv) > 4 and rv[4] is not None:
        for k, v in rv[4]:
            out.append(k)
            out.append(v)
    return out


def _plain_children(x):
    """What x refers to, for the objects that are not tasklets, channels or
    generators (those are handled by the callers)."""
    cls = type(x)
    if cls in (list, tuple, set, frozenset):
        return list(x)
    if cls is dict:
        out = []
        for k, v in x.items():
            out.append(k)
            out.append(v)
        return out
    if cls is types.FunctionType:
        out = list(x.__closure__ or ())
        out.extend(x.__defaults__ or ())
        out.extend((x.__kwdefaults__ or {}).values())
        out.extend(x.__dict__.values())
        return out
    if cls is types.CellType:
        try:
            return [x.cell_contents]
        except ValueError:
            return []
    if cls is types.MethodType:
        return [x.__func__, x.__self__]
    if cls in _DICT_VIEWS:
        return gc.get_referents(x)  # the dict
    if cls is types.BuiltinMethodType or cls is types.MethodWrapperType:
        s = getattr(x, "__self__", None)
        return [] if s is None or isinstance(s, types.ModuleType) else [s]
    if isinstance(x, BaseException):
        out = list(x.args)
        out.extend(getattr(x, "__dict__", {}).values())
        out.append(x.__context__)
        out.append(x.__cause__)
        return out
    return _reduce_children(x)


def _generator_locals(g):
    frame = getattr(g, "gi_frame", None) or getattr(g, "cr_frame", None) \
        or getattr(g, "ag_frame", None)
    out = list(frame.f_locals.values()) if frame is not None else []
    sub = getattr(g, "gi_yieldfrom", None) or getattr(g, "cr_await", None)
    if sub is not None:
        out.append(sub)
    return out


# ---------------------------------------------------------------------------
# Copying (after the discovery pass has filled the memo).


def _copy(x, memo):
    """Deep-copy x as unpickling a pickle of it would; memo maps id -> copy."""
    i = id(x)
    if i in memo:
        return memo[i]
    if _is_atomic(x):
        return x
    # Keep x alive while the memo is in use: reduce values are temporaries,
    # and a dead object's id may be reused.
    memo.setdefault(id(memo), []).append(x)
    cls = type(x)
    if cls is list:
        y = []
        memo[i] = y
        for item in x:
            y.append(_copy(item, memo))
        return y
    if cls is tuple:
        items = [_copy(item, memo) for item in x]
        if i in memo:  # a cycle through the items
            return memo[i]
        y = x if all(a is b for a, b in zip(items, x)) else tuple(items)
        memo[i] = y
        return y
    if cls is dict:
        y = {}
        memo[i] = y
        for k, v in x.items():
            y[_copy(k, memo)] = _copy(v, memo)
        return y
    if cls is set:
        y = set()
        memo[i] = y
        for item in x:
            y.add(_copy(item, memo))
        return y
    if cls is frozenset:
        y = frozenset(_copy(item, memo) for item in x)
        memo[i] = y
        return y
    if cls is bytearray:
        y = bytearray(x)
        memo[i] = y
        return y
    if _is_tasklet(x) or _is_channel(x) or isinstance(x, _GENERATOR_TYPES):
        # The discovery pass put every one of them in the memo.
        raise AssertionError("oracle: %s missing from the pickle memo" % cls.__name__)
    if cls is types.FunctionType:
        closure = None
        if x.__closure__ is not None:
            closure = tuple(_copy(c, memo) for c in x.__closure__)
        if i in memo:
            return memo[i]
        y = types.FunctionType(x.__code__, x.__globals__, x.__name__, None, closure)
        memo[i] = y
        y.__defaults__ = _copy(x.__defaults__, memo)
        y.__kwdefaults__ = _copy(x.__kwdefaults__, memo)
        y.__qualname__ = x.__qualname__
        y.__module__ = x.__module__
        y.__doc__ = x.__doc__
        y.__dict__.update(_copy(x.__dict__, memo))
        return y
    if cls is types.CellType:
        y = types.CellType()
        memo[i] = y
        try:
            contents = x.cell_contents
        except ValueError:
            return y
        y.cell_contents = _copy(contents, memo)
        return y
    if cls is types.MethodType:
        y = types.MethodType(_copy(x.__func__, memo), _copy(x.__self__, memo))
        memo[i] = y
        return y
    if cls in _DICT_VIEWS:
        (d,) = gc.get_referents(x)
        y = getattr(_copy(d, memo), _DICT_VIEWS[cls])()
        memo[i] = y
        return y
    if cls is types.BuiltinMethodType or cls is types.MethodWrapperType:
        s = x.__self__
        if s is None or isinstance(s, types.ModuleType):
            return x
        y = getattr(_copy(s, memo), x.__name__)
        memo[i] = y
        return y
    rv = _reduce(x)
    if isinstance(rv, str):
        return x  # a global
    y = _reconstruct(x, memo, *rv)
    if isinstance(x, BaseException):
        # pickle loses these; a tasklet's exception state keeps them, and the
        # issue asks for exceptions with their tracebacks.
        y.__traceback__ = x.__traceback__
        y.__context__ = _copy(x.__context__, memo)
        y.__cause__ = _copy(x.__cause__, memo)
        y.__suppress_context__ = x.__suppress_context__
    return y


def _reconstruct(x, memo, func, args, state=None, listiter=None, dictiter=None,
                 state_setter=None):
    """copy._reconstruct, deep, with this module's _copy."""
    args = _copy(args, memo)
    y = func(*args)
    memo[id(x)] = y
    if state is not None:
        state = _copy(state, memo)
        if state_setter is not None:
            state_setter(y, state)
        elif hasattr(y, "__setstate__"):
            y.__setstate__(state)
        else:
            slotstate = None
            if isinstance(state, tuple) and len(state) == 2:
                state, slotstate = state
            if state:
                y.__dict__.update(state)
            if slotstate:
                for key, value in slotstate.items():
                    setattr(y, key, value)
    if listiter is not None:
        for item in listiter:
            y.append(_copy(item, memo))
    if dictiter is not None:
        for key, value in dictiter:
            y[_copy(key, memo)] = _copy(value, memo)
    return y


# ---------------------------------------------------------------------------
# Frozen originals.


def _frozen_getattribute(self, name):
    if name in _FROZEN_READABLE:
        return object.__getattribute__(self, "__dict__")["_frozen_snapshot"][name]
    if name == "__class__":
        return object.__getattribute__(self, "__class__")
    _abort("the original of a pickled running tasklet was used after pickle.dumps "
           "(attribute %r): the oracle moved its thread to the copy; use the loaded "
           "copy instead" % name)


def _frozen_setattr(self, name, value):
    _abort("the original of a pickled running tasklet was modified after pickle.dumps "
           "(attribute %r): the oracle moved its thread to the copy" % name)


def _frozen_repr(self):
    _abort("the original of a pickled running tasklet was printed after pickle.dumps")


def _frozen_class(cls):
    fc = _frozen_classes.get(cls)
    if fc is None:
        fc = type(cls.__name__, (cls,), {
            "_oracle_frozen": True,
            "__getattribute__": _frozen_getattribute,
            "__setattr__": _frozen_setattr,
            "__delattr__": _frozen_setattr,
            "__repr__": _frozen_repr,
            "__module__": cls.__module__,
            "__qualname__": cls.__qualname__,
        })
        _frozen_classes[cls] = fc
    return fc


def _freeze(t, copy):
    snapshot = {name: getattr(t, name) for name in _FROZEN_READABLE}
    d = t.__dict__
    d["_frozen_snapshot"] = snapshot
    d["_moved_to"] = copy
    try:
        t.__class__ = _frozen_class(type(t))
    except TypeError:
        _abort("cannot freeze a tasklet of class %s (incompatible layout, e.g. "
               "__slots__)" % type(t).__name__)


# ---------------------------------------------------------------------------
# dumps / loads.


class _Token:
    def __init__(self, value, reloadable):
        self.value = value
        self.reloadable = reloadable
        self.loads = 0


class _Pickling:
    """One dumps(): discover what the pickle holds, check, build the copy."""

    def __init__(self, root):
        self.root = root
        self.tasklets = {}  # id -> tasklet, in discovery order
        self.channels = {}  # id -> channel
        self.shared = {}  # id -> object moved with the tasklets (never copied)
        self.state_frames = []  # frames of moved tasklets (their locals are moved)
        self.moved_idents = set()  # threads of moved tasklets

    # -- discovery ---------------------------------------------------------

    def discover(self):
        seen = set()  # (id, shared)
        keep = []  # visited objects (some are temporaries): their ids stay unique
        stack = [(self.root, False)]
        while stack:
            x, sh = stack.pop()
            if (id(x), True) in seen or (id(x), sh) in seen:
                continue
            seen.add((id(x), sh))
            keep.append(x)
            for child in self.children(x, sh):
                stack.append(child)
        # Generators' frames are moved too (their locals are rebound).
        for g in self.shared.values():
            if isinstance(g, _GENERATOR_TYPES):
                frame = getattr(g, "gi_frame", None) or getattr(g, "cr_frame", None)
                if frame is not None:
                    self.state_frames.append(frame)

    def children(self, x, sh):
        """The (child, shared) pairs to visit from x, reached in mode sh."""
        if _is_atomic(x):
            return []
        if _is_tasklet(x):
            return self.tasklet_children(x, sh)
        if sh:
            self.shared[id(x)] = x
        if _is_channel(x):
            self.channels[id(x)] = x
            d = x.__dict__
            out = [(w, sh) for w in d["_waiting"]]
            out.extend((v, sh) for k, v in d.items() if k not in _CHANNEL_INTERNAL)
            return out
        if isinstance(x, _GENERATOR_TYPES):
            self.shared[id(x)] = x
            return [(v, True) for v in _generator_locals(x)]
        return [(c, sh) for c in _plain_children(x)]

    def tasklet_children(self, t, sh):
        if _is_frozen(t):
            _abort("a tasklet that was already pickled (the frozen original) is "
                   "pickled again; pickle the loaded copy instead")
        if t is _sl._S.current:
            raise RuntimeError("You cannot __reduce__ the tasklet which is current.")
        if t is _sl._S.main:
            _abort("the oracle cannot pickle the main tasklet")
        self.tasklets[id(t)] = t
        d = t.__dict__
        out = [(d["_tempval"], sh)]
        out.extend((v, sh) for k, v in d.items() if k not in _TASKLET_INTERNAL)
        if d["_alive"] and d["_started"]:
            if _sl._in_ring(t):
                _abort("pickling a started tasklet that is in the run queue: the "
                       "original would go on running besides the copy, which the oracle "
                       "cannot do; pickle tasklets that are paused (schedule_remove(), "
                       "remove(), preempted by run(timeout)) or blocked on a channel")
            self.moved_idents.add(d["_ident"])
            top = _thread_top(t)
            for f in _state_frames(top):
                self.state_frames.append(f)
                out.extend((v, True) for v in f.f_locals.values())
        else:
            out.append((d["_func"], sh))
            out.append((d["_args"], sh))
            out.append((d["_kwargs"], sh))
        return out

    # -- the outside check ---------------------------------------------------

    def check_outside(self):
        """Abort if a moved object is also reachable from outside the pickle."""
        moved = {i: x for i, x in self.shared.items() if _is_mutable(x)}
        if not moved:
            return
        skip = _module_dict_ids()
        skip.add(id(self.root))  # itself checked, its contents not
        roots = []  # (description, object)
        main = sys.modules.get("__main__")
        progdir = None
        if main is not None and getattr(main, "__file__", None):
            progdir = os.path.dirname(os.path.realpath(main.__file__))
        for name, m in list(sys.modules.items()):
            if m is None:
                continue
            mfile = getattr(m, "__file__", None)
            if m is main or (progdir and mfile and os.path.dirname(
                    os.path.realpath(mfile)) == progdir):
                for k, v in list(m.__dict__.items()):
                    roots.append(("global %r of module %s" % (k, m.__name__), v))
        for ident, top in sys._current_frames().items():
            if ident in self.moved_idents:
                continue
            for f in _state_frames(top):
                if f.f_locals is f.f_globals:
                    continue  # module level: the globals, done above
                for k, v in list(f.f_locals.items()):
                    roots.append(("local %r of %s()" % (k, f.f_code.co_name), v))
        seen = set()
        keep = []  # visited objects (some are temporaries): their ids stay unique
        for desc, root in roots:
            stack = [root]
            while stack:
                x = stack.pop()
                i = id(x)
                if i in seen:
                    continue
                seen.add(i)
                keep.append(x)
                if i in skip and i not in moved:
                    continue  # module dicts; the object given to dumps (not gone into)
                if i in moved:
                    _abort(
                        "a %s that this pickle moves instead of copying (a generator, "
                        "or an object reached from a pickled tasklet's locals) is also "
                        "reachable from outside the pickle, from %s; after loading, "
                        "the copy and the original would be one object, and the "
                        "program could see the copy's changes through the original. "
                        "Keep it private to the tasklet, or reach it only through the "
                        "object given to dumps" % (type(x).__name__, desc))
                if _is_atomic(x) or _is_tasklet(x):
                    continue
                if _is_channel(x):
                    continue
                if isinstance(x, _GENERATOR_TYPES):
                    stack.extend(_generator_locals(x))
                    continue
                stack.extend(_plain_children(x))

    # -- building the copy -------------------------------------------------

    def build(self):
        memo = {}
        copies = {}
        for i, t in self.tasklets.items():
            cls = type(t)
            t2 = cls.__new__(cls)
            t2._init_state()
            memo[i] = copies[i] = t2
        for i, ch in self.channels.items():
            if i in self.shared:
                memo[i] = ch
            else:
                cls = type(ch)
                memo[i] = cls.__new__(cls)
        for i, x in self.shared.items():
            memo.setdefault(i, x)
        memo[id(memo)] = [self]  # keeps objects alive while their ids are used
        result = _copy(self.root, memo)

        for i, t in self.tasklets.items():
            self.fill_tasklet(t, copies[i], memo)
        for i, ch in self.channels.items():
            target = memo[i]
            d = ch.__dict__
            waiting = [memo[id(w)] for w in d["_waiting"]]
            if target is ch:
                d["_waiting"][:] = waiting
            else:
                target._waiting = waiting
                target._dir = d["_dir"]
                target._preference = d["_preference"]
                target.schedule_all = d["schedule_all"]
                target._closing = d["_closing"]
                for k, v in d.items():
                    if k not in _CHANNEL_INTERNAL:
                        target.__dict__[k] = _copy(v, memo)
            for w2 in waiting:
                w2._blocked_on = target
        self.rebind(copies)
        for i, t in self.tasklets.items():
            if _is_moved(t):
                _freeze(t, copies[i])
        reloadable = not self.shared and not any(_is_moved(t) for t in self.tasklets.values())
        return result, reloadable

    def fill_tasklet(self, t, t2, memo):
        d = t.__dict__
        d2 = t2.__dict__
        for k, v in d.items():
            if k not in _TASKLET_INTERNAL:
                d2[k] = _copy(v, memo)
        d2["_tempval"] = _copy(d["_tempval"], memo)
        d2["_atomic"] = d["_atomic"]
        d2["_block_trap"] = d["_block_trap"]
        d2["_alive"] = d["_alive"]
        if _is_moved(t):
            # The copy takes the thread over: same lock, same thread.
            for k in ("_func", "_args", "_kwargs", "_started", "_ident", "_lock", "_traced"):
                d2[k] = d[k]
        else:
            d2["_func"] = _copy(d["_func"], memo)
            d2["_args"] = _copy(d["_args"], memo)
            d2["_kwargs"] = _copy(d["_kwargs"], memo)

    def rebind(self, copies):
        """In the moved world, references to the pickled tasklets become references
        to their copies (a real pickle would have given the copies)."""
        if not copies:
            return

        def sub(v):
            return copies.get(id(v), v) if _is_tasklet(v) else v

        for x in self.shared.values():
            cls = type(x)
            if cls is list:
                for k, v in enumerate(x):
                    if _is_tasklet(v) and id(v) in copies:
                        x[k] = copies[id(v)]
            elif cls is dict:
                if any(_is_tasklet(k) and id(k) in copies for k in x):
                    items = [(sub(k), sub(v)) for k, v in x.items()]
                    x.clear()
                    x.update(items)
                else:
                    for k, v in list(x.items()):
                        if _is_tasklet(v) and id(v) in copies:
                            x[k] = copies[id(v)]
            elif cls is set:
                olds = [v for v in x if _is_tasklet(v) and id(v) in copies]
                for v in olds:
                    x.discard(v)
                    x.add(copies[id(v)])
            elif cls is types.CellType:
                try:
                    v = x.cell_contents
                except ValueError:
                    continue
                if _is_tasklet(v) and id(v) in copies:
                    x.cell_contents = copies[id(v)]
            elif not isinstance(x, (type, types.ModuleType, types.FunctionType)) \
                    and isinstance(getattr(x, "__dict__", None), dict):
                for k, v in list(x.__dict__.items()):
                    if _is_tasklet(v) and id(v) in copies:
                        x.__dict__[k] = copies[id(v)]
        for f in self.state_frames:
            loc = f.f_locals
            changed = False
            for k, v in list(loc.items()):
                if _is_tasklet(v) and id(v) in copies:
                    loc[k] = copies[id(v)]
                    changed = True
            if changed:
                _locals_to_fast(f, 0)


def _is_moved(t):
    d = object.__getattribute__(t, "__dict__")
    return d["_alive"] and d["_started"]


def dumps(obj, protocol=None, *, fix_imports=True, buffer_callback=None):
    """Return a bytes token for a copy of obj (see the module docstring)."""
    p = _Pickling(obj)
    p.discover()
    p.check_outside()
    value, reloadable = p.build()
    data = b"prickle-oracle-pickle:%d" % (len(_tokens) + 1)
    _tokens[data] = _Token(value, reloadable)
    return data


def loads(data, *, fix_imports=True, encoding="ASCII", errors="strict", buffers=None):
    """Return the copy a token of dumps() stands for."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError("a bytes-like object is required, not '%s'" % type(data).__name__)
    token = _tokens.get(bytes(data))
    if token is None:
        raise UnpicklingError("the oracle only loads the bytes returned by its own dumps()")
    token.loads += 1
    if token.reloadable:
        # Each load copies the stored copy again (with its tasklets).
        p = _Pickling(token.value)
        p.discover()
        return p.build()[0]
    if token.loads > 1:
        _abort("a pickle that moved a running tasklet or a generator is loaded a second "
               "time: the oracle cannot make a second copy of a running thread")
    return token.value
