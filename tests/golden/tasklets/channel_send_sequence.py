# send_sequence(seq) sends every item (from a list or a generator) and returns the count.
import stackless

ch = stackless.channel()
got = []
def receiver(n):
    for i in range(n):
        got.append(ch.receive())

def numbers(n):
    for i in range(n):
        yield i * 10

stackless.tasklet(receiver)(7)
stackless.run()
print("list:", ch.send_sequence(["a", "b", "c"]))
print("generator:", ch.send_sequence(numbers(4)))
print("empty:", ch.send_sequence([]))
print(got, "balance", ch.balance)

def seq_sender():
    n = ch.send_sequence(range(3))
    print("seq_sender sent", n)

stackless.tasklet(seq_sender)()
stackless.run()
print("sender blocked in send_sequence, balance", ch.balance)
print([ch.receive() for i in range(3)])
stackless.run()
