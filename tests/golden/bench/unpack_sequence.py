# pyperformance-style benchmark: tuple and list unpacking in tight loops.
import pyperf


def unpack_tuples(loops):
    t = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
    total = 0
    for _ in range(loops):
        a, b, c, d, e, f, g, h, i, j = t
        a, b, c, d, e, f, g, h, i, j = t
        a, b, c, d, e, f, g, h, i, j = t
        a, b, c, d, e, f, g, h, i, j = t
        total += a + j - e
    return total


def unpack_lists(loops):
    lst = [10, 20, 30, 40, 50]
    total = 0
    for k in range(loops):
        a, b, c, d, e = lst
        first, *middle, last = lst
        total += a * b - e + first + last + len(middle) + k % 3
    return total


def swap_rotate(loops):
    a, b, c = 1, 2, 3
    for _ in range(loops):
        a, b, c = b, c, a
        a, b = b, a
    return a, b, c


def bench(loops):
    return unpack_tuples(loops), unpack_lists(loops), swap_rotate(loops)


def bench_unpack(loops):
    t = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
    t0 = pyperf.perf_counter()
    for _ in range(loops):
        a, b, c, d, e, f, g, h, i, j = t
        a, b, c, d, e, f, g, h, i, j = t
        a, b, c, d, e, f, g, h, i, j = t
        a, b, c, d, e, f, g, h, i, j = t
        a, b, c, d, e, f, g, h, i, j = t
    return pyperf.perf_counter() - t0


if __name__ == "__main__":
    runner = pyperf.Runner()
    runner.metadata["description"] = "Tuple and list unpacking"
    print("checksums:", bench(20000))
    runner.bench_func("unpack_sequence", bench, 5000)
    runner.bench_time_func("unpack_tuple_inner", bench_unpack, inner_loops=5)
    print("benchmarks run:", [b.get_name() for b in runner.benchmarks])
