// helper.c — helper records, the registry of helper names used by the
// frame format to find a helper's step function again, and the field
// descriptors (HELPER_FIELD_TYPES) that let a decoded record be checked
// before it runs.
#include "helper.h"

#include "containers.h"
#include "err.h"
#include "ops.h"
#include "str.h"
#include "tasklet.h"
#include "vm.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static Value helper_repr(Value self) {
    Helper *h = (Helper *)self;
    return (Value)str_printf("<helper %s at %s>", h->def->name,
                             h->label >= 0 && h->label < h->def->nlabels ? h->def->labels[h->label]
                                                                         : "?");
}

Type HelperType = {
    .obj = {&TypeType},
    .name = "helper",
    .inst_size = sizeof(Helper),
    .tp_repr = helper_repr,
};

Helper *helper_new(const HelperDef *def) {
    if (def->nfields < 0) helper_register(def);
    Helper *h =
        (Helper *)obj_alloc(&HelperType, sizeof(Helper) + sizeof(Value) * (size_t)def->nfields);
    h->def = def;
    for (int i = 0; i < def->nfields; i++) h->fields[i] = VAL_NONE;
    return h;
}

// ---- the registry ------------------------------------------------------------------------

#define MAX_HELPERS 512
static const HelperDef *registry[MAX_HELPERS];
static int nregistry;
// By name: open addressing over twice as many slots (decoders look every
// helper record's name up).
static const HelperDef *by_name[2 * MAX_HELPERS];

static size_t name_slot(const char *name) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        h = (h ^ *p) * 0x100000001b3ull;
    return (size_t)(h & (2 * MAX_HELPERS - 1));
}

static void die(const HelperDef *def, const char *what) {
    fprintf(stderr, "prickle: helper '%s' (descriptor \"%s\"): %s\n", def->name ? def->name : "?",
            def->descriptor ? def->descriptor : "", what);
    abort();
}

static bool is_name_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_name_char(char c) {
    return is_name_start(c) || (c >= '0' && c <= '9');
}

// Parse def->descriptor into nfields, fields and ftypes (start-up; aborts
// on a malformed descriptor).
static void parse_descriptor(HelperDef *def) {
    const char *d = def->descriptor;
    if (!d) die(def, "no field descriptor");
    int n = 0;
    for (const char *p = d; *p; p++) n += *p == ':';
    const char **names = malloc(sizeof(char *) * (size_t)(n + 1));
    char *types = malloc((size_t)n + 1);
    if (!names || !types) die(def, "out of memory");
    int i = 0;
    const char *p = d;
    while (*p == ' ') p++;
    while (*p) {
        const char *start = p;
        if (!is_name_start(*p)) die(def, "a field name must start with a letter or '_'");
        while (is_name_char(*p)) p++;
        if (*p != ':') die(def, "expected ':' after a field name");
        size_t len = (size_t)(p - start);
        p++;
        if (!*p || !helper_type_name(*p)) die(def, "unknown field type letter");
        char type = *p++;
        if (*p && *p != ' ') die(def, "a field type is one letter, followed by a space");
        char *name = malloc(len + 1);
        if (!name) die(def, "out of memory");
        memcpy(name, start, len);
        name[len] = 0;
        for (int j = 0; j < i; j++)
            if (strcmp(names[j], name) == 0) die(def, "duplicate field name");
        names[i] = name;
        types[i] = type;
        i++;
        while (*p == ' ') p++;
    }
    if (i != n) die(def, "malformed field descriptor");
    names[n] = NULL;
    types[n] = 0;
    def->fields = names;
    def->ftypes = types;
    def->nfields = n;
}

void helper_register(const HelperDef *cdef) {
    for (int i = 0; i < nregistry; i++)
        if (registry[i] == cdef) return;
    // HelperDefs are never const objects (HELPER): filling them in is allowed.
    HelperDef *def = (HelperDef *)cdef;
    if (!def->name || !def->step) die(def, "no name or step function");
    if (def->nlabels < 1 || !def->labels) die(def, "no resume labels");
    if (helper_lookup(def->name)) die(def, "a helper of this name is already registered");
    if (nregistry == MAX_HELPERS) die(def, "too many helpers (raise MAX_HELPERS)");
    if (def->nfields < 0 || !def->ftypes) parse_descriptor(def);
    registry[nregistry++] = def;
    size_t j = name_slot(def->name);
    while (by_name[j]) j = (j + 1) & (2 * MAX_HELPERS - 1);
    by_name[j] = def;
}

