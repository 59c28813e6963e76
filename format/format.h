// format.h — the frame format (format/SPEC.md): the one interface through
// which the runtime and every strategy turn a value graph — tasklets,
// channels, frames, helper records and everything they hold — into a
// portable msgpack pickle and back.
#ifndef PRICKLE_FORMAT_H
#define PRICKLE_FORMAT_H

#include "object.h"

// Version of the record layout (SPEC.md); a pickle with a higher version is
// refused. Bump it when a record shape or meaning changes.
#define FMT_VERSION 1

typedef struct {
    // Decoding: bind a stored Python module to the module of the same name
    // in sys.modules when that module was loaded from the same file, and
    // classes / module-level functions to the same-named ones in it (as
    // CPython's pickle does by reference). false: every module is created
    // from its stored contents (a fresh process: `prickle resume`).
    bool bind_modules;
} FmtOptions;

// Encode [root] into a pickle: a bytes object, or VAL_NULL with an
// exception raised (RuntimeError / TypeError naming what cannot be
// pickled). Never modifies the objects it reads.
Value fmt_dumps(Value root);

// Decode a pickle: the root object, or VAL_NULL with pickle.UnpicklingError
// (or MemoryError) raised, naming what is wrong. Everything is validated
// before the result is returned; no Python code runs while decoding.
Value fmt_loads(const uint8_t *data, size_t len, const FmtOptions *opt);

// What fmt_dis lists (the options of `prickle dis`); all false: everything.
typedef struct {
    bool no_code;    // no disassembly of code records
    bool no_objects; // no listing of every record with its fields
    bool one_record; // only record number [record]: its fields and its view
    uint32_t record;
} FmtDisOptions;

// Print a readable listing of a pickle to [out]: the header, a whole
// scheduler's settings, every tasklet's chain bottom to top (frames with
// function, line, instruction, value stack and locals; helper records with
// their label, request and fields), suspended generators, channels, a
// disassembly of every code record marking where frames stand, then every
// record with its fields ([opt] may leave parts out; NULL: everything).
// Returns false (after printing the UnpicklingError to stderr) if the
// pickle is malformed: the same parse and shape checks as fmt_loads.
bool fmt_dis(const uint8_t *data, size_t len, const FmtDisOptions *opt, FILE *out);

// A whole scheduler, for a fresh process (`prickle resume`): the main
// tasklet, the tasklet that continues first, the run queue in order, the
// program's modules (those loaded from files, stored by value) and the
// scheduler's settings. Values are VAL_NULL / 0 when absent.
typedef struct {
    Value main;      // the main tasklet (is_main)
    Value next;      // the tasklet that runs first
    Tuple *runqueue; // the run queue ring, from its head
    Tuple *modules;  // modules loaded from files, `__main__` among them
    int64_t recursion_limit;
    int64_t timeout;    // stackless.run(timeout) preemption budget, 0: none
    int64_t total_left; // totaltimeout: ticks left for the whole run()
    bool totaltimeout;
    bool main_in_run; // main is inside stackless.run()
} FmtScheduler;

// Encode the scheduler [s] (taken at a switch, every tasklet switched out)
// into a pickle whose root is a scheduler record: the bytes, or VAL_NULL
// with pickle.PicklingError raised (e.g. a tasklet that is not restorable).
Value fmt_dumps_scheduler(const FmtScheduler *s);

// Decode a pickle for `prickle resume`: modules from their stored contents
// (never bound). If its root is a scheduler record, fills [*s], sets
// [*is_scheduler] and returns the main tasklet; else returns the root.
// VAL_NULL with pickle.UnpicklingError raised on bad input.
Value fmt_loads_resume(const uint8_t *data, size_t len, FmtScheduler *s, bool *is_scheduler);

// Pickle-everywhere mode: encode every tasklet (main and the current one
// included: call it while all are switched out) into one pickle and decode
// it back into the same objects, whose state is cleared first, so that the
// program continues from what the pickle holds. Returns the pickle's size,
// or -1 with an exception raised.
int64_t fmt_roundtrip_world(Value tasklets);

// The bytecode version: a hash of the opcode table (opcodes.def), so that
// any change to the instruction set changes it.
uint32_t fmt_bytecode_version(void);

// A content hash of a code object (bytecode, tables, names and constants,
// nested code included). Raises and returns 0 on code nested too deeply.
uint64_t fmt_code_hash(Code *code);

// What a pickle is made of (stats.c; benchmarks and size studies). Arrays
// are indexed by record kind code (kinds.def).
#define FMT_STATS_KINDS 128
typedef struct {
    size_t total_bytes;              // the whole pickle
    size_t header_bytes;             // all but the records: header, info map, table header
    uint32_t objects;                // records in the object table
    uint32_t count[FMT_STATS_KINDS]; // records of each kind
    uint64_t bytes[FMT_STATS_KINDS]; // their encoded bytes
    // The code part: records that are not reachable from the root without
    // going through a code record (the code records included).
    uint32_t code_objects;
    uint64_t code_bytes;
} FmtStats;

// Fill [*st] for a pickle (the same parse and shape checks as fmt_dis).
// False with pickle.UnpicklingError raised if the pickle is malformed.
bool fmt_stats(const uint8_t *data, size_t len, FmtStats *st);

// The name of record kind [kind] ("frame", "code", ...), or NULL if unused.
const char *fmt_kind_name(unsigned kind);

// The exception types of the `pickle` module.
extern Type *fmt_pickling_error, *fmt_unpickling_error;

// Create the `pickle` module (start-up).
void fmt_init(void);

#endif
