// containers.h — tuple, list, dict, set/frozenset, range, slice and their
// iterators.
//
// Equality and hashing of keys use ops.h (obj_eq/obj_hash), which handle
// builtin keys in C and reach user __eq__/__hash__ through the counted
// nested path: only for C callers outside the helper protocol. The
// interpreter's own paths (subscripts, `in`, displays, dict/set/list
// methods called from Python) go through helper records (vm.dict_op,
// vm.set_op, ... in ops.h's obj_start_* functions) and may switch.
#ifndef PRICKLE_CONTAINERS_H
#define PRICKLE_CONTAINERS_H

#include "object.h"

// ---- tuple
Tuple *tuple_new(int64_t len); // items VAL_NULL, to be filled
Tuple *tuple_from(const Value *items, int64_t len);
Tuple *tuple_pack(int n, ...);
extern Tuple *EMPTY_TUPLE;

// ---- list
List *list_new(int64_t cap);
List *list_from(const Value *items, int64_t len);
void list_append(List *l, Value v);
// Remove all items and extend with [len] items.
void list_set_items(List *l, const Value *items, int64_t len);
// list[i] with Python's negative indexing; VAL_NULL + IndexError.
Value list_get(List *l, int64_t i);
// Extend [l] with the items of a builtin iterable [it] that needs no callback
// (list, tuple, range, str, dict, set, their iterators). Returns -1 + error
// if [it] is not one of those.
int list_extend_builtin(List *l, Value it);

// ---- dict
Dict *dict_new(void);
// 1 found (*out set), 0 absent, -1 error.
int dict_lookup(Dict *d, Value key, Value *out);
// Fast lookup with an interned or plain str key; VAL_NULL when absent.
Value dict_get_str(Dict *d, Str *key);
int dict_set(Dict *d, Value key, Value v);
void dict_set_str(Dict *d, Str *key, Value v);
// 1 deleted, 0 absent, -1 error.
int dict_del(Dict *d, Value key);
Dict *dict_copy(Dict *d);
// d.update(other) for a dict [other].
int dict_update(Dict *d, Dict *other);
// Iterate: start with *pos = 0; returns false when done.
bool dict_next(Dict *d, int64_t *pos, Value *key, Value *value);

// ---- set / frozenset
extern Obj SET_DUMMY_OBJ;
#define SET_DUMMY (&SET_DUMMY_OBJ)
Set *set_new(Type *t); // SetType or FrozenSetType
int set_add(Set *s, Value key);
int set_contains(Set *s, Value key); // 1/0/-1
int set_discard(Set *s, Value key);  // 1 removed, 0 absent, -1 error
bool set_next(Set *s, int64_t *pos, Value *key);

// ---- range, slice
Value range_new(int64_t start, int64_t stop, int64_t step);
Value slice_new(Value start, Value stop, Value step);
// Resolve a slice against a sequence length: CPython's PySlice_GetIndicesEx.
// Returns false with an exception pending on error.
bool slice_indices(Slice *s, int64_t len, int64_t *start, int64_t *stop, int64_t *step,
                   int64_t *slicelen);

// ---- iterators of builtin containers (all without callbacks).
// The iterator types, for the frame format and the VM fast paths.
extern Type ListIterType, TupleIterType, RangeIterType, StrIterType, DictKeyIterType,
    DictValueIterType, DictItemIterType, SetIterType, ListRevIterType, DictKeysType, DictValuesType,
    DictItemsType;

// ---- additions by the containers helper (additive) -------------------------

