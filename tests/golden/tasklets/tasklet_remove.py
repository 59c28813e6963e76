# remove() takes a tasklet out of the queue (it stays alive, paused); removing again is a no-op.
import stackless

def say(word):
    print("say", word)

a = stackless.tasklet(say)("a")
b = stackless.tasklet(say)("b")
c = stackless.tasklet(say)("c")
print("runcount:", stackless.getruncount())
b.remove()
print("after remove:", b.alive, b.scheduled, b.paused, stackless.getruncount())
b.remove()
print("removed twice:", stackless.getruncount())
stackless.run()
print("b still alive:", b.alive)
b.insert()
stackless.run()
print("b done:", b.alive)
dead = stackless.tasklet(say)
dead.remove()
print("removing an unbound tasklet is a no-op:", dead.alive, dead.scheduled)
