# A tasklet blocks several calls deep; its locals at every level survive the switches.
import stackless

ch = stackless.channel()
def level3(tag):
    got = ch.receive()
    return tag + ":" + got

def level2(tag):
    before = tag * 2
    r = level3(tag)
    return before + "|" + r

def level1(tag):
    parts = [level2(tag) for i in range(2)]
    print(tag, parts)

stackless.tasklet(level1)("a")
stackless.tasklet(level1)("b")
stackless.run()
for v in ["1", "2", "3", "4"]:
    ch.send(v)
