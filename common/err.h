// err.h — raising, testing and fetching the pending exception; the builtin
// exception hierarchy.
//
// The VM keeps at most one pending exception (vm state, see vm.h). C code
// raises by calling err_format()/err_raise() and returning VAL_NULL (or -1);
// the caller propagates by returning VAL_NULL too.
#ifndef PRICKLE_ERR_H
#define PRICKLE_ERR_H

#include "object.h"

// The builtin exception classes: X(CName, "python name", Base).
#define EXC_TYPE_LIST(X)                                                                           \
    X(BaseException, "BaseException", Object)                                                      \
    X(SystemExit, "SystemExit", BaseException)                                                     \
    X(TaskletExit, "TaskletExit", SystemExit)                                                      \
    X(KeyboardInterrupt, "KeyboardInterrupt", BaseException)                                       \
    X(GeneratorExit, "GeneratorExit", BaseException)                                               \
    X(Exception, "Exception", BaseException)                                                       \
    X(StopIteration, "StopIteration", Exception)                                                   \
    X(ArithmeticError, "ArithmeticError", Exception)                                               \
    X(FloatingPointError, "FloatingPointError", ArithmeticError)                                   \
    X(OverflowError, "OverflowError", ArithmeticError)                                             \
    X(ZeroDivisionError, "ZeroDivisionError", ArithmeticError)                                     \
    X(AssertionError, "AssertionError", Exception)                                                 \
    X(AttributeError, "AttributeError", Exception)                                                 \
    X(BufferError, "BufferError", Exception)                                                       \
    X(EOFError, "EOFError", Exception)                                                             \
    X(ImportError, "ImportError", Exception)                                                       \
    X(ModuleNotFoundError, "ModuleNotFoundError", ImportError)                                     \
    X(LookupError, "LookupError", Exception)                                                       \
    X(IndexError, "IndexError", LookupError)                                                       \
    X(KeyError, "KeyError", LookupError)                                                           \
    X(MemoryError, "MemoryError", Exception)                                                       \
    X(NameError, "NameError", Exception)                                                           \
    X(UnboundLocalError, "UnboundLocalError", NameError)                                           \
    X(OSError, "OSError", Exception)                                                               \
    X(FileNotFoundError, "FileNotFoundError", OSError)                                             \
    X(FileExistsError, "FileExistsError", OSError)                                                 \
    X(PermissionError, "PermissionError", OSError)                                                 \
    X(IsADirectoryError, "IsADirectoryError", OSError)                                             \
    X(ReferenceError, "ReferenceError", Exception)                                                 \
    X(RuntimeError, "RuntimeError", Exception)                                                     \
    X(NotImplementedError, "NotImplementedError", RuntimeError)                                    \
    X(RecursionError, "RecursionError", RuntimeError)                                              \
    X(SyntaxError, "SyntaxError", Exception)                                                       \
    X(IndentationError, "IndentationError", SyntaxError)                                           \
    X(TabError, "TabError", IndentationError)                                                      \
    X(SystemError, "SystemError", Exception)                                                       \
    X(TypeError, "TypeError", Exception)                                                           \
    X(ValueError, "ValueError", Exception)                                                         \
    X(UnicodeError, "UnicodeError", ValueError)                                                    \
    X(UnicodeDecodeError, "UnicodeDecodeError", UnicodeError)                                      \
    X(UnicodeEncodeError, "UnicodeEncodeError", UnicodeError)                                      \
    X(Warning, "Warning", Exception)                                                               \
    X(DeprecationWarning, "DeprecationWarning", Warning)                                           \
    X(RuntimeWarning, "RuntimeWarning", Warning)                                                   \
    X(UserWarning, "UserWarning", Warning)

#define X(c, py, base) extern Type c##Type;
EXC_TYPE_LIST(X)
#undef X

// Raise a new exception of class [t] whose single argument is the message
// built from [fmt]. Besides printf's %s %d %ld %lld %zu %c %x %g, the format
// knows %T (the type name of a Value argument), %S (a Str* argument) and %R
// (the repr of a Value argument; builtin values only, never calls back).
// Returns VAL_NULL so that callers can `return err_format(...)`.
Value err_format(Type *t, const char *fmt, ...);

// Raise an exception instance (or, if [exc] is a class, an instance of it
// created without arguments). Returns VAL_NULL.
Value err_raise(Value exc);

// Raise [t] with the arguments tuple [args]. Returns VAL_NULL.
Value err_raise_args(Type *t, Tuple *args);

// Raise KeyError(key) (the key itself as argument, as CPython does).
Value err_key(Value key);

// True if an exception is pending.
bool err_occurred(void);

// True if the pending exception is an instance of [t].
bool err_matches(Type *t);

// Remove and return the pending exception (VAL_NULL if none).
Value err_fetch(void);

// Discard the pending exception.
void err_clear(void);

// Raise SyntaxError (or [t], a subclass such as IndentationError) at a
// source span; [col]/[end_col] are 0-based byte columns, printed 1-based as
// CPython does. Sets the attributes filename, lineno, offset, end_lineno,
// end_offset, text (the source line, read from [src] when given) and msg.
Value err_syntax(Type *t, Str *filename, const char *src, int line, int col, int end_line,
                 int end_col, const char *fmt, ...);

// Create an exception instance of class [t] with arguments [args] (no
// __init__ of user subclasses is run).
Exc *exc_new(Type *t, Tuple *args);

// Print [exc] with its traceback and chained causes to [out], as CPython's
// default excepthook does.
void exc_print(Value exc, FILE *out);

#endif
