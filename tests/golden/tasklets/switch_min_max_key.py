# min() and max() key functions switch (schedule) on every call; another tasklet counts the switches.
import stackless

calls = [0]
def slow_len(s):
    calls[0] += 1
    stackless.schedule()
    return len(s)

out = []
def user():
    words = ["ccc", "a", "bbbb", "dd"]
    out.append(min(words, key=slow_len))
    out.append(max(words, key=slow_len))
    out.append(max([], key=slow_len, default="empty"))

switches = [0]
def other():
    while not out or len(out) < 3:
        switches[0] += 1
        stackless.schedule()

stackless.tasklet(user)()
stackless.tasklet(other)()
stackless.run()
print(out, calls[0], switches[0])
