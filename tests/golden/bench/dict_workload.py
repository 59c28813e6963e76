# pyperformance-style benchmark: dict and list work -- word counting, grouping,
# inverting and sorting over a generated text.
import pyperf

SYLLABLES = ["ka", "lo", "mi", "nu", "pe", "ri", "so", "ta", "vu", "ze"]


def make_words(n):
    words = []
    state = 12345
    for _ in range(n):
        state = (state * 214013 + 2531011) % 2147483648
        k = 1 + (state >> 16) % 3
        word = ""
        for j in range(k):
            word += SYLLABLES[(state >> (4 * j)) % len(SYLLABLES)]
        words.append(word)
    return words


def workload(words):
    counts = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    by_length = {}
    for w, c in counts.items():
        by_length.setdefault(len(w), []).append((c, w))
    top = {}
    for length, items in by_length.items():
        items.sort(reverse=True)
        top[length] = items[:3]
    inverted = {}
    for w, c in counts.items():
        inverted.setdefault(c, []).append(w)
    most = max(inverted)
    return len(counts), sorted(top.items()), most, sorted(inverted[most])


def bench(n):
    return workload(make_words(n))


if __name__ == "__main__":
    runner = pyperf.Runner()
    runner.metadata["description"] = "Dict and list workload"
    distinct, top, most, words = bench(20000)
    print("distinct words:", distinct)
    for length, items in top:
        print(length, items)
    print("most frequent:", most, words)
    runner.bench_func("dict_workload", bench, 5000)
