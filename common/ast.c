// ast.c — allocation of AST nodes and a debug dump in the format of Python's
// ast.dump().
//
// The dump is a development aid (for the compiler writer and the parser
// tests): ast_dump_ex(n, out, 1) prints exactly what CPython 3.11's
// `ast.dump(tree, include_attributes=True)` prints for the same program.
#include "ast.h"
#include "num.h"
#include "str.h"

#include <string.h>

Node *ast_new(NodeKind kind, int line, int col) {
    Node *n = gc_alloc(sizeof(Node));
    n->kind = kind;
    n->line = n->end_line = line;
    n->col = n->end_col = col;
    return n;
}

void ast_list_push(NodeList *l, Node *n) {
    if (l->len == l->cap) {
        int cap = l->cap ? l->cap * 2 : 4;
        Node **items = gc_alloc(sizeof(Node *) * (size_t)cap);
        if (l->len) memcpy(items, l->items, sizeof(Node *) * (size_t)l->len);
        l->items = items;
        l->cap = cap;
    }
    l->items[l->len++] = n;
}

// ---- dump ---------------------------------------------------------------------

typedef struct {
    FILE *out;
    int attrs;
    int nfields; // fields printed so far in the current node
} Dumper;

static void dump_node(Dumper *d, Node *n);

static const char *binop_name(BinOp op) {
    switch (op) {
    case BINOP_ADD: return "Add";
    case BINOP_SUB: return "Sub";
    case BINOP_MUL: return "Mult";
    case BINOP_TRUEDIV: return "Div";
    case BINOP_FLOORDIV: return "FloorDiv";
    case BINOP_MOD: return "Mod";
    case BINOP_POW: return "Pow";
    case BINOP_LSHIFT: return "LShift";
    case BINOP_RSHIFT: return "RShift";
    case BINOP_AND: return "BitAnd";
    case BINOP_OR: return "BitOr";
    case BINOP_XOR: return "BitXor";
    case BINOP_MATMUL: return "MatMult";
    default: return "?";
    }
}

static const char *cmp_name(CmpKind k) {
    switch (k) {
    case CK_LT: return "Lt";
    case CK_LE: return "LtE";
    case CK_EQ: return "Eq";
    case CK_NE: return "NotEq";
    case CK_GT: return "Gt";
    case CK_GE: return "GtE";
    case CK_IS: return "Is";
    case CK_ISNOT: return "IsNot";
    case CK_IN: return "In";
    case CK_NOTIN: return "NotIn";
    }
    return "?";
}

static const char *ctx_name(ExprCtx c) {
    return c == CTX_STORE ? "Store()" : c == CTX_DEL ? "Del()" : "Load()";
}

// Start a field: separator and "name=".
static void field(Dumper *d, const char *name) {
    fprintf(d->out, "%s%s=", d->nfields++ ? ", " : "", name);
}

static void f_node(Dumper *d, const char *name, Node *n) {
    field(d, name);
    if (n) {
        int saved = d->nfields;
        dump_node(d, n);
        d->nfields = saved;
    } else {
        fputs("None", d->out);
    }
}

// An optional field: omitted when NULL (as ast.dump does for `expr?`).
static void f_opt(Dumper *d, const char *name, Node *n) {
    if (n) f_node(d, name, n);
}

static void f_list(Dumper *d, const char *name, NodeList *l) {
    field(d, name);
    fputc('[', d->out);
    int saved = d->nfields;
    for (int i = 0; i < l->len; i++) {
        if (i) fputs(", ", d->out);
        if (l->items[i])
            dump_node(d, l->items[i]);
        else
            fputs("None", d->out);
    }
    d->nfields = saved;
    fputc(']', d->out);
}

static void put_str_repr(Dumper *d, Str *s) {
    Str *r = str_repr(s);
    fwrite(r->data, 1, (size_t)r->len, d->out);
}

static void f_str(Dumper *d, const char *name, Str *s) {
    field(d, name);
    put_str_repr(d, s);
}

static void f_opt_str(Dumper *d, const char *name, Str *s) {
    if (s) f_str(d, name, s);
}

static void f_raw(Dumper *d, const char *name, const char *text) {
    field(d, name);
    fputs(text, d->out);
}

static void f_int(Dumper *d, const char *name, int v) {
    field(d, name);
    fprintf(d->out, "%d", v);
}

