// err.c — raising and fetching exceptions, the builtin exception classes,
// and printing tracebacks the way CPython's default excepthook does.
#include "err.h"

#include "containers.h"
#include "fileobj.h"
#include "frame.h"
#include "func.h"
#include "num.h"
#include "ops.h"
#include "str.h"
#include "type.h"
#include "vm.h"

#include <string.h>

// ---- raising ----------------------------------------------------------------

Exc *exc_new(Type *t, Tuple *args) {
    Exc *e = (Exc *)obj_alloc(t, t->inst_size > sizeof(Exc) ? t->inst_size : sizeof(Exc));
    e->args = args ? args : EMPTY_TUPLE;
    e->traceback = VAL_NONE;
    e->cause = VAL_NONE;
    e->context = VAL_NONE;
    e->value = VAL_NONE;
    if (t->flags & TF_HAS_DICT) e->dict = dict_new();
    if (type_is_subtype(t, &StopIterationType) && e->args->len > 0) e->value = e->args->items[0];
    return e;
}

// Set [exc] pending, linking the handled exception as its __context__.
static void set_pending(Value exc) {
    Exc *e = (Exc *)exc;
    if (vm.exc_info && vm.exc_info != VAL_NONE && vm.exc_info != exc && e->context == VAL_NONE) {
        // Avoid cycles in the context chain, as CPython does.
        Value c = vm.exc_info;
        Exc *o = (Exc *)c;
        while (o && (Value)o != VAL_NONE) {
            if (o->context == exc) {
                o->context = VAL_NONE;
                break;
            }
            o = (Exc *)o->context;
        }
        e->context = vm.exc_info;
    }
    vm.exc = exc;
}

Value err_raise_args(Type *t, Tuple *args) {
    set_pending((Value)exc_new(t, args));
    return VAL_NULL;
}

Value err_format(Type *t, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    Str *msg = str_vprintf(fmt, ap);
    va_end(ap);
    return err_raise_args(t, tuple_pack(1, (Value)msg));
}

Value err_raise(Value exc) {
    if (val_is(exc, &TypeType)) exc = (Value)exc_new((Type *)exc, NULL);
    set_pending(exc);
    return VAL_NULL;
}

Value err_key(Value key) {
    return err_raise_args(&KeyErrorType, tuple_pack(1, key));
}

bool err_occurred(void) {
    return vm.exc != VAL_NULL;
}

bool err_matches(Type *t) {
    return vm.exc && val_isinstance(vm.exc, t);
}

Value err_fetch(void) {
    Value e = vm.exc;
    vm.exc = VAL_NULL;
    return e;
}

void err_clear(void) {
    vm.exc = VAL_NULL;
}

// The character column of byte column [col] on line [line] of [src]
// (negative columns are CPython's special markers and stay as they are).
static int char_column(const char *src, int line, int col) {
    if (col <= 0 || line < 1) return col;
    const char *p = src;
    for (int l = 1; l < line && *p; p++)
        if (*p == '\n') l++;
    // As CPython: the 1-based offset is the number of characters in the
    // first col + 1 bytes (a partial UTF-8 sequence counts as one).
    int chars = 0;
    for (int i = 0; i <= col && p[i]; i++) {
        if (((unsigned char)p[i] & 0xc0) != 0x80) chars++;
        if (p[i] == '\n') break;
    }
    return chars - 1;
}

Value err_syntax(Type *t, Str *filename, const char *src, int line, int col, int end_line,
                 int end_col, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    Str *msg = str_vprintf(fmt, ap);
    va_end(ap);
    Exc *e = exc_new(t, NULL);
    Value text = VAL_NONE;
    if (src && line > 0) {
        const char *p = src;
        for (int l = 1; l < line && *p; p++)
            if (*p == '\n') l++;
        const char *q = p;
        while (*q && *q != '\n') q++;
        StrBuf b;
        strbuf_init(&b);
        strbuf_putn(&b, p, q - p);
        strbuf_putc(&b, '\n');
        text = (Value)strbuf_finish(&b);
    }
    // CPython's offsets count characters, not bytes.
    if (src) {
        col = char_column(src, line, col);
        end_col = char_column(src, end_line, end_col);
    }
    Value fname = filename ? (Value)filename : VAL_NONE;
    e->args =
        tuple_pack(2, (Value)msg,
                   (Value)tuple_pack(6, fname, int_from_i64(line), int_from_i64(col + 1), text,
                                     int_from_i64(end_line), int_from_i64(end_col + 1)));
    dict_set_str(e->dict, str_intern_cstr("msg"), (Value)msg);
    dict_set_str(e->dict, str_intern_cstr("filename"), fname);
    dict_set_str(e->dict, str_intern_cstr("lineno"), int_from_i64(line));
    dict_set_str(e->dict, str_intern_cstr("offset"), int_from_i64(col + 1));
    dict_set_str(e->dict, str_intern_cstr("end_lineno"), int_from_i64(end_line));
    dict_set_str(e->dict, str_intern_cstr("end_offset"), int_from_i64(end_col + 1));
    dict_set_str(e->dict, str_intern_cstr("text"), text);
    set_pending((Value)e);
    return VAL_NULL;
}

