# Iterating a channel receives values until it is closing and drained, then stops (StopIteration).
import stackless

ch = stackless.channel()
print("iter(ch) is ch:", iter(ch) is ch)
def producer(word):
    ch.send(word)
    print("producer of", word, "done")

for word in ["alpha", "beta", "gamma"]:
    stackless.tasklet(producer)(word)
stackless.run()
ch.close()
print("closing", ch.closing, "closed", ch.closed, "balance", ch.balance)

def consumer():
    for item in ch:
        print("consumer got", item)
    print("loop ended: closing", ch.closing, "closed", ch.closed)

stackless.tasklet(consumer)()
stackless.run()
try:
    next(ch)
except StopIteration:
    print("next() on a closed channel raises StopIteration")
print(list(ch))