static void put_bytes_repr(FILE *out, Bytes *b) {
    int squote = 0, dquote = 0;
    for (int64_t i = 0; i < b->len; i++) {
        if (b->data[i] == '\'') squote = 1;
        if (b->data[i] == '"') dquote = 1;
    }
    char q = (squote && !dquote) ? '"' : '\'';
    fprintf(out, "b%c", q);
    for (int64_t i = 0; i < b->len; i++) {
        unsigned c = b->data[i];
        if (c == (unsigned)q || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c == '\t')
            fputs("\\t", out);
        else if (c == '\n')
            fputs("\\n", out);
        else if (c == '\r')
            fputs("\\r", out);
        else if (c < 0x20 || c >= 0x7f)
            fprintf(out, "\\x%02x", c);
        else
            fputc((int)c, out);
    }
    fputc(q, out);
}

static void put_constant(Dumper *d, Value v) {
    FILE *out = d->out;
    if (v == VAL_NONE)
        fputs("None", out);
    else if (v == VAL_TRUE)
        fputs("True", out);
    else if (v == VAL_FALSE)
        fputs("False", out);
    else if (v == VAL_ELLIPSIS)
        fputs("Ellipsis", out);
    else if (val_is_int(v))
        fprintf(out, "%lld", (long long)int_value(v));
    else if (val_type(v) == &FloatType) {
        Str *r = float_repr(float_value(v));
        fwrite(r->data, 1, (size_t)r->len, out);
    } else if (val_type(v) == &StrType)
        put_str_repr(d, (Str *)v);
    else if (val_type(v) == &BytesType)
        put_bytes_repr(out, (Bytes *)v);
    else
        fputs("<?>", out);
}

static void dump_arguments(Dumper *d, Node *n) {
    fputs("arguments(", d->out);
    d->nfields = 0;
    f_list(d, "posonlyargs", &n->u.arguments.posonlyargs);
    f_list(d, "args", &n->u.arguments.args);
    f_opt(d, "vararg", n->u.arguments.vararg);
    f_list(d, "kwonlyargs", &n->u.arguments.kwonlyargs);
    f_list(d, "kw_defaults", &n->u.arguments.kw_defaults);
    f_opt(d, "kwarg", n->u.arguments.kwarg);
    f_list(d, "defaults", &n->u.arguments.defaults);
    fputc(')', d->out);
}

