// code.h — code objects: the compiled form of a function, class body or module.
//
// An instruction is one 32-bit word: opcode in the low 8 bits, argument in
// the high 24 bits. Instruction positions are indices into `instrs` (never
// byte offsets or addresses), which is also how the frame format stores
// them. Exceptions are handled through a static table of ExcEntry ranges
// (CPython 3.11's "zero-cost" scheme): frames carry no block stack.
#ifndef PRICKLE_CODE_H
#define PRICKLE_CODE_H

#include "object.h"
#include "str.h"

// What an instruction's argument means.
typedef enum {
    ARG_NONE,  // unused (0)
    ARG_COUNT, // a number or an operator/flag code
    ARG_CONST, // index into consts
    ARG_NAME,  // index into names
    ARG_LOCAL, // local slot (index into varnames)
    ARG_CELL,  // cell index: cellvars first, then freevars
    ARG_JUMP,  // absolute instruction index
} ArgKind;

// Opcode flags.
enum {
    OPF_JUMP = 1,      // the argument is a jump target
    OPF_RESUMABLE = 2, // a frame may be suspended here (see opcodes.def)
    OPF_TERMINAL = 4,  // never falls through to the next instruction
    OPF_NORAISE = 8,   // never raises (see opcodes.def)
};

typedef enum {
#define OP(name, argkind, effect, jeffect, flags, pops) OP_##name,
#include "opcodes.def"
#undef OP
    OP_COUNT
} Opcode;

// Static facts about each opcode (indexed by Opcode).
typedef struct {
    const char *name;
    ArgKind arg;
    uint8_t flags;
} OpInfo;
extern const OpInfo op_info[OP_COUNT];

// Net stack effect of [op] with argument [arg]; [jump] selects the effect
// when the instruction jumps.
int op_stack_effect(Opcode op, int32_t arg, bool jump);

// Number of values [op] with argument [arg] takes off the stack (it pushes
// that plus its stack effect).
int64_t op_pops(Opcode op, int32_t arg);

#define INSTR(op, arg) ((uint32_t)(op) | ((uint32_t)(arg) << 8))
#define INSTR_OP(w) ((Opcode)((w)&0xffu))
#define INSTR_ARG(w) ((int32_t)((w) >> 8))
#define INSTR_ARG_MAX 0xffffff

// Code flags.
enum {
    CO_VARARGS = 1,     // has *args (the slot after the positional and kw-only args)
    CO_VARKEYWORDS = 2, // has **kwargs (the slot after *args)
    CO_GENERATOR = 4,   // calling creates a generator
    CO_CLASSBODY = 8,   // runs with a locals dict (class body): LOAD_NAME/STORE_NAME
    CO_MODULE = 16,     // module body: locals are the globals
};

// One exception-table entry: an exception raised while ip is in
// [start, end) pops the value stack to `depth`, pushes the instruction
// index that raised (as an int) if `lasti`, pushes the exception, and jumps
// to `target`. Entries are ordered innermost first: the first match wins.
typedef struct {
    int32_t start, end, target, depth;
    uint8_t lasti;
} ExcEntry;

// Source span of one instruction (1-based lines, 0-based byte columns).
typedef struct {
    int32_t line, end_line;
    int32_t col, end_col;
} CodePos;

struct Code {
    Obj obj;
    Str *name;     // function name, "<module>", "<lambda>", "<listcomp>", ...
    Str *qualname; // dotted path from the module
    Str *filename;
    int32_t firstlineno;
    int32_t argcount;        // positional parameters, posonly included
    int32_t posonlyargcount; // of which positional-only
    int32_t kwonlyargcount;
    int32_t nlocals;   // local slots: parameters first (positional, kw-only, *args, **kwargs)
    int32_t ncells;    // len(cellvars)
    int32_t nfrees;    // len(freevars)
    int32_t stacksize; // maximum value-stack depth
    uint32_t flags;    // CO_*
    int32_t ninstrs;
    uint32_t *instrs;
    CodePos *positions; // one per instruction
    int32_t nexc;
    ExcEntry *exctable;
    Tuple *consts;   // None, bool, int, float, str, bytes, tuple of constants, Ellipsis, Code
    Tuple *names;    // Str: globals, attributes, imported names
    Tuple *varnames; // Str: one per local slot
    Tuple *cellvars; // Str: cells created by this code (a parameter that is also a cell is copied
                     // in by the compiler's prologue)
    Tuple *freevars; // Str: cells received through the function's closure
    // Caches of the frame format (format/), both filled on first use once the
    // code object is complete (compiled or decoded): its content hash
    // (fmt_code_hash, 0: not computed) and its verified flow analysis
    // (code_flow, kept by the decoder once the code verified; NULL: none).
    uint64_t content_hash;
    struct CodeFlow *flow;
};

// Allocate an empty code object (fields filled by the compiler or decoder).
Code *code_new(void);

// Source line of instruction [ip] of [code].
int code_line(Code *code, int32_t ip);

// Print a disassembly of [code] (and nested code objects) to [out].
void code_dis(Code *code, FILE *out);

// Describes a constant (ARG_CONST), name, local or cell argument [arg] of
// an instruction, appended to [b]; [ctx] is the caller's (code_dis_arg).
typedef void (*CodeArgFn)(StrBuf *b, ArgKind kind, int32_t arg, void *ctx);

