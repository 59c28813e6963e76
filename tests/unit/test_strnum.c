// test_strnum.c — replays strnum_cases.h (generated with CPython 3.11 by
// gen_strnum_cases.py) against prickle's str/bytes/int/float code: float
// repr and hash, arithmetic and comparisons, round(), constructors,
// format(), `%` and str.format, and the str/bytes/number methods. Each case
// compares the repr of the result (or "Type: message" of the exception).
#include "containers.h"
#include "err.h"
#include "num.h"
#include "ops.h"
#include "str.h"
#include "type.h"
#include "vm.h"

#include <stdlib.h>
#include <string.h>

#include "strnum_cases.h"

Value num_round(Value x, Value ndigits);
Value str_format_call(Str *fmt, Value *args, int nargs, Tuple *kwnames);

static int hexval(char c) {
    return c <= '9' ? c - '0' : c - 'a' + 10;
}

// Parse one encoded value at *pp (see gen_strnum_cases.py: enc()).
static Value parse_value(const char **pp) {
    const char *p = *pp;
    while (*p == ' ') p++;
    char k = *p++;
    Value v = VAL_NONE;
    switch (k) {
    case 'N': v = VAL_NONE; break;
    case 'T': v = VAL_TRUE; break;
    case 'F': v = VAL_FALSE; break;
    case 'i': v = int_from_i64(strtoll(p, (char **)&p, 10)); break;
    case 'f': {
        uint64_t bits = strtoull(p, (char **)&p, 16);
        double d;
        memcpy(&d, &bits, 8);
        v = float_new(d);
        break;
    }
    case 's':
    case 'b': {
        const char *q = p;
        while (*q && *q != ' ' && *q != ')' && *q != ']' && *q != '}') q++;
        int64_t n = (q - p) / 2;
        char *buf = GC_MALLOC_ATOMIC((size_t)n + 1);
        for (int64_t i = 0; i < n; i++)
            buf[i] = (char)(hexval(p[2 * i]) * 16 + hexval(p[2 * i + 1]));
        buf[n] = 0;
        if (k == 's')
            v = (Value)str_new(buf, n);
        else {
            extern Value bytes_from_raw(const uint8_t *p, int64_t len);
            v = bytes_from_raw((const uint8_t *)buf, n);
        }
        p = q;
        break;
    }
    case '(':
    case '[':
    case '{': {
        char close = k == '(' ? ')' : k == '[' ? ']' : '}';
        List *l = list_new(0);
        for (;;) {
            while (*p == ' ') p++;
            if (*p == close) {
                p++;
                break;
            }
            list_append(l, parse_value(&p));
        }
        if (k == '(')
            v = (Value)tuple_from(l->items, l->len);
        else if (k == '[')
            v = (Value)l;
        else {
            Dict *d = dict_new();
            for (int64_t i = 0; i + 1 < l->len; i += 2) dict_set(d, l->items[i], l->items[i + 1]);
            v = (Value)d;
        }
        break;
    }
    default: fprintf(stderr, "bad encoding at %s\n", p - 1); exit(2);
    }
    *pp = p;
    return v;
}

// Call the method [name] of [args[0]] with the positional args (and the
// trailing dict as keywords when [kw]).
static Value call_method(const char *name, List *args, bool kw) {
    Value self = args->items[0];
    Value m = type_lookup(val_type(self), str_intern_cstr(name));
    if (!m) return err_format(&AttributeErrorType, "no method %s", name);
    Value argv[32];
    int n = 0;
    Tuple *kwnames = NULL;
    int64_t npos = kw ? args->len - 1 : args->len;
    if (val_is(m, &StaticMethodType)) {
        m = ((StaticMethod *)m)->func;
        for (int64_t i = 1; i < npos; i++) argv[n++] = args->items[i];
    } else if (val_is(m, &ClassMethodType)) {
        m = ((ClassMethod *)m)->func;
        argv[n++] = (Value)val_type(self);
        for (int64_t i = 1; i < npos; i++) argv[n++] = args->items[i];
    } else {
        for (int64_t i = 0; i < npos; i++) argv[n++] = args->items[i];
    }
    if (kw) {
        Dict *d = (Dict *)args->items[args->len - 1];
        List *names = list_new(0);
        int64_t pos = 0;
        Value k, v;
        while (dict_next(d, &pos, &k, &v)) {
            list_append(names, (Value)str_intern((Str *)k));
            argv[n++] = v;
        }
        kwnames = tuple_from(names->items, names->len);
    }
    return ((Builtin *)m)->fn(argv, n, kwnames);
}

