# The same bytes loaded twice (a pickle of unstarted tasklets and a closure): each load is an independent copy.
import pickle
import stackless

def make_counter(name):
    count = 0
    def step(log):
        nonlocal count
        count += 1
        log.append("%s:%d" % (name, count))
        return count
    return step

def run_twice(step, log):
    step(log)
    step(log)
    print("  ran", log)

def build():
    step = make_counter("c")
    return {"task": stackless.tasklet(run_twice)(step, []), "step": step}

data = pickle.dumps(build())
first = pickle.loads(data)
second = pickle.loads(data)
print("distinct copies:", first["task"] is not second["task"], first["step"] is not second["step"])
print("both paused:", first["task"].paused, second["task"].paused)
first["task"].insert()
stackless.run()
second["task"].insert()
stackless.run()
print("first step again:", first["step"]([]), "second step again:", second["step"]([]))
third = pickle.loads(data)
print("third load, fresh counter:", third["step"]([]))
