# pyperformance-style benchmark: pancake flipping over all permutations (fannkuch).
import pyperf


def fannkuch(n):
    perm = list(range(n))
    count = [0] * n
    max_flips = 0
    checksum = 0
    sign = 1
    r = n
    permutations = 0
    while True:
        while r != 1:
            count[r - 1] = r
            r -= 1
        # Count the flips for this permutation.
        first = perm[0]
        if first:
            p = perm[:]
            flips = 0
            while first:
                p[:first + 1] = p[first::-1]
                flips += 1
                first = p[0]
            if flips > max_flips:
                max_flips = flips
            checksum += sign * flips
        permutations += 1
        sign = -sign
        # Next permutation by rotation counting.
        while True:
            if r == n:
                return max_flips, checksum, permutations
            p0 = perm[0]
            perm[:r] = perm[1:r + 1]
            perm[r] = p0
            count[r] -= 1
            if count[r] > 0:
                break
            r += 1


if __name__ == "__main__":
    runner = pyperf.Runner()
    runner.metadata["description"] = "Pancake flipping over permutations (fannkuch)"
    print("max flips, checksum, permutations:", fannkuch(7))
    runner.bench_func("fannkuch", fannkuch, 6)
