# t.switch() runs t and pauses the caller (out of the queue) until something inserts it again.
import stackless

def partner(other):
    print("partner running; other paused:", other.paused, "scheduled:", other.scheduled)
    print("partner inserts the other back")
    other.insert()
    stackless.schedule()
    print("partner ends")

def switcher():
    me = stackless.getcurrent()
    p = stackless.tasklet(partner, (me,))
    print("switcher switches")
    p.switch()
    print("switcher resumed, scheduled:", me.scheduled)

stackless.tasklet(switcher)()
stackless.run()
print("done")
