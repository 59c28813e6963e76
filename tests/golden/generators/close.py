# generator.close raises GeneratorExit inside; finally blocks run.
def resource():
    print("open")
    try:
        for i in range(10):
            yield i
    finally:
        print("cleanup")
r = resource()
print(next(r), next(r))
r.close()
print("closed")
r.close()
try:
    next(r)
except StopIteration:
    print("StopIteration after close")
def catches_exit():
    try:
        yield 1
    except GeneratorExit:
        print("saw GeneratorExit")
        raise
g = catches_exit()
next(g)
g.close()
def bad():
    try:
        yield 1
    except GeneratorExit:
        yield 2
b = bad()
next(b)
try:
    b.close()
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    next(b)
except StopIteration:
    print("bad generator finished")
unstarted = resource()
unstarted.close()
print("unstarted close prints nothing")
