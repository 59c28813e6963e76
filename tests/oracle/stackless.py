"""A pure-Python `stackless` module for CPython 3.11: the oracle of prickle's tasklet tests.

CPython produces the expected output of every golden tasklet program; this
module gives it the Stackless API with exactly the semantics written in
docs/TASKLETS.md (the contract shared with prickle's C implementation).
tests/goldenlib.py puts tests/oracle first on PYTHONPATH only when CPython
generates expected outputs; prickle has `stackless` built in.

How it works
- Every tasklet runs on its own OS thread (started on its first switch-in,
  one thread per "life": a dead tasklet bound again gets a fresh thread); the
  main tasklet is the main thread. Exactly one thread runs at a time: each
  tasklet owns a lock that is held while it is suspended, and a switch
  (`_transfer`) releases the target's lock and then blocks on its own. The
  threads are raw `_thread` threads, so the interpreter does not wait for
  them at exit: tasklets still suspended when main's code ends are abandoned
  without running their `finally` clauses, as the contract says.
- The run queue is a Python list used as a ring: index 0 is the head, which
  is always the running tasklet (the scheduler keeps the running tasklet in
  the ring; when it leaves, it leaves just before a switch). "The end of the
  queue" is the end of the list; "right after the current tasklet" is index 1.
- Values handed between tasklets go through `tempval` as in Stackless:
  `schedule(retval)` stores retval there, a channel operation exchanges the
  two parties' tempvals. Exceptions for a suspended tasklet are stored in
  `_pending_exc` and raised when it wakes up.
- Preemption (`run(timeout)`): once a `run()` with a timeout has been called,
  every tasklet thread traces itself (sys.settrace, installed on its next
  wake-up) and counts one tick per 'line' event in frames that are not this
  file's. While main is inside `run(timeout)`, a non-main, non-atomic tasklet
  that reaches `timeout` ticks leaves the queue and main resumes. A tick is a
  traced line here but a back-edge or function entry in prickle, so golden
  programs must not depend on where an interruption falls. Limitation: an
  exception thrown into a preempted tasklet leaves through the trace
  function, which makes CPython drop that thread's tracing until the tasklet
  next switches (then it is reinstalled).
- Tracebacks: exceptions raised here carry frames of this file. A
  sys.excepthook drops every traceback entry whose file is this one, so an
  exception raised in a tasklet and passed to main prints main's user frames
  then the tasklet's, as a C implementation of the module would show it.
- Pickling (tests/oracle/pickle.py, which documents its semantics): a
  running tasklet cannot be copied, so pickle.dumps *moves* it: a new
  tasklet object takes over the original's thread and lock, and the
  original is frozen (its class is swapped for one whose attribute access
  aborts the oracle). Code here that runs after a thread wakes up therefore
  never trusts the tasklet object it held before sleeping: `_transfer`
  returns the tasklet that owns the thread now (`_S.current`), and callers
  use that. `_ORACLE_FILES` lists the files whose frames are not the
  program's (this one and pickle.py): they are never traced for ticks and
  are cut out of tracebacks.
"""

import _thread
import builtins
import sys
import types

_FILE = __file__
_ORACLE_FILES = {_FILE}  # pickle.py adds itself
_DEADLOCK = "Deadlock: the last runnable tasklet cannot be blocked."
_NOARG = object()  # "argument not given" (None is a legitimate retval)

# Tasklet threads get a generous, fixed C stack whatever `ulimit -s` is, so
# that deep recursion through C callbacks inside a tasklet behaves as in main.
_thread.stack_size(32 * 1024 * 1024)


def _oracle_abort(message):
    """Stop the program: it asked for something the oracle cannot reproduce.

    Used where CPython cannot honestly compute what prickle would do (see
    pickle.py). The message and the Python stack go to stderr, then the
    process kills itself with SIGABRT, so regen.py reports "killed by signal
    6" and writes no expected output (run the program by hand with
    PYTHONPATH=tests/oracle to read the message).
    """
    import os
    import traceback
    try:
        import resource
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # no core file
    except Exception:
        pass
    sys.stdout.flush()
    sys.stderr.write("prickle oracle: " + message + "\n")
    traceback.print_stack(file=sys.stderr)
    sys.stderr.flush()
    os.abort()  # SIGABRT in this thread: the process dies at once


