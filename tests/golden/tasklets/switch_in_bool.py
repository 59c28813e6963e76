# __bool__ blocks on a channel while if, not, while and bool() test truth.
import stackless

ch = stackless.channel()
class Flag:
    def __bool__(self):
        return ch.receive()

out = []
def user():
    f = Flag()
    out.append(("if", "yes" if f else "no"))
    out.append(("not", not f))
    n = 0
    while f:
        n += 1
    out.append(("while", n))
    out.append(("bool()", bool(f)))

stackless.tasklet(user)()
stackless.run()
# if: True; not: True; while: True, True, False; bool(): False
for v in [True, True, True, True, False, False]:
    ch.send(v)
print(out)