// Append the meaning of argument [arg] of [op] to [b] (nothing if none):
// jump targets ("to 12"), operators ("+=", "is not", ...), flags; constant,
// name, local and cell arguments through [resolve] (NULL: nothing). Unknown
// opcodes and out-of-range arguments are tolerated (unverified bytecode).
void code_dis_arg(StrBuf *b, Opcode op, int32_t arg, CodeArgFn resolve, void *ctx);

// Append one instruction line of code_dis's listing to [b], from after the
// line-number column up to (not including) the newline: "->" if [current]
// (a frame is at it), ">>" if [target] (a jump or handler target), the index
// [ip], the opcode name of word [w], its argument and code_dis_arg's meaning.
void code_dis_instr(StrBuf *b, int32_t ip, uint32_t w, bool current, bool target, CodeArgFn resolve,
                    void *ctx);

// Check that [code] is well formed (the compiler's self-check; also meant
// for code objects decoded from outside): known opcodes; arguments in range
// for their kind (constants, names, local slots, cells, jump targets, and
// the operator codes and counts the VM indexes with); exception-table
// entries in range; a consistent stack depth at every reachable instruction
// (jumps, fall-through and handler entries agree, never negative, never
// above code->stacksize, control never falls off the end); and the slot
// analysis (code_flow): every value an instruction uses without a check
// has the kind it needs. Returns the maximum depth reached, and fills
// [depths] (if not NULL, ninstrs entries) with the depth before each
// instruction (-1: unreachable). Returns -1 with SystemError raised (naming
// the problem) if malformed.
int32_t code_verify(Code *code, int32_t *depths);

// ---- what the value stack holds: the verifier's slot analysis

// The kind of value a value-stack slot holds, as far as the VM relies on it
// (it uses some slots without a type check: LIST_APPEND's list, RERAISE's
// exception, MAKE_FUNCTION's code and closure, ...). code.c has the rule of
// every opcode; format/SPEC.md states it for decoders.
typedef enum {
    SK_NULL,     // NULL: the empty slot PUSH_NULL pushes below a callable
    SK_NULLABLE, // NULL or any value (LOAD_METHOD's method slot)
    SK_ANY,      // any value, never NULL
    SK_LIST,     // a list (BUILD_LIST)
    SK_SET,      // a set, not frozen (BUILD_SET)
    SK_DICT,     // a dict (BUILD_MAP)
    SK_TUPLE,    // a tuple (BUILD_TUPLE, LIST_TO_TUPLE, a constant)
    SK_CELLS,    // a tuple of cells: a closure (BUILD_TUPLE of LOAD_CLOSUREs)
    SK_STR,      // a str (FORMAT_VALUE, BUILD_STRING, a constant)
    SK_CODE,     // a code object (a constant)
    SK_CELL,     // a cell (LOAD_CLOSURE)
    SK_FUNC,     // a function (MAKE_FUNCTION)
    SK_ITER,     // an iterator: a generator, or its type has a next slot or __next__ (GET_ITER)
    SK_EXC,      // an exception instance (pushed by an exception-table entry)
    SK_EXC_INFO, // None or an exception instance: a saved handled exception (PUSH_EXC_INFO)
    SK_LASTI,    // an int, an instruction index (pushed by an entry with lasti)
    SK_COUNT
} SlotKind;

// A value-stack slot as the analysis sees it: its kind and the instruction
// that pushed it (-1: different instructions on different paths, or an
// exception-table entry).
typedef struct {
    int32_t producer;
    uint8_t kind; // SlotKind
} StackSlot;

// The result of verifying a code object: stack depth and slots before every
// instruction.
typedef struct CodeFlow CodeFlow;

// Verify [code] as code_verify does and keep what the analysis found. NULL
// with SystemError raised if malformed. Work and memory are proportional to
// the size of the code (code too complex for that is refused).
CodeFlow *code_flow(Code *code);

// The maximum stack depth of the analysed code.
int32_t code_flow_maxdepth(const CodeFlow *fl);

// Stack depth before each instruction (-1: unreachable); ninstrs entries.
const int32_t *code_flow_depths(const CodeFlow *fl);

// True if a frame can be preempted before instruction [ip] (the function
// entry and the targets of backward jumps: where the eval loop checks its
// tick budget), so a preempted frame continues there.
bool code_flow_preemption_point(const CodeFlow *fl, int32_t ip);

// The value stack of a frame at reachable instruction [ip]: about to execute
// it, or ([suspended]) suspended at it while a callee runs (ip must then be
// OPF_RESUMABLE: what the instruction popped is gone, what it keeps or has
// already written is there). Returns its depth; fills out[0..depth), bottom
// first, up to [cap] entries.
int32_t code_flow_stack(const CodeFlow *fl, int32_t ip, bool suspended, StackSlot *out,
                        int32_t cap);

// True if [v] (VAL_NULL for an empty slot) is what slot [s] of a frame
// running [code] may hold: its kind (NULL only for SK_NULL/SK_NULLABLE), the
// constant (or an equal int, float, str, bytes or tuple of such) for a slot
// pushed by LOAD_CONST, a tuple of the built length for one pushed by
// BUILD_TUPLE.
bool code_slot_admits(Code *code, StackSlot s, Value v);

// "a list", "NULL", "an exception instance", ... for messages.
const char *slot_kind_name(SlotKind kind);

#endif