class TaskletExit(SystemExit):
    """Raised inside a tasklet by kill(); ends the tasklet silently when uncaught."""


builtins.TaskletExit = TaskletExit


class _Sched:
    """The scheduler state (one instance, one interpreter thread of tasklets)."""

    def __init__(self):
        self.ring = []  # runnable tasklets; ring[0] is the running tasklet
        self.current = None
        self.main = None
        self.tracing_wanted = False  # set by the first run(timeout > 0)
        self.timeout = 0  # > 0 while main is suspended in run(timeout)
        self.totaltimeout = False
        self.ticks = 0  # ticks since the last switch-in (or since run() began)
        self.interrupted = None  # the tasklet preempted during run()


_S = _Sched()


def _in_ring(t):
    return any(x is t for x in _S.ring)


def _ring_index(t):
    for i, x in enumerate(_S.ring):
        if x is t:
            return i
    return -1


def _ring_remove(t):
    i = _ring_index(t)
    if i >= 0:
        del _S.ring[i]


def _rotate_to(t):
    """Make t the ring's head without reordering the ring."""
    i = _ring_index(t)
    if i > 0:
        _S.ring[:] = _S.ring[i:] + _S.ring[:i]


# ---------------------------------------------------------------------------
# Switching: handing the baton from one thread to another.


def _transfer(prev, target, prev_waits=True):
    """Make `target` (already in the ring) current and run it.

    The calling thread belongs to `prev`; unless prev is ending
    (prev_waits=False), it blocks until prev is switched to again, then
    raises prev's pending exception, if any, and returns the tasklet that
    owns this thread now: prev, or the copy that took prev's thread over
    when prev was pickled (pickle.py). Nothing shared is touched after the
    target has been woken, since both threads may run for a moment.
    """
    # Read prev's lock before waking the target: from then on the target may
    # run (and pickle prev, which freezes the object prev).
    my_lock = prev._lock if prev_waits else None
    _S.current = target
    _rotate_to(target)
    if not _S.totaltimeout:
        _S.ticks = 0
    if not target._started:
        target._started = True
        target._traced = False
        _thread.start_new_thread(_bootstrap, (target,))
    else:
        target._lock.release()
    if prev_waits:
        my_lock.acquire()
        # Whoever switched to this thread made its owner current.
        cur = _S.current
        _resumed(cur)
        return cur
    return None


def _resumed(t):
    """Run in t's own thread each time it gets the baton back."""
    if _S.tracing_wanted and not t._traced and t is not _S.main:
        _install_trace(t)
    exc = t._pending_exc
    if exc is not None:
        t._pending_exc = None
        raise exc


def _bootstrap(t):
    """Body of a tasklet's thread: run its function, then end it."""
    t._ident = _thread.get_ident()
    exc = None
    try:
        _resumed(t)  # an exception thrown before the start ends it right here
        t._func(*t._args, **t._kwargs)
    except TaskletExit:
        pass
    except BaseException as e:
        exc = e
    _end(_S.current, exc)  # t's copy if t was pickled meanwhile


def _end(t, exc):
    """t (the running tasklet) is dead: pass its exception to main, or run the next."""
    t._alive = False
    t._started = False
    t._pending_exc = None
    ring = _S.ring
    del ring[0]  # t is the head
    main = _S.main
    if exc is not None:
        # Main gets the exception wherever it is suspended. If it is not in
        # the ring, it enters at the end of the queue, i.e. where t was
        # (a choice: the contract does not say where).
        if main._blocked_on is not None:
            main._blocked_on._unlink(main)
        main._pending_exc = exc
        if not _in_ring(main):
            ring.append(main)
        target = main
    elif ring:
        target = ring[0]
    else:
        target = _main_for_empty_ring()
    _transfer(t, target, prev_waits=False)


def _main_for_empty_ring():
    """The watchdog rule when a non-main tasklet leaves an otherwise empty ring.

    Main is resumed: with the deadlock error if it is blocked on a channel
    (it is taken off the channel first), normally otherwise.
    """
    main = _S.main
    if main._blocked_on is not None:
        main._blocked_on._unlink(main)
        main._pending_exc = RuntimeError(_DEADLOCK)
    _S.ring.append(main)
    return main


