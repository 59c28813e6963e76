# One channel used in both directions between the same two tasklets (request then reply).
import stackless

ch = stackless.channel()
def server():
    while True:
        req = ch.receive()
        if req is None:
            print("server stops")
            return
        ch.send(req.upper())

def client(words):
    for w in words:
        ch.send(w)
        print("client:", w, "->", ch.receive())
    ch.send(None)

stackless.tasklet(server)()
stackless.tasklet(client)(["ab", "cd", "ef"])
stackless.run()
print("balance", ch.balance)