// ---- exception type slots -------------------------------------------------------

static Value exc_tp_new(Type *t, Value *args, int nargs, Tuple *kwnames) {
    if (kwnames && kwnames->len)
        return err_format(&TypeErrorType, "%s() takes no keyword arguments", t->name);
    return (Value)exc_new(t, tuple_from(args, nargs));
}

static Value exc_str(Value self) {
    Exc *e = (Exc *)self;
    if (!vm_check_c_stack()) return VAL_NULL; // ValueError(ValueError(...)) nested deeply
    if (val_type(self) == &KeyErrorType || type_is_subtype(val_type(self), &KeyErrorType)) {
        if (e->args->len == 1) return (Value)obj_repr(e->args->items[0]);
    }
    if (e->args->len == 0) return (Value)str_empty();
    if (e->args->len == 1) return (Value)obj_str(e->args->items[0]);
    return (Value)obj_repr((Value)e->args);
}

static Value exc_repr(Value self) {
    Exc *e = (Exc *)self;
    if (!vm_check_c_stack()) return VAL_NULL;
    Type *t = val_type(self);
    if (e->args->len == 1) {
        Str *r = obj_repr(e->args->items[0]);
        if (!r) return VAL_NULL;
        return (Value)str_printf("%S(%S)", t->name_str, r);
    }
    Str *r = obj_repr((Value)e->args);
    if (!r) return VAL_NULL;
    return (Value)str_printf("%S%S", t->name_str, r);
}

static Value exc_getattr(Value self, Str *name) {
    Exc *e = (Exc *)self;
    if (str_eq_cstr(name, "args")) return (Value)e->args;
    if (str_eq_cstr(name, "__traceback__")) return e->traceback;
    if (str_eq_cstr(name, "__cause__")) return e->cause;
    if (str_eq_cstr(name, "__context__")) return e->context;
    if (str_eq_cstr(name, "__suppress_context__")) return val_bool(e->suppress_context);
    if (str_eq_cstr(name, "value") && val_isinstance(self, &StopIterationType)) return e->value;
    if (str_eq_cstr(name, "code") && val_isinstance(self, &SystemExitType))
        return e->args->len == 0   ? VAL_NONE
               : e->args->len == 1 ? e->args->items[0]
                                   : (Value)e->args;
    return VAL_NULL; // generic lookup continues
}

// The exception attributes stored in Exc's fields, with CPython's checks
// (the printing and chaining code relies on their types).
static int exc_setattr(Value self, Str *name, Value v) {
    Exc *e = (Exc *)self;
    static const char *const fields[] = {"args", "__traceback__", "__cause__", "__context__", NULL};
    for (int i = 0; fields[i]; i++)
        if (!v && str_eq_cstr(name, fields[i])) {
            err_format(&TypeErrorType, "%s may not be deleted", fields[i]);
            return -1;
        }
    if (str_eq_cstr(name, "__cause__") || str_eq_cstr(name, "__context__")) {
        bool cause = name->data[2] == 'c' && name->data[3] == 'a';
        if (v != VAL_NONE && !val_isinstance(v, &BaseExceptionType)) {
            err_format(&TypeErrorType, "exception %s must be None or derive from BaseException",
                       cause ? "cause" : "context");
            return -1;
        }
        if (cause) {
            e->cause = v;
            e->suppress_context = 1;
        } else {
            e->context = v;
        }
        return 1;
    }
    if (str_eq_cstr(name, "__traceback__")) {
        if (v != VAL_NONE && !val_is(v, &TracebackType)) {
            err_format(&TypeErrorType, "__traceback__ must be a traceback or None");
            return -1;
        }
        e->traceback = v;
        return 1;
    }
    if (str_eq_cstr(name, "__suppress_context__")) {
        if (!v) {
            err_format(&TypeErrorType, "can't delete numeric/char attribute");
            return -1;
        }
        if (!val_is(v, &BoolType)) {
            err_format(&TypeErrorType, "attribute value type must be bool");
            return -1;
        }
        e->suppress_context = v == VAL_TRUE;
        return 1;
    }
    if (str_eq_cstr(name, "args")) {
        Tuple *t = val_is(v, &TupleType) ? (Tuple *)v : tuple_from_iterable(v);
        if (!t) return -1;
        e->args = t;
        return 1;
    }
    return 0; // generic store continues
}

