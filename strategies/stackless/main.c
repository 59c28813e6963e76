// main.c — the stackless strategy's entry point: the trampolined driver
// (common/eval.c compiled with PRICKLE_STRATEGY_STACKLESS) runs every
// Python call, generator resumption and helper callback in one C
// activation, so the C stack depth stays constant whatever the program does.
int prickle_main(int argc, char **argv);

int main(int argc, char **argv) { return prickle_main(argc, argv); }
