# A tasklet receiving in a loop on a channel held in its own local variable, pickled with the channel while blocked, three times over.
import pickle
import stackless

def worker(ch):
    total = 0
    while True:
        got = ch.receive()
        if got is None:
            break
        total += got
        print("  worker got", got, "total", total)
    print("  worker done", total)

def start():
    ch = stackless.channel()
    return [stackless.tasklet(worker)(ch), ch]

# The program reaches the tasklet and its channel only through `state`.
state = start()
stackless.run()
for value in [5, 7, None]:
    state = pickle.loads(pickle.dumps(state))
    print("copy: blocked", state[0].blocked, "balance", state[1].balance,
          "queue is the copy", state[1].queue is state[0])
    state[1].send(value)
print("worker alive", state[0].alive, "balance", state[1].balance)