static Value run_case(const char *op, List *a) {
    Value *x = a->items;
    if (!strcmp(op, "repr")) return x[0];
    if (!strcmp(op, "hash")) {
        if (val_is(x[0], &BytesType)) {
            int64_t h = obj_hash(x[0]);
            return h == -1 ? VAL_NULL : VAL_TRUE;
        }
        if (val_is(x[0], &FloatType) && float_value(x[0]) != float_value(x[0]))
            return int_from_i64(0);
        int64_t h = obj_hash(x[0]);
        return h == -1 && err_occurred() ? VAL_NULL : int_from_i64(h);
    }
    if (!strcmp(op, "len")) {
        int64_t n = obj_len(x[0]);
        return n < 0 ? VAL_NULL : int_from_i64(n);
    }
    if (!strcmp(op, "list")) return (Value)list_from_iterable(x[0]);
    if (!strcmp(op, "getattr")) return obj_getattr(x[0], str_intern((Str *)x[1]));
    if (!strcmp(op, "format")) return (Value)format_value_spec(x[0], (Str *)x[1]);
    if (!strcmp(op, "mod")) return str_mod_format((Str *)x[0], x[1]);
    if (!strcmp(op, "round")) return num_round(x[0], x[1]);
    if (!strcmp(op, "contains")) {
        int r = obj_contains(x[0], x[1]);
        return r < 0 ? VAL_NULL : val_bool(r);
    }
    if (!strcmp(op, "getitem")) return obj_getitem(x[0], x[1]);
    if (!strcmp(op, "slice")) return obj_getitem(x[0], slice_new(x[1], x[2], x[3]));
    if (!strncmp(op, "binop:", 6)) return obj_binop((BinOp)atoi(op + 6), x[0], x[1]);
    if (!strncmp(op, "cmp:", 4)) return obj_compare(x[0], x[1], (CmpOp)atoi(op + 4));
    if (!strncmp(op, "method:", 7)) return call_method(op + 7, a, false);
    if (!strncmp(op, "methkw:", 7)) return call_method(op + 7, a, true);
    if (!strcmp(op, "strformat")) return str_format_call((Str *)x[0], x + 1, (int)a->len - 1, NULL);
    if (!strcmp(op, "strformatkw")) {
        Dict *d = (Dict *)x[a->len - 1];
        Value argv[32];
        int n = 0;
        for (int64_t i = 1; i < a->len - 1; i++) argv[n++] = x[i];
        List *names = list_new(0);
        int64_t pos = 0;
        Value k, v;
        while (dict_next(d, &pos, &k, &v)) {
            list_append(names, k);
            argv[n++] = v;
        }
        return str_format_call((Str *)x[0], argv, n, tuple_from(names->items, names->len));
    }
    if (!strcmp(op, "maketrans3")) {
        List *l = list_new(0);
        list_append(l, (Value)str_empty());
        for (int64_t i = 0; i < a->len; i++) list_append(l, x[i]);
        return call_method("maketrans", l, false);
    }
    if (!strncmp(op, "frombytes", 9)) {
        List *l = list_new(0);
        list_append(l, int_from_i64(0));
        for (int64_t i = 0; i < a->len; i++) list_append(l, x[i]);
        return call_method("from_bytes", l, op[9] == 'k');
    }
    if (!strcmp(op, "fromhex")) {
        List *l = list_new(0);
        list_append(l, float_new(0));
        list_append(l, x[0]);
        return call_method("fromhex", l, false);
    }
    if (!strncmp(op, "call:", 5)) {
        const char *t = op + 5;
        Type *ty = !strcmp(t, "int")     ? &IntType
                   : !strcmp(t, "float") ? &FloatType
                   : !strcmp(t, "str")   ? &StrType
                   : !strcmp(t, "bool")  ? &BoolType
                                         : &BytesType;
        return ty->tp_new(ty, x, (int)a->len, NULL);
    }
    fprintf(stderr, "unknown op %s\n", op);
    exit(2);
}

int main(int argc, char **argv) {
    vm_init(0, NULL);
    const char *only = argc > 1 ? argv[1] : NULL;
    int fails = 0, total = 0;
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        if (only && !strstr(CASES[i].op, only)) continue;
        total++;
        const char *p = CASES[i].args;
        List *args = list_new(0);
        while (*p) {
            list_append(args, parse_value(&p));
            while (*p == ' ') p++;
        }
        Value r = run_case(CASES[i].op, args);
        Str *got;
        if (r) {
            Str *rep = obj_repr(r);
            got = str_concat(str_from_cstr("R"), rep ? rep : str_from_cstr("<repr failed>"));
        } else {
            Value e = err_fetch();
            if (!e)
                got = str_from_cstr("<NULL without exception>");
            else {
                Str *msg = obj_str(e);
                if (!msg) {
                    err_clear();
                    msg = str_from_cstr("<str failed>");
                }
                got = str_printf("E%s: %S", val_type(e)->name, msg);
            }
        }
        if (strcmp(got->data, CASES[i].expect) != 0) {
            if (fails < 200)
                printf("FAIL %s [%s]\n  want %s\n  got  %s\n", CASES[i].op, CASES[i].args,
                       CASES[i].expect, got->data);
            fails++;
        }
    }
    printf("%d/%d cases passed\n", total - fails, total);
    return fails ? 1 : 0;
}
