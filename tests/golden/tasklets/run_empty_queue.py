# run() with only main in the ring returns None at once; run() returns when every other tasklet blocked or ended.
import stackless

print("empty:", stackless.run())
ch = stackless.channel()
def blocker(n):
    print("blocker", n, "blocks")
    ch.receive()
    print("blocker", n, "released")

for n in range(3):
    stackless.tasklet(blocker)(n)
print("run returns:", stackless.run(), "balance", ch.balance)
for n in range(3):
    ch.send(n)
print("done, balance", ch.balance)
