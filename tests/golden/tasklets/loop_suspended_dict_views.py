# Loops over dict keys(), values() and items() suspended mid-iteration by a channel receive.
import stackless

ch = stackless.channel()
d = {"one": 1, "two": 2, "three": 3}
out = []
def walker(kind):
    view = {"keys": d.keys(), "values": d.values(), "items": d.items()}[kind]
    for entry in view:
        tag = ch.receive()
        out.append((kind, tag, entry))

for kind in ["keys", "values", "items"]:
    stackless.tasklet(walker)(kind)
stackless.run()
n = 0
while ch.balance < 0:
    ch.send(n)
    n += 1
for entry in out:
    print(entry)
