# Preempted workers still communicate correctly through a channel; the sum is exact.
# Each item costs 300 loop iterations (> 100 ticks), so interruptions are guaranteed.
import stackless

ch = stackless.channel()
def producer(start, count):
    for i in range(start, start + count):
        x = 0
        for j in range(300):
            x += j
        ch.send(i + x - x)

def consumer(expected, out):
    total = 0
    for k in range(expected):
        total += ch.receive()
    out.append(total)

out = []
stackless.tasklet(producer)(0, 100)
stackless.tasklet(producer)(1000, 100)
stackless.tasklet(consumer)(200, out)
interrupted = 0
while stackless.getruncount() > 1:
    t = stackless.run(100)
    if t:
        interrupted += 1
        t.insert()
print("total:", out, "expected:", sum(range(100)) + sum(range(1000, 1100)))
print("balance", ch.balance, "interrupted", interrupted > 0)