void helper_expect_nfields(const HelperDef *def, int nfields) {
    if (def->nfields != nfields) {
        char msg[64];
        snprintf(msg, sizeof msg, "%d fields declared, %d expected", def->nfields, nfields);
        die(def, msg);
    }
}

const HelperDef *helper_lookup(const char *name) {
    for (size_t j = name_slot(name); by_name[j]; j = (j + 1) & (2 * MAX_HELPERS - 1))
        if (strcmp(by_name[j]->name, name) == 0) return by_name[j];
    return NULL;
}

int helper_count(void) {
    return nregistry;
}

const HelperDef *helper_nth(int i) {
    return i >= 0 && i < nregistry ? registry[i] : NULL;
}

// ---- field types -----------------------------------------------------------------------------

const char *helper_type_name(char type) {
    switch (type) {
#define X(letter, text)                                                                            \
    case letter: return text;
        HELPER_FIELD_TYPES(X)
#undef X
    default: return NULL;
    }
}

static bool kwdict_ok(Value v) {
    if (!val_is(v, &DictType)) return false;
    Dict *d = (Dict *)v;
    int64_t pos = 0;
    Value k, x;
    while (dict_next(d, &pos, &k, &x))
        if (!val_is(k, &StrType)) return false;
    return true;
}

bool helper_type_ok(const HelperDef *def, char type, Value v) {
    if (type == 'V') return true;
    if (!v) return false;
    if (type >= 'A' && type <= 'Z') {
        if (v == VAL_NONE) return true;
        type = (char)(type - 'A' + 'a');
    }
    switch (type) {
    case 'v': return true;
    case 'i': return val_is_small(v);
    case 'b': return v == VAL_TRUE || v == VAL_FALSE;
    case 't': return val_is(v, &TupleType);
    case 'l': return val_is(v, &ListType);
    case 'd': return val_is(v, &DictType);
    case 'w': return kwdict_ok(v);
    case 's': return val_is(v, &StrType);
    case 'f': return val_is(v, &FloatType);
    case 'g': return val_is(v, &GeneratorType);
    case 'k': return val_isinstance(v, &TaskletType);
    case 'c': return val_isinstance(v, &ChannelType);
    case 'y': return val_is(v, &TypeType);
    case 'm': return val_is(v, &ModuleType);
    case 'n': return def && val_type(v)->next_helper == def;
    default: return false;
    }
}

// ---- checking records ------------------------------------------------------------------------

static const char *label_name(Helper *h) {
    const HelperDef *def = h->def;
    return h->label >= 0 && h->label < def->nlabels ? def->labels[h->label] : "?";
}

bool helper_field_error(Helper *h, int field, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    Str *msg = str_vprintf(fmt, ap);
    va_end(ap);
    const HelperDef *def = h->def;
    if (field >= 0 && field < def->nfields)
        err_format(&ValueErrorType, "helper '%s' field '%s' (at label '%s'): %S", def->name,
                   def->fields[field], label_name(h), msg);
    else
        err_format(&ValueErrorType, "helper '%s' (at label '%s'): %S", def->name, label_name(h),
                   msg);
    return false;
}

bool helper_check_fields(Helper *h) {
    const HelperDef *def = h->def;
    if (!def || def->nfields < 0) {
        err_format(&ValueErrorType, "helper record of an unregistered helper");
        return false;
    }
    if (h->label < 0 || h->label >= def->nlabels) {
        err_format(&ValueErrorType, "helper '%s': resume label %d out of range (%d labels)",
                   def->name, (int)h->label, def->nlabels);
        return false;
    }
    for (int i = 0; i < def->nfields; i++) {
        Value v = h->fields[i];
        if (!helper_type_ok(def, def->ftypes[i], v))
            return helper_field_error(h, i, "expected %s, got %s", helper_type_name(def->ftypes[i]),
                                      v ? obj_type_name(v) : "nothing (unset)");
    }
    return !def->validate || def->validate(h);
}

bool helper_check_self(Helper *h, Type *t) {
    Tuple *a = (Tuple *)h->fields[HF_ARGS];
    if (h->def->nfields <= HF_ARGS || !h->fields[HF_ARGS] ||
        !val_is(h->fields[HF_ARGS], &TupleType))
        return helper_field_error(h, HF_ARGS, "expected a tuple of arguments");
    if (a->len < 1) return helper_field_error(h, HF_ARGS, "no self argument");
    if (!val_isinstance(a->items[0], t))
        return helper_field_error(h, HF_ARGS, "self must be a '%s' object, not '%s'", t->name,
                                  obj_type_name(a->items[0]));
    return true;
}

Value helper_run(Helper *h) {
    return vm_run_helper(h);
}
