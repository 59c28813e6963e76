# prickle-test: timeout=20
# A tasklet blocked on a channel cannot be inserted, run or switched to.
import stackless

ch = stackless.channel()
t = stackless.tasklet(ch.receive)()
stackless.run()
for name in ["insert", "run", "switch"]:
    try:
        getattr(t, name)()
    except RuntimeError as e:
        print(name, "->", e)
print("still blocked:", t.blocked, ch.balance)
ch.send(None)
print("released, alive:", t.alive)
