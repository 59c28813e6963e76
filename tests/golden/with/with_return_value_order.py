# Order of evaluation: context expression, __enter__, body, __exit__; exceptions from __exit__.
log = []
class Log:
    def __init__(self, tag):
        log.append("init " + tag)
        self.tag = tag
    def __enter__(self):
        log.append("enter " + self.tag)
        return self.tag
    def __exit__(self, *a):
        log.append("exit " + self.tag)
        if self.tag == "bad":
            raise ValueError("exit failed")
def body():
    with Log("one") as one:
        log.append("body " + one)
        return log
print(body())
try:
    with Log("bad"):
        log.append("body bad")
except ValueError as e:
    print("ValueError:", e)
print(log[-3:])
class NoEnter:
    pass
try:
    with NoEnter():
        pass
except TypeError as e:
    print("TypeError:", e)
except AttributeError as e:
    print("AttributeError:", e)
