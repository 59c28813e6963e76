# A tasklet pickled while suspended inside __init__ (called by the class call); the object is complete after the copy resumes.
import pickle
import stackless

class Base:
    def __init__(self, name):
        self.name = name
        stackless.schedule_remove()
        self.base_done = True

class Config(Base):
    def __init__(self, name, size):
        self.size = size
        super().__init__(name)
        stackless.schedule_remove()
        self.items = [name] * size

    def __repr__(self):
        return "Config(%r, %r, %r, %r)" % (self.name, self.size, self.base_done, self.items)

def body():
    c = Config("alpha", 2)
    print("made", c, type(c).__name__)
    pair = [Config("b%d" % i, i) for i in range(2)]
    print("made", pair)

def pump(t):
    """Run t; whenever it pauses, pickle it, load the copy and go on with the copy."""
    count = 0
    while True:
        stackless.run()
        if not t.alive:
            return count
        t = pickle.loads(pickle.dumps(t))
        count += 1
        t.insert()

print("pickled", pump(stackless.tasklet(body)()), "times")
