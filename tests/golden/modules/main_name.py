# The program runs as module __main__; functions defined there see __name__ too.
print(__name__)
def who():
    return __name__
if __name__ == "__main__":
    print("running as a program:", who())
else:
    print("imported")
