# A tasklet blocks inside a generator body while a for loop iterates the generator.
import stackless

ch = stackless.channel()
def numbers(count):
    for i in range(count):
        extra = ch.receive()
        yield i * 10 + extra

def consumer():
    for v in numbers(3):
        print("consumer got", v)
    print("consumer done")

stackless.tasklet(consumer)()
stackless.run()
for extra in [1, 2, 3]:
    print("main sends", extra)
    ch.send(extra)
