# pyperformance-style benchmark: spectral norm of an infinite matrix by power iteration.
import pyperf


def entry(i, j):
    ij = i + j
    return 1.0 / (ij * (ij + 1) // 2 + i + 1)


def mul_av(v):
    n = len(v)
    return [sum(entry(i, j) * v[j] for j in range(n)) for i in range(n)]


def mul_atv(v):
    n = len(v)
    return [sum(entry(j, i) * v[j] for j in range(n)) for i in range(n)]


def mul_atav(v):
    return mul_atv(mul_av(v))


def spectral_norm(n):
    u = [1.0] * n
    v = None
    for _ in range(10):
        v = mul_atav(u)
        u = mul_atav(v)
    vbv = 0.0
    vv = 0.0
    for ue, ve in zip(u, v):
        vbv += ue * ve
        vv += ve * ve
    return (vbv / vv) ** 0.5


def bench_time(loops, n):
    t0 = pyperf.perf_counter()
    for _ in range(loops):
        spectral_norm(n)
    return pyperf.perf_counter() - t0


if __name__ == "__main__":
    runner = pyperf.Runner()
    runner.metadata["description"] = "Spectral norm by power iteration"
    print("%.9f" % spectral_norm(60))
    print(repr(spectral_norm(20)))
    bench = runner.bench_time_func("spectral_norm", bench_time, 30)
    print("values recorded:", bench.get_nvalue())