def _check_can_leave():
    """The watchdog rule for main: main alone in the ring cannot leave it."""
    if len(_S.ring) == 1 and _S.current is _S.main:
        raise RuntimeError(_DEADLOCK)


def _leave_and_wait(cur):
    """The current tasklet leaves the ring; the next runs (or main, by the
    watchdog rule). Returns, when resumed, the tasklet owning this thread
    (cur, or its copy if cur was pickled)."""
    ring = _S.ring
    del ring[0]
    target = ring[0] if ring else _main_for_empty_ring()
    return _transfer(cur, target)


# ---------------------------------------------------------------------------
# Preemption through tracing (only matters while main is inside run(timeout)).


def _install_trace(t):
    """Trace this thread from now on, including the frames already running."""
    sys.settrace(_trace_call)
    f = sys._getframe(1)
    while f is not None:
        if f.f_code.co_filename not in _ORACLE_FILES:
            f.f_trace = _trace_line
        f = f.f_back
    t._traced = True


def _trace_call(frame, event, arg):
    # Ticks count only in the program's own code, never in this file (so a
    # tasklet is never preempted halfway through a scheduler operation).
    name = frame.f_code.co_filename
    if name in _ORACLE_FILES or name.startswith("<frozen"):
        return None
    return _trace_line


def _trace_line(frame, event, arg):
    if event == "line" and _S.timeout:
        _S.ticks += 1
        if _S.ticks >= _S.timeout:
            _preempt()
    return _trace_line


def _preempt():
    """Interrupt the running tasklet: it leaves the queue and run() returns it."""
    cur = _S.current
    if cur is _S.main or cur._atomic:
        return
    _S.interrupted = cur
    _S.timeout = 0
    del _S.ring[0]
    main = _S.main
    if not _in_ring(main):
        _S.ring.append(main)  # where cur was, as in _end()
    try:
        _transfer(cur, main)
    except BaseException:
        # The exception (kill, throw) leaves through the trace function, and
        # CPython then turns tracing off for this thread: reinstall it at the
        # next wake-up. (_S.current: cur's copy if cur was pickled.)
        _S.current._traced = False
        raise


# ---------------------------------------------------------------------------
# Tasklets.


def _make_exc(exc, val=None, tb=None):
    """The exception instance of throw(exc, val, tb): a class is called with
    val as its one argument (none when val is None), an instance is used as is."""
    if isinstance(exc, type) and issubclass(exc, BaseException):
        inst = exc() if val is None else exc(val)
    elif isinstance(exc, BaseException):
        if val is not None:
            raise TypeError("instance exception may not have a separate value")
        inst = exc
    else:
        raise TypeError("exceptions must be classes or instances deriving from "
                        "BaseException, not %s" % type(exc).__name__)
    if tb is not None:
        inst = inst.with_traceback(tb)
    return inst


