# A tasklet blocks in a generator's for loop, consumed by list(map()) inside a sorted() key function: a chain of frames, a generator and helpers.
import stackless

ch = stackless.channel()

def weights(word):
    for i, c in enumerate(word):
        w = ch.receive()
        yield ord(c) * w + i

def key(word):
    return sum(list(map(lambda v: v % 7, weights(word))))

result = []
def sorter(words):
    result.append(sorted(words, key=key))
    print("sorter done")

def feeder(n):
    for i in range(n):
        ch.send(i + 1)
    print("feeder done")

words = ["pear", "fig", "apple", "kiwi"]
stackless.tasklet(sorter)(words)
stackless.tasklet(feeder)(sum(len(w) for w in words))
stackless.run()
print(result)
print([key_part for key_part in map(len, result[0])])