#define X(c, py, b)                                                                                \
    Type c##Type = {                                                                               \
        .obj = {&TypeType},                                                                        \
        .name = py,                                                                                \
        .base = &b##Type,                                                                          \
        .flags = TF_BASETYPE | TF_EXCEPTION | TF_HAS_DICT,                                         \
        .inst_size = sizeof(Exc),                                                                  \
        .tp_new = exc_tp_new,                                                                      \
        .tp_repr = exc_repr,                                                                       \
        .tp_str = exc_str,                                                                         \
        .tp_getattr = exc_getattr,                                                                 \
        .tp_setattr = exc_setattr,                                                                 \
    };
EXC_TYPE_LIST(X)
#undef X

static Value exc_with_traceback(Value *args, int nargs, Tuple *kwnames) {
    if (!args_check("with_traceback", nargs, kwnames, 2, 2)) return VAL_NULL;
    if (args[1] != VAL_NONE && !val_is(args[1], &TracebackType))
        return err_format(&TypeErrorType, "__traceback__ must be a traceback or None");
    ((Exc *)args[0])->traceback = args[1];
    return args[0];
}

static const MethodDef exc_methods[] = {
    {"with_traceback", exc_with_traceback, 0, NULL},
    {NULL, NULL, 0, NULL},
};

// Ready the exception classes (start-up).
void exc_init(void) {
#define X(c, py, b) type_ready(&c##Type);
    EXC_TYPE_LIST(X)
#undef X
    type_add_methods(&BaseExceptionType, exc_methods);
}

// ---- printing ------------------------------------------------------------------------

// Cache of source files for traceback lines.
static Dict *source_cache;

static Str *source_line(Str *filename, int line) {
    if (!source_cache) source_cache = dict_new();
    Value lines = dict_get_str(source_cache, filename);
    if (!lines) {
        List *l = list_new(0);
        FILE *f = fopen(filename->data, "rb");
        if (f) {
            StrBuf b;
            strbuf_init(&b);
            int c;
            while ((c = fgetc(f)) != EOF) {
                if (c == '\n') {
                    list_append(l, (Value)strbuf_finish(&b));
                    strbuf_init(&b);
                } else {
                    strbuf_putc(&b, (char)c);
                }
            }
            if (b.len) list_append(l, (Value)strbuf_finish(&b));
            fclose(f);
        }
        lines = (Value)l;
        dict_set_str(source_cache, filename, lines);
    }
    List *l = (List *)lines;
    if (line < 1 || line > l->len) return NULL;
    return (Str *)l->items[line - 1];
}

static void print_source_line(FILE *out, Str *filename, int line) {
    Str *s = source_line(filename, line);
    if (!s) return;
    const char *p = s->data, *e = s->data + s->len;
    while (p < e && (*p == ' ' || *p == '\t' || *p == '\f')) p++;
    while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\f')) e--;
    if (e > p) fprintf(out, "    %.*s\n", (int)(e - p), p);
}

static void print_exc_line(Value exc, FILE *out) {
    Type *t = val_type(exc);
    Str *mod = t->module;
    if (mod && !str_eq_cstr(mod, "builtins") && !str_eq_cstr(mod, "__main__"))
        fprintf(out, "%s.", mod->data);
    fputs(t->qualname ? t->qualname->data : t->name, out);
    Str *s = obj_str(exc);
    if (!s) {
        err_clear();
        fputs(": <exception str() failed>\n", out);
        return;
    }
    if (s->len) fprintf(out, ": %s", s->data);
    fputc('\n', out);
}