class tasklet:
    """A microthread: tasklet(func=None, args=None, kwargs=None)."""

    def __init__(self, func=None, args=None, kwargs=None):
        self._init_state()
        if func is not None or args is not None or kwargs is not None:
            self.bind(func, args, kwargs)

    def _init_state(self):
        self._func = None
        self._args = ()
        self._kwargs = {}
        self._alive = False  # arguments bound, function not finished
        self._started = False  # this life has a thread
        self._ident = None  # that thread's id
        self._lock = _thread.allocate_lock()
        self._lock.acquire()  # held while suspended; released to wake it
        self._traced = False
        self._blocked_on = None  # the channel it waits on
        self._tempval = None
        self._pending_exc = None  # raised when it next wakes up
        self._atomic = False
        self._block_trap = False

    # -- binding -----------------------------------------------------------

    def _set_args(self, args, kwargs):
        self._args = tuple(args)
        self._kwargs = dict(kwargs)
        self._alive = True
        self._started = False
        self._pending_exc = None
        self._tempval = None

    def bind(self, func=None, args=None, kwargs=None):
        """Set the function; with args/kwargs the tasklet becomes alive (paused)."""
        if func is not None and not callable(func):
            raise TypeError("tasklet function must be a callable")
        if self._alive:
            raise RuntimeError("tasklet is already bound to a frame")
        if func is None and args is None and kwargs is None:
            self._func = None  # Stackless: bind() with nothing unbinds
            return self
        if func is not None:
            self._func = func
        if args is not None or kwargs is not None:
            if self._func is None:
                raise RuntimeError("the tasklet was not bound to a function")
            self._set_args(args if args is not None else (),
                           kwargs if kwargs is not None else {})
        return self

    def setup(self, *args, **kwargs):
        """Bind the arguments and insert at the end of the queue."""
        if self._alive:
            raise RuntimeError("tasklet is already bound to a frame")
        if self._func is None:
            raise RuntimeError("the tasklet was not bound to a function")
        self._set_args(args, kwargs)
        _S.ring.append(self)
        return self

    def __call__(self, *args, **kwargs):
        return self.setup(*args, **kwargs)

    # -- scheduling --------------------------------------------------------

    def _check_runnable(self):
        if not self._alive:
            raise RuntimeError("You cannot run an unbound(dead) tasklet")
        if self._blocked_on is not None:
            raise RuntimeError("You cannot run a blocked tasklet")

    def insert(self):
        """Append to the end of the queue if not there yet."""
        self._check_runnable()
        if not _in_ring(self):
            _S.ring.append(self)

    def remove(self):
        """Take out of the queue (no-op if not there)."""
        if self._blocked_on is not None:
            raise RuntimeError("You cannot remove a blocked tasklet.")
        if self is _S.current:
            raise RuntimeError("The current tasklet cannot be removed.")
        _ring_remove(self)

    def run(self):
        """Insert right after the current tasklet if needed, and switch to it."""
        self._check_runnable()
        cur = _S.current
        if self is cur:
            return None
        if not _in_ring(self):
            _S.ring.insert(1, self)
        _transfer(cur, self)
        return None

    def switch(self):
        """As run(), but the caller leaves the queue (paused)."""
        self._check_runnable()
        cur = _S.current
        if self is cur:
            return None
        if not _in_ring(self):
            _S.ring.insert(1, self)
        del _S.ring[0]  # the caller (head) leaves; self is still in the ring
        _transfer(cur, self)
        return None

    # -- exceptions --------------------------------------------------------

    def _deliver(self, exc, pending):
        """Raise exc in this tasklet: now (as run()) or when it next runs."""
        cur = _S.current
        if self is cur:
            raise exc
        if self._blocked_on is not None:
            self._blocked_on._unlink(self)
        self._pending_exc = exc
        if pending:
            if not _in_ring(self):
                _S.ring.append(self)
            return None
        if not _in_ring(self):
            _S.ring.insert(1, self)
        _transfer(cur, self)
        return None

    def throw(self, exc=None, val=None, tb=None, pending=False):
        """Raise exc (class or instance) in the tasklet; pending: only insert it."""
        if not self._alive:
            raise RuntimeError("You cannot throw to a dead tasklet")
        return self._deliver(_make_exc(exc, val, tb), pending)

    def raise_exception(self, cls, *args):
        """Raise cls(*args) in the tasklet and run it now."""
        if not self._alive:
            raise RuntimeError("You cannot throw to a dead tasklet")
        if not (isinstance(cls, type) and issubclass(cls, BaseException)):
            raise TypeError("exceptions must be classes or instances deriving from "
                            "BaseException, not %s" % type(cls).__name__)
        return self._deliver(cls(*args), False)

    def kill(self, pending=False):
        """Raise TaskletExit in the tasklet (nothing happens if it is not alive)."""
        if not self._alive:
            return None
        if self is _S.main and _S.current is not self:
            raise RuntimeError("cannot kill the main tasklet")
        return self._deliver(TaskletExit(), pending)

    def set_atomic(self, flag):
        """Set the atomic flag (never preempted while set); return the old one."""
        old = self._atomic
        self._atomic = bool(flag)
        return old

    # -- attributes --------------------------------------------------------

    @property
    def alive(self):
        return self._alive

    @property
    def blocked(self):
        return self._blocked_on is not None

    @property
    def scheduled(self):
        return self._blocked_on is not None or _in_ring(self)

    @property
    def paused(self):
        return self._alive and not self.scheduled

    @property
    def is_main(self):
        return self is _S.main

    @property
    def is_current(self):
        return self is _S.current

    @property
    def next(self):
        i = _ring_index(self)
        return None if i < 0 else _S.ring[(i + 1) % len(_S.ring)]

    @property
    def prev(self):
        i = _ring_index(self)
        return None if i < 0 else _S.ring[i - 1]

    @property
    def tempval(self):
        return self._tempval

    @tempval.setter
    def tempval(self, value):
        self._tempval = value

    @property
    def atomic(self):
        return self._atomic

    @property
    def block_trap(self):
        return self._block_trap

    @block_trap.setter
    def block_trap(self, value):
        self._block_trap = bool(value)

    @property
    def nesting_level(self):
        # CPython code called back from C (sorted's key, __init__, ...) is what
        # prickle runs through its helper protocol: no nesting to report.
        return 0

    @property
    def restorable(self):
        return self.nesting_level == 0

    @property
    def recursion_depth(self):
        """The number of the tasklet's Python frames (this file's excluded)."""
        if not self._alive or not self._started:
            return 0
        if self is _S.current:
            f = sys._getframe(1)
        else:
            f = sys._current_frames().get(self._ident)
        depth = 0
        while f is not None:
            if f.f_code.co_filename not in _ORACLE_FILES:
                depth += 1
            f = f.f_back
        return depth