static void dump_node(Dumper *d, Node *n) {
    FILE *out = d->out;
    int attrs = 1; // node kinds with a source span in CPython's ast
    d->nfields = 0;
    switch (n->kind) {
    case N_MODULE:
        fputs("Module(", out);
        f_list(d, "body", &n->u.module.body);
        f_raw(d, "type_ignores", "[]");
        attrs = 0;
        break;
    case N_FUNCDEF:
        fputs("FunctionDef(", out);
        f_str(d, "name", n->u.funcdef.name);
        f_node(d, "args", n->u.funcdef.args);
        f_list(d, "body", &n->u.funcdef.body);
        f_list(d, "decorator_list", &n->u.funcdef.decorators);
        f_opt(d, "returns", n->u.funcdef.returns);
        break;
    case N_CLASSDEF:
        fputs("ClassDef(", out);
        f_str(d, "name", n->u.classdef.name);
        f_list(d, "bases", &n->u.classdef.bases);
        f_list(d, "keywords", &n->u.classdef.keywords);
        f_list(d, "body", &n->u.classdef.body);
        f_list(d, "decorator_list", &n->u.classdef.decorators);
        break;
    case N_RETURN:
        fputs("Return(", out);
        f_opt(d, "value", n->u.value.value);
        break;
    case N_DELETE:
        fputs("Delete(", out);
        f_list(d, "targets", &n->u.del.targets);
        break;
    case N_ASSIGN:
        fputs("Assign(", out);
        f_list(d, "targets", &n->u.assign.targets);
        f_node(d, "value", n->u.assign.value);
        break;
    case N_AUGASSIGN:
        fputs("AugAssign(", out);
        f_node(d, "target", n->u.augassign.target);
        field(d, "op");
        fprintf(out, "%s()", binop_name(n->u.augassign.op));
        f_node(d, "value", n->u.augassign.value);
        break;
    case N_ANNASSIGN:
        fputs("AnnAssign(", out);
        f_node(d, "target", n->u.annassign.target);
        f_node(d, "annotation", n->u.annassign.annotation);
        f_opt(d, "value", n->u.annassign.value);
        f_int(d, "simple", n->u.annassign.simple);
        break;
    case N_FOR:
        fputs("For(", out);
        f_node(d, "target", n->u.loop.target);
        f_node(d, "iter", n->u.loop.iter);
        f_list(d, "body", &n->u.loop.body);
        f_list(d, "orelse", &n->u.loop.orelse);
        break;
    case N_WHILE:
        fputs("While(", out);
        f_node(d, "test", n->u.loop.test);
        f_list(d, "body", &n->u.loop.body);
        f_list(d, "orelse", &n->u.loop.orelse);
        break;
    case N_IF:
        fputs("If(", out);
        f_node(d, "test", n->u.if_.test);
        f_list(d, "body", &n->u.if_.body);
        f_list(d, "orelse", &n->u.if_.orelse);
        break;
    case N_WITH:
        fputs("With(", out);
        f_list(d, "items", &n->u.with.items);
        f_list(d, "body", &n->u.with.body);
        break;
    case N_RAISE:
        fputs("Raise(", out);
        f_opt(d, "exc", n->u.raise.exc);
        f_opt(d, "cause", n->u.raise.cause);
        break;
    case N_TRY:
        fputs("Try(", out);
        f_list(d, "body", &n->u.try_.body);
        f_list(d, "handlers", &n->u.try_.handlers);
        f_list(d, "orelse", &n->u.try_.orelse);
        f_list(d, "finalbody", &n->u.try_.finalbody);
        break;
    case N_ASSERT:
        fputs("Assert(", out);
        f_node(d, "test", n->u.assert_.test);
        f_opt(d, "msg", n->u.assert_.msg);
        break;
    case N_IMPORT:
        fputs("Import(", out);
        f_list(d, "names", &n->u.import.names);
        break;
    case N_IMPORTFROM:
        fputs("ImportFrom(", out);
        f_opt_str(d, "module", n->u.import.module);
        f_list(d, "names", &n->u.import.names);
        f_int(d, "level", n->u.import.level);
        break;
    case N_GLOBAL:
    case N_NONLOCAL:
        fputs(n->kind == N_GLOBAL ? "Global(" : "Nonlocal(", out);
        field(d, "names");
        fputc('[', out);
        for (int i = 0; i < n->u.names.len; i++) {
            if (i) fputs(", ", out);
            put_str_repr(d, n->u.names.names[i]);
        }
        fputc(']', out);
        break;
    case N_EXPR:
        fputs("Expr(", out);
        f_node(d, "value", n->u.value.value);
        break;
    case N_PASS: fputs("Pass(", out); break;
    case N_BREAK: fputs("Break(", out); break;
    case N_CONTINUE: fputs("Continue(", out); break;
    case N_BOOLOP:
        fputs("BoolOp(", out);
        f_raw(d, "op", n->u.boolop.is_or ? "Or()" : "And()");
        f_list(d, "values", &n->u.boolop.values);
        break;
    case N_NAMEDEXPR:
        fputs("NamedExpr(", out);
        f_node(d, "target", n->u.namedexpr.target);
        f_node(d, "value", n->u.namedexpr.value);
        break;
    case N_BINOP:
        fputs("BinOp(", out);
        f_node(d, "left", n->u.binop.left);
        field(d, "op");
        fprintf(out, "%s()", binop_name(n->u.binop.op));
        f_node(d, "right", n->u.binop.right);
        break;
    case N_UNARYOP: {
        static const char *names[] = {"USub()", "UAdd()", "Invert()", "Not()"};
        fputs("UnaryOp(", out);
        f_raw(d, "op", names[n->u.unaryop.op]);
        f_node(d, "operand", n->u.unaryop.operand);
        break;
    }
    case N_LAMBDA:
        fputs("Lambda(", out);
        f_node(d, "args", n->u.lambda.args);
        f_node(d, "body", n->u.lambda.body);
        break;
    case N_IFEXP:
        fputs("IfExp(", out);
        f_node(d, "test", n->u.ifexp.test);
        f_node(d, "body", n->u.ifexp.body);
        f_node(d, "orelse", n->u.ifexp.orelse);
        break;
    case N_DICT:
        fputs("Dict(", out);
        f_list(d, "keys", &n->u.dict.keys);
        f_list(d, "values", &n->u.dict.values);
        break;
    case N_SET:
        fputs("Set(", out);
        f_list(d, "elts", &n->u.seq.elts);
        break;
    case N_LISTCOMP:
    case N_SETCOMP:
    case N_GENEXP:
        fputs(n->kind == N_LISTCOMP  ? "ListComp("
              : n->kind == N_SETCOMP ? "SetComp("
                                     : "GeneratorExp(",
              out);
        f_node(d, "elt", n->u.comp.elt);
        f_list(d, "generators", &n->u.comp.generators);
        break;
    case N_DICTCOMP:
        fputs("DictComp(", out);
        f_node(d, "key", n->u.comp.key);
        f_node(d, "value", n->u.comp.elt);
        f_list(d, "generators", &n->u.comp.generators);
        break;
    case N_YIELD:
        fputs("Yield(", out);
        f_opt(d, "value", n->u.value.value);
        break;
    case N_YIELDFROM:
        fputs("YieldFrom(", out);
        f_node(d, "value", n->u.value.value);
        break;
    case N_AWAIT:
        fputs("Await(", out);
        f_node(d, "value", n->u.value.value);
        break;
    case N_COMPARE:
        fputs("Compare(", out);
        f_node(d, "left", n->u.compare.left);
        field(d, "ops");
        fputc('[', out);
        for (int i = 0; i < n->u.compare.comparators.len; i++)
            fprintf(out, "%s%s()", i ? ", " : "", cmp_name(n->u.compare.ops[i]));
        fputc(']', out);
        f_list(d, "comparators", &n->u.compare.comparators);
        break;
    case N_CALL:
        fputs("Call(", out);
        f_node(d, "func", n->u.call.func);
        f_list(d, "args", &n->u.call.args);
        f_list(d, "keywords", &n->u.call.keywords);
        break;
    case N_FORMATTEDVALUE:
        fputs("FormattedValue(", out);
        f_node(d, "value", n->u.fvalue.value);
        f_int(d, "conversion", n->u.fvalue.conversion);
        f_opt(d, "format_spec", n->u.fvalue.format_spec);
        break;
    case N_JOINEDSTR:
        fputs("JoinedStr(", out);
        f_list(d, "values", &n->u.seq.elts);
        break;
    case N_CONSTANT:
        fputs("Constant(", out);
        field(d, "value");
        put_constant(d, n->u.constant.value);
        break;
    case N_ATTRIBUTE:
        fputs("Attribute(", out);
        f_node(d, "value", n->u.attribute.value);
        f_str(d, "attr", n->u.attribute.attr);
        f_raw(d, "ctx", ctx_name(n->u.attribute.ctx));
        break;
    case N_SUBSCRIPT:
        fputs("Subscript(", out);
        f_node(d, "value", n->u.subscript.value);
        f_node(d, "slice", n->u.subscript.slice);
        f_raw(d, "ctx", ctx_name(n->u.subscript.ctx));
        break;
    case N_STARRED:
        fputs("Starred(", out);
        f_node(d, "value", n->u.starred.value);
        f_raw(d, "ctx", ctx_name(n->u.starred.ctx));
        break;
    case N_NAME:
        fputs("Name(", out);
        f_str(d, "id", n->u.name.id);
        f_raw(d, "ctx", ctx_name(n->u.name.ctx));
        break;
    case N_LIST:
    case N_TUPLE:
        fputs(n->kind == N_LIST ? "List(" : "Tuple(", out);
        f_list(d, "elts", &n->u.seq.elts);
        f_raw(d, "ctx", ctx_name(n->u.seq.ctx));
        break;
    case N_SLICE:
        fputs("Slice(", out);
        f_opt(d, "lower", n->u.slice.lower);
        f_opt(d, "upper", n->u.slice.upper);
        f_opt(d, "step", n->u.slice.step);
        break;
    case N_COMPREHENSION:
        fputs("comprehension(", out);
        f_node(d, "target", n->u.comprehension.target);
        f_node(d, "iter", n->u.comprehension.iter);
        f_list(d, "ifs", &n->u.comprehension.ifs);
        f_raw(d, "is_async", "0");
        attrs = 0;
        break;
    case N_EXCEPTHANDLER:
        fputs("ExceptHandler(", out);
        f_opt(d, "type", n->u.handler.type);
        f_opt_str(d, "name", n->u.handler.name);
        f_list(d, "body", &n->u.handler.body);
        break;
    case N_ARGUMENTS:
        dump_arguments(d, n);
        return;
    case N_ARG:
        fputs("arg(", out);
        f_str(d, "arg", n->u.arg.name);
        f_opt(d, "annotation", n->u.arg.annotation);
        break;
    case N_KEYWORD:
        fputs("keyword(", out);
        f_opt_str(d, "arg", n->u.keyword.arg);
        f_node(d, "value", n->u.keyword.value);
        break;
    case N_ALIAS:
        fputs("alias(", out);
        f_str(d, "name", n->u.alias.name);
        f_opt_str(d, "asname", n->u.alias.asname);
        break;
    case N_WITHITEM:
        fputs("withitem(", out);
        f_node(d, "context_expr", n->u.withitem.context_expr);
        f_opt(d, "optional_vars", n->u.withitem.optional_vars);
        attrs = 0;
        break;
    }
    if (attrs && d->attrs) {
        fprintf(out, "%slineno=%d, col_offset=%d, end_lineno=%d, end_col_offset=%d",
                d->nfields ? ", " : "", n->line, n->col, n->end_line, n->end_col);
    }
    fputc(')', out);
}

void ast_dump_ex(Node *n, FILE *out, int include_attributes) {
    Dumper d = {out, include_attributes, 0};
    if (n)
        dump_node(&d, n);
    else
        fputs("None", out);
    fputc('\n', out);
}

void ast_dump(Node *n, FILE *out) { ast_dump_ex(n, out, 0); }
