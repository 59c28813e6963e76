# sys.exit(3): exit status 3; finally blocks run on the way out; nothing on stderr.
import sys
def main():
    try:
        print("about to exit")
        sys.exit(3)
    finally:
        print("finally runs during sys.exit")
    print("not reached")
main()
print("not reached either")