# ---------------------------------------------------------------------------
# Channels.


class _Bomb:
    """An exception travelling through a channel in place of a value."""

    def __init__(self, exc):
        self.exc = exc


class channel:
    """A synchronous channel: send() and receive() meet, one of them waits."""

    def __init__(self):
        self._waiting = []  # blocked tasklets, all in the direction _dir
        self._dir = 0  # +1: senders wait, -1: receivers wait
        self._preference = -1
        self.schedule_all = False
        self._closing = False

    @property
    def balance(self):
        return self._dir * len(self._waiting)

    @property
    def queue(self):
        return self._waiting[0] if self._waiting else None

    @property
    def preference(self):
        return self._preference

    @preference.setter
    def preference(self, value):
        value = int(value)
        self._preference = (value > 0) - (value < 0)

    @property
    def closing(self):
        return self._closing

    @property
    def closed(self):
        return self._closing and not self._waiting

    def close(self):
        """Refuse new blocking operations (waiting tasklets still complete)."""
        self._closing = True

    def open(self):
        self._closing = False

    def _unlink(self, t):
        """Take a blocked tasklet off this channel (it is not resumed here)."""
        for i, x in enumerate(self._waiting):
            if x is t:
                del self._waiting[i]
                break
        if not self._waiting:
            self._dir = 0
        t._blocked_on = None

    def _action(self, direction, value):
        """send (direction 1, value) or receive (direction -1); return what
        the caller gets: the received value, or None for a send."""
        cur = _S.current
        if self._waiting and self._dir == -direction:
            # Somebody waits on the other side: exchange tempvals with it.
            other = self._waiting.pop(0)
            if getattr(type(other), "_oracle_frozen", False):
                _oracle_abort("a channel operation would wake a tasklet that was pickled "
                              "(the original, left blocked on its channel): the oracle "
                              "moved its thread to the copy and cannot run the original")
            if not self._waiting:
                self._dir = 0
            other._blocked_on = None
            if direction > 0:
                other._tempval = value
                cur._tempval = None
                got = None
            else:
                got = other._tempval
                other._tempval = None
                cur._tempval = got
            ring = _S.ring
            if self.schedule_all:
                ring.append(other)
                cur = _transfer(cur, ring[1])  # schedule(): the caller stays queued
            elif self._preference == -direction:
                ring.insert(1, other)  # the preferred side runs first
                cur = _transfer(cur, other)
            else:
                ring.append(other)
        else:
            # Nobody on the other side: block.
            if self._closing:
                raise ValueError("Send/receive operation on a closed channel")
            if cur._block_trap:
                raise RuntimeError("this tasklet does not like to be blocked.")
            _check_can_leave()
            cur._tempval = value if direction > 0 else None
            self._waiting.append(cur)
            self._dir = direction
            cur._blocked_on = self
            cur = _leave_and_wait(cur)
            got = cur._tempval if direction < 0 else None
        if isinstance(got, _Bomb):
            cur._tempval = None
            raise got.exc
        return got

    def send(self, value):
        """Send value to a receiver; block if there is none."""
        self._action(1, value)

    def receive(self):
        """Receive a value from a sender; block if there is none."""
        return self._action(-1, None)

    def send_exception(self, cls, *args):
        """As send(), but the receiver raises cls(*args)."""
        if not (isinstance(cls, type) and issubclass(cls, BaseException)):
            raise TypeError("exceptions must be classes or instances deriving from "
                            "BaseException, not %s" % type(cls).__name__)
        self._action(1, _Bomb(cls(*args)))

    def send_throw(self, exc, val=None, tb=None):
        """As send(), but the receiver raises exc (throw() rules)."""
        self._action(1, _Bomb(_make_exc(exc, val, tb)))

    def send_sequence(self, seq):
        """send() every item of seq; return how many were sent."""
        count = 0
        for item in seq:
            self.send(item)
            count += 1
        return count

    def __iter__(self):
        return self

    def __next__(self):
        if self._closing and not self._waiting:
            raise StopIteration
        return self.receive()