static void print_syntax_error(Value exc, FILE *out) {
    Exc *e = (Exc *)exc;
    Value fname = dict_get_str(e->dict, str_intern_cstr("filename"));
    Value lineno = dict_get_str(e->dict, str_intern_cstr("lineno"));
    Value offset = dict_get_str(e->dict, str_intern_cstr("offset"));
    Value end_lineno = dict_get_str(e->dict, str_intern_cstr("end_lineno"));
    Value end_offset = dict_get_str(e->dict, str_intern_cstr("end_offset"));
    Value text = dict_get_str(e->dict, str_intern_cstr("text"));
    Value msg = dict_get_str(e->dict, str_intern_cstr("msg"));
    if (fname && val_is(fname, &StrType) && lineno && val_is_int(lineno))
        fprintf(out, "  File \"%s\", line %lld\n", ((Str *)fname)->data,
                (long long)int_value(lineno));
    if (text && val_is(text, &StrType)) {
        Str *t = (Str *)text;
        const char *p = t->data, *end = t->data + t->len;
        while (end > p && (end[-1] == '\n' || end[-1] == '\r')) end--;
        int64_t lead = 0;
        while (p + lead < end && (p[lead] == ' ' || p[lead] == '\t' || p[lead] == '\f')) lead++;
        // CPython strips trailing whitespace as well.
        const char *e2 = end;
        while (e2 > p + lead && (e2[-1] == ' ' || e2[-1] == '\t')) e2--;
        fprintf(out, "    %.*s\n", (int)(e2 - p - lead), p + lead);
        if (offset && val_is_int(offset) && int_value(offset) - 1 - lead >= 0) {
            // Columns count characters; the line is UTF-8.
            int64_t off = int_value(offset) - 1 - lead;
            int64_t endoff = off + 1;
            // CPython ignores end_offset for IndentationError and TabError.
            bool single = val_isinstance(exc, &IndentationErrorType);
            if (!single && end_offset && val_is_int(end_offset) && end_lineno &&
                val_is_int(end_lineno) && int_value(end_lineno) == int_value(lineno) &&
                int_value(end_offset) > int_value(offset))
                endoff = int_value(end_offset) - 1 - lead;
            if (off < 0) off = 0;
            if (endoff <= off) endoff = off + 1;
            int64_t linelen = e2 - p - lead;
            if (off > linelen) off = linelen;
            if (endoff > linelen + 1) endoff = linelen + 1;
            if (endoff <= off) endoff = off + 1;
            fputs("    ", out);
            for (int64_t i = 0; i < off; i++) fputc(' ', out);
            for (int64_t i = off; i < endoff; i++) fputc('^', out);
            fputc('\n', out);
        }
    }
    Type *t = val_type(exc);
    fputs(t->qualname ? t->qualname->data : t->name, out);
    if (msg && val_is(msg, &StrType)) fprintf(out, ": %s", ((Str *)msg)->data);
    fputc('\n', out);
}

static void print_one(Value exc, FILE *out) {
    Exc *e = (Exc *)exc;
    if (e->traceback && e->traceback != VAL_NONE) {
        fputs("Traceback (most recent call last):\n", out);
        // As CPython: at most 1000 entries (the newest), and runs of more
        // than 3 identical entries collapsed.
        int64_t depth = 0;
        for (Traceback *tb = (Traceback *)e->traceback; tb; tb = tb->next) depth++;
        Traceback *tb = (Traceback *)e->traceback;
        for (; depth > 1000; depth--) tb = tb->next;
        Str *last_file = NULL, *last_name = NULL;
        int last_line = -1;
        int64_t cnt = 0;
        for (; tb; tb = tb->next) {
            Code *c = tb->frame->code;
            if (!last_file || !str_eq(c->filename, last_file) || tb->line != last_line ||
                !str_eq(c->name, last_name)) {
                if (cnt > 3)
                    fprintf(out, "  [Previous line repeated %lld more time%s]\n",
                            (long long)(cnt - 3), cnt - 3 > 1 ? "s" : "");
                last_file = c->filename;
                last_line = tb->line;
                last_name = c->name;
                cnt = 0;
            }
            cnt++;
            if (cnt <= 3) {
                fprintf(out, "  File \"%s\", line %d, in %s\n", c->filename->data, tb->line,
                        c->name->data);
                print_source_line(out, c->filename, tb->line);
            }
        }
        if (cnt > 3)
            fprintf(out, "  [Previous line repeated %lld more time%s]\n", (long long)(cnt - 3),
                    cnt - 3 > 1 ? "s" : "");
    }
    if (val_isinstance(exc, &SyntaxErrorType) && dict_get_str(e->dict, str_intern_cstr("msg")))
        print_syntax_error(exc, out);
    else
        print_exc_line(exc, out);
}

static void print_chain(Value exc, FILE *out, List *seen) {
    for (int64_t i = 0; i < seen->len; i++)
        if (seen->items[i] == exc) return;
    list_append(seen, exc);
    Exc *e = (Exc *)exc;
    if (e->cause != VAL_NONE && val_isinstance(e->cause, &BaseExceptionType)) {
        print_chain(e->cause, out, seen);
        fputs("\nThe above exception was the direct cause of the following exception:\n\n", out);
    } else if (e->context != VAL_NONE && !e->suppress_context &&
               val_isinstance(e->context, &BaseExceptionType)) {
        print_chain(e->context, out, seen);
        fputs("\nDuring handling of the above exception, another exception occurred:\n\n", out);
    }
    print_one(exc, out);
}

void exc_print(Value exc, FILE *out) {
    file_flush(file_stdout());
    Value saved = err_fetch();
    print_chain(exc, out, list_new(0));
    fflush(out);
    vm.exc = saved;
}
