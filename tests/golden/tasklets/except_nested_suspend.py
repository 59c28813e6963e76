# A tasklet suspended inside nested except blocks, and a generator yielding inside an except block.
import stackless

log = []
def nested_handlers(name):
    try:
        raise KeyError("outer")
    except KeyError as a:
        stackless.schedule()
        try:
            raise IndexError("inner")
        except IndexError as b:
            stackless.schedule()
            log.append((name, str(a), str(b), repr(b.__context__)))
        stackless.schedule()
        log.append((name, "back in outer handler", str(a)))
    log.append((name, "handlers done"))

def gen_in_except():
    try:
        raise ValueError("gen")
    except ValueError as e:
        yield "first from handler: " + str(e)
        stackless.schedule()
        yield "second from handler: " + str(e)
    yield "after handler"

def drive():
    for v in gen_in_except():
        log.append(("gen", v))
        stackless.schedule()

stackless.tasklet(nested_handlers)("a")
stackless.tasklet(drive)()
stackless.tasklet(nested_handlers)("b")
stackless.run()
for entry in log:
    print(entry)