# ---------------------------------------------------------------------------
# Module functions.


def getcurrent():
    """The running tasklet."""
    return _S.current


def getmain():
    """The main tasklet."""
    return _S.main


def getruncount():
    """The number of tasklets in the run queue (the current one included)."""
    return len(_S.ring)


def schedule(retval=_NOARG):
    """Let the next tasklet run; the caller stays in the queue. Returns retval."""
    cur = _S.current
    cur._tempval = cur if retval is _NOARG else retval
    if len(_S.ring) > 1:
        cur = _transfer(cur, _S.ring[1])
    return cur._tempval


def schedule_remove(retval=_NOARG):
    """As schedule(), but the caller leaves the queue (paused)."""
    cur = _S.current
    _check_can_leave()
    cur._tempval = cur if retval is _NOARG else retval
    cur = _leave_and_wait(cur)
    return cur._tempval


def run(timeout=0, threadblock=False, soft=False, ignore_nesting=False,
        totaltimeout=False):
    """Run the other tasklets until the queue is empty (main only).

    With timeout > 0, a non-atomic tasklet that used up `timeout` ticks is
    interrupted (removed from the queue) and returned.
    """
    main = _S.main
    if _S.current is not main:
        raise RuntimeError("run() must be run from the main tasklet")
    if len(_S.ring) == 1:
        return None
    del _S.ring[0]  # main leaves the queue
    _S.interrupted = None
    if timeout > 0:
        _S.timeout = timeout
        _S.totaltimeout = bool(totaltimeout)
        _S.tracing_wanted = True
    _S.ticks = 0
    try:
        _transfer(main, _S.ring[0])
    finally:
        _S.timeout = 0
        _S.totaltimeout = False
    interrupted = _S.interrupted
    _S.interrupted = None
    return interrupted


def __getattr__(name):
    # Module attributes computed on access (PEP 562).
    if name == "current":
        return _S.current
    if name == "main":
        return _S.main
    if name == "runcount":
        return len(_S.ring)
    raise AttributeError("module 'stackless' has no attribute '%s'" % name)


# The main tasklet is the thread importing this module.
_main = tasklet.__new__(tasklet)
_main._init_state()
_main._alive = True
_main._started = True
_main._ident = _thread.get_ident()
_S.main = _S.current = _main
_S.ring.append(_main)


# ---------------------------------------------------------------------------
# Tracebacks without this file's frames.


def _filter_tb(tb):
    entries = []
    while tb is not None:
        if tb.tb_frame.f_code.co_filename not in _ORACLE_FILES:
            entries.append(tb)
        tb = tb.tb_next
    new = None
    for e in reversed(entries):
        new = types.TracebackType(new, e.tb_frame, e.tb_lasti, e.tb_lineno)
    return new


def _excepthook(etype, value, tb):
    """Print an uncaught exception as if this module were written in C."""
    seen = set()
    todo = [value]
    while todo:
        e = todo.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        e.__traceback__ = _filter_tb(e.__traceback__)
        todo.append(e.__cause__)
        todo.append(e.__context__)
    sys.__excepthook__(etype, value, value.__traceback__)


sys.excepthook = _excepthook
