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
};

typedef enum {
#define OP(name, argkind, effect, jeffect, flags) OP_##name,
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
};

// Allocate an empty code object (fields filled by the compiler or decoder).
Code *code_new(void);

// Source line of instruction [ip] of [code].
int code_line(Code *code, int32_t ip);

// Print a disassembly of [code] (and nested code objects) to [out].
void code_dis(Code *code, FILE *out);

// Check that [code] is well formed (the compiler's self-check; also meant
// for code objects decoded from outside): known opcodes; arguments in range
// for their kind (constants, names, local slots, cells, jump targets);
// exception-table entries in range; and a consistent stack depth at every
// reachable instruction (jumps, fall-through and handler entries agree,
// never negative, never above code->stacksize, control never falls off the
// end). Returns the maximum depth reached, and fills [depths] (if not NULL,
// ninstrs entries) with the depth before each instruction (-1: unreachable).
// Returns -1 with SystemError raised (naming the problem) if malformed.
int32_t code_verify(Code *code, int32_t *depths);

#endif
