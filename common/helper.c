// helper.c — helper records and the registry of helper names used by the
// frame format to find a helper's step function again.
#include "helper.h"

#include "containers.h"
#include "err.h"
#include "str.h"
#include "vm.h"

#include <string.h>

static Value helper_repr(Value self) {
    Helper *h = (Helper *)self;
    return (Value)str_printf("<helper %s at %s>", h->def->name,
                             h->label < h->def->nlabels ? h->def->labels[h->label] : "?");
}

Type HelperType = {
    .obj = {&TypeType},
    .name = "helper",
    .inst_size = sizeof(Helper),
    .tp_repr = helper_repr,
};

Helper *helper_new(const HelperDef *def) {
    Helper *h =
        (Helper *)obj_alloc(&HelperType, sizeof(Helper) + sizeof(Value) * (size_t)def->nfields);
    h->def = def;
    for (int i = 0; i < def->nfields; i++) h->fields[i] = VAL_NONE;
    return h;
}

#define MAX_HELPERS 512
static const HelperDef *registry[MAX_HELPERS];
static int nregistry;

void helper_register(const HelperDef *def) {
    for (int i = 0; i < nregistry; i++)
        if (registry[i] == def) return;
    if (nregistry < MAX_HELPERS) registry[nregistry++] = def;
}

const HelperDef *helper_lookup(const char *name) {
    for (int i = 0; i < nregistry; i++)
        if (strcmp(registry[i]->name, name) == 0) return registry[i];
    return NULL;
}

Value helper_run(Helper *h) {
    return vm_run_helper(h);
}
