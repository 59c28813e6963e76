# A tasklet pickled while blocked inside channel.send_sequence(): the copy goes on with the rest of the sequence on the loaded channel.
import pickle
import stackless

def producer(ch):
    n = ch.send_sequence(["a", "b", "c"])
    print("  send_sequence returned", n)

def start():
    ch = stackless.channel()
    return [stackless.tasklet(producer)(ch), ch]

state = start()
stackless.run()
print("blocked", state[0].blocked, "balance", state[1].balance)
print("received", state[1].receive())
for i in range(2):
    stackless.run()
    state = pickle.loads(pickle.dumps(state))
    print("copy: blocked", state[0].blocked, "balance", state[1].balance)
    print("received", state[1].receive())
stackless.run()
print("producer alive", state[0].alive)
