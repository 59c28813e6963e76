# map() and filter() callbacks block on channels; the tasklet resumes inside the builtin each time.
import stackless

ch = stackless.channel()
def remote_double(x):
    ch.send(x)
    return ch.receive()

def remote_keep(x):
    ch.send(x)
    return ch.receive()

out = []
def client():
    out.append(list(map(remote_double, [1, 2, 3])))
    out.append(list(filter(remote_keep, [1, 2, 3, 4, 5])))
    ch.send(None)

def server():
    mode = "double"
    while True:
        x = ch.receive()
        if x is None:
            return
        if mode == "double":
            ch.send(x * 2)
            if x == 3:
                mode = "keep"
        else:
            ch.send(x % 2 == 1)

stackless.tasklet(client)()
stackless.tasklet(server)()
stackless.run()
print(out)
