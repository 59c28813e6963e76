# A tasklet switches inside a with body; __exit__ runs after it resumes, with or without an exception.
import stackless

class Tracker:
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        print(self.name, "enter")
        return self
    def __exit__(self, et, ev, tb):
        print(self.name, "exit", et.__name__ if et else None)
        return et is KeyError

def task(name, fail):
    with Tracker(name):
        stackless.schedule()
        print(name, "body resumed")
        if fail:
            raise KeyError(name)
    print(name, "after with")

stackless.tasklet(task)("plain", False)
stackless.tasklet(task)("suppressed", True)
stackless.run()
