"""Dict work: counting words with str keys and numbers with int keys,
dict comprehensions, get/setdefault/pop, iteration over items, sorting
by value, membership tests and deletion."""
import sys

WORDS = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi "
         "omicron pi rho sigma tau upsilon phi chi psi omega").split()


def make_text(seed, n):
    out = []
    x = seed
    for _ in range(n):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        w = WORDS[x % len(WORDS)]
        if x & 8:
            w = w + str(x % 13)
        out.append(w)
    return out


def count_words(words):
    counts = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    return counts


def count_ints(n, seed):
    counts = {}
    x = seed
    for _ in range(n):
        x = (x * 69069 + 1) & 0xFFFFFFFF
        k = x % 5003
        if k in counts:
            counts[k] += 1
        else:
            counts[k] = 1
    return counts


def group(words):
    groups = {}
    for w in words:
        groups.setdefault(w[0], []).append(w)
    return {k: len(v) for k, v in groups.items()}


def run(iterations):
    total = 0
    for i in range(iterations):
        words = make_text(i + 7, 20000)
        wc = count_words(words)
        top = sorted(wc.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
        total += sum(c for _, c in top) + len(wc)
        ic = count_ints(20000, i + 3)
        for k in list(ic):
            if k % 3 == 0:
                del ic[k]
        total += len(ic) + sum(ic.values()) + max(ic)
        g = group(words)
        total += g.pop("a", 0) + len(g)
        inverse = {v: k for k, v in wc.items()}
        total += len(inverse)
        merged = dict(wc)
        merged.update(g)
        total += sum(1 for k in merged if k in wc)
    return total


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    print("dicts", n, run(n))
