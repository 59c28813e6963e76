# A tasklet blocks inside __init__ (called by the class call); the object is complete when it resumes.
import stackless

ch = stackless.channel()
class Config:
    def __init__(self, name):
        self.name = name
        print("init of", name, "waits")
        self.value = ch.receive()
        print("init of", name, "got", self.value)

made = []
def make(name):
    made.append(Config(name))

stackless.tasklet(make)("alpha")
stackless.tasklet(make)("beta")
stackless.run()
ch.send(1)
ch.send(2)
print([(c.name, c.value) for c in made])
