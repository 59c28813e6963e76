# A producer and a consumer exchange values through a channel.
import stackless

ch = stackless.channel()
print("new channel: balance", ch.balance, "preference", ch.preference,
      "schedule_all", ch.schedule_all, "closing", ch.closing, "queue", ch.queue)

def producer(n):
    for i in range(n):
        print("sending", i)
        ch.send(i * i)
    print("producer finished")

def consumer(n):
    total = 0
    for i in range(n):
        v = ch.receive()
        print("received", v)
        total += v
    print("consumer total", total)

stackless.tasklet(producer)(4)
stackless.tasklet(consumer)(4)
stackless.run()
print("balance at end:", ch.balance)