// Extend [l] with the items of any iterable (fast paths for builtin
// containers; other iterables through obj_iter/obj_next, nested).
int list_extend(List *l, Value iterable);
// A new list with the items of [iterable] (NULL + error).
List *list_from_iterable(Value iterable);
// A new tuple with the items of [iterable] (NULL + error).
Tuple *tuple_from_iterable(Value iterable);
// reversed(list): a list_reverseiterator.
Value list_reversed(List *l);
// reversed(range): a range_iterator running backwards.
Value range_reversed(Range *r);
// reversed(d) for a dict or a dict keys/values/items view.
Value dict_reversed(Value d);
// d[key] = v with the hash of key already known.
int dict_set_hash(Dict *d, Value key, int64_t hash, Value v);
// A new set/frozenset ([t]) with the items of [iterable] (NULL + error).
Set *set_from_iterable(Type *t, Value iterable);
// s.update(iterable) with CPython's table algorithm: a set/frozenset is
// merged (set_merge), a dict presizes the table. This decides iteration
// order, so SET_UPDATE (`{*a}`, constant set displays) must use it for
// sets, frozensets and dicts. Iterables that call back are iterated nested.
int set_update(Set *s, Value iterable);

// Repr recursion guard for containers: returns 1 if [v] is already being
// repr'd (print "[...]"), else 0 after pushing it; pair with
// containers_repr_leave(v).
int containers_repr_enter(Value v);
void containers_repr_leave(Value v);

// Iterator layouts (every field plain, for the frame format). A NULL
// container pointer means "exhausted".
typedef struct {
    Obj obj;
    List *list;
    int64_t index; // next index (ListRevIter: counts down)
} ListIter;

typedef struct {
    Obj obj;
    Tuple *tuple;
    int64_t index;
} TupleIter;

// range_iterator: yields next, next+step, ... while remaining > 0.
typedef struct {
    Obj obj;
    int64_t next, step, remaining;
} RangeIter;

// Dict key/value/item iterators (forward and reversed): pos is the next
// entry index, used the dict size at creation, remaining items left.
typedef struct {
    Obj obj;
    Dict *dict;
    int64_t used, pos, remaining;
} DictIter;

// set_iterator: pos is the next table slot.
typedef struct {
    Obj obj;
    Set *set;
    int64_t used, pos, remaining;
} SetIter;

// dict_keys / dict_values / dict_items.
typedef struct {
    Obj obj;
    Dict *dict;
} DictView;

extern Type DictRevKeyIterType, DictRevValueIterType, DictRevItemIterType;

// ---- support for the frame format (exact resumption of iterators)
//
// A dict iterator's pos is an entry index that counts deleted entries, and
// a set iterator's pos a table slot; set iteration order depends on the
// table layout (size, dummies, insertion history), not only on the items.
// To resume iterators exactly after unpickling: store a dict as its live
// items in order and convert iterator positions with dict_iter_consumed /
// dict_iter_restore; store a set/frozenset as its table layout (mask, the
// key of every slot or empty/dummy, and for a set its pop finger = hash
// field) and rebuild it with set_from_layout.

// Number of items [it] has already produced (forward or reversed).
int64_t dict_iter_consumed(DictIter *it);
// Position [it] (whose dict and used are set) after [consumed] items.
void dict_iter_restore(DictIter *it, int64_t consumed);
// A set/frozenset with exactly this layout: mask + 1 slots (a power of two
// >= 8); slots[i] is a key, VAL_NULL (empty) or SET_DUMMY. [finger] is the
// set's pop finger (ignored for frozenset). NULL + ValueError when the
// layout is inconsistent (a key not reachable at its slot, duplicates,
// table too full), or an error from hashing a key.
Set *set_from_layout(Type *t, int64_t mask, const Value *slots, int64_t finger);

// Append entry key -> v with a known [hash] without looking [key] up (no
// equality test runs): the caller guarantees the key is not present. Used by
// the frame format's decoder, which must not run Python code.
void dict_append_hashed(Dict *d, Value key, int64_t hash, Value v);
// Insert [key] with a known [hash] into the set without an equality test
// (the caller guarantees it is absent); as dict_append_hashed.
void set_insert_hashed(Set *s, Value key, int64_t hash);

// The sort helpers ("list.sort", "builtins.sorted").
extern struct HelperDef list_sort_helper, sorted_helper;

// Register methods of all container types (called once at start-up).
void containers_init(void);

#endif
