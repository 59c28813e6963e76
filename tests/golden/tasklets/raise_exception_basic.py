# raise_exception(cls, *args) raises cls(*args) inside a blocked tasklet and runs it at once.
import stackless

ch = stackless.channel()
def listener():
    while True:
        try:
            v = ch.receive()
            print("listener got", v)
        except KeyError as e:
            print("listener caught KeyError", e.args)
        except StopIteration:
            print("listener stops")
            return

t = stackless.tasklet(listener)()
stackless.run()
ch.send(1)
t.raise_exception(KeyError, "k", 2)
print("back in main, balance", ch.balance)
ch.send(2)
t.raise_exception(StopIteration)
print("alive:", t.alive, "balance:", ch.balance)
