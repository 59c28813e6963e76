# Tasklet and channel methods called through their class: they block and resume as through an instance; wrong receivers are refused.
import stackless

ch = stackless.channel()
got = []


def receiver():
    got.append(stackless.channel.receive(ch))
    got.append(type(ch).receive(ch))


def sender():
    stackless.channel.send(ch, "one")
    stackless.channel.send_sequence(ch, ["two"])


stackless.tasklet(receiver)()
stackless.tasklet(sender)()
stackless.run()
print(got)


def work(n):
    for i in range(n):
        got.append(i)
        stackless.schedule()


t = stackless.tasklet()
stackless.tasklet.bind(t, work, (2,))
stackless.tasklet.insert(t)
stackless.run()
print(got, t.alive)

for label, fn in [
    ("channel.send(5, 1)", lambda: stackless.channel.send(5, 1)),
    ("channel.receive()", lambda: stackless.channel.receive()),
    ("tasklet.bind(5)", lambda: stackless.tasklet.bind(5)),
    ("tasklet.insert(channel)", lambda: stackless.tasklet.insert(stackless.channel())),
    ("tasklet.kill('x')", lambda: stackless.tasklet.kill("x")),
]:
    try:
        fn()
        print(label, "accepted")
    except (TypeError, AttributeError):
        print(label, "refused")
