# A tasklet blocks inside a context manager's __enter__; the with block then runs normally.
import stackless

ch = stackless.channel()
class Resource:
    def __enter__(self):
        print("enter waits")
        self.value = ch.receive()
        print("enter got", self.value)
        return self
    def __exit__(self, et, ev, tb):
        print("exit, exception:", et)
        return False

def user():
    with Resource() as r:
        print("body uses", r.value)
    print("after with")

stackless.tasklet(user)()
stackless.run()
ch.send("resource-1")
