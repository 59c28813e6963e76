# __len__ blocks on a channel while len() calls it.
import stackless

ch = stackless.channel()
class Remote:
    def __len__(self):
        return ch.receive()

out = []
def user():
    r = Remote()
    out.append(len(r))
    out.append(len(r) * 2)

stackless.tasklet(user)()
stackless.run()
ch.send(3)
ch.send(4)
print(out)
