# kill() a tasklet blocked in a generator inside map() inside sorted(key=): every finally clause runs, innermost first.
import stackless

ch = stackless.channel()

def items():
    try:
        for i in range(3):
            yield ch.receive()
    finally:
        print("generator finally")

def key(x):
    try:
        return sum(map(lambda v: v * x, items()))
    finally:
        print("key finally")

def work():
    try:
        print(sorted([1, 2], key=key))
    except TaskletExit:
        print("work saw TaskletExit")
        raise
    finally:
        print("work finally")

t = stackless.tasklet(work)()
stackless.run()
ch.send(5)
ch.send(6)
print("killing")
t.kill()
print("alive after kill:", t.alive)
