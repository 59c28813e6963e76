# sys.exit() and sys.exit(0) end the program successfully; SystemExit can be caught.
import sys
try:
    sys.exit(7)
except SystemExit as e:
    print("caught SystemExit with code", e.code)
try:
    sys.exit()
except SystemExit as e:
    print("code of bare sys.exit():", e.code)
print("exiting with 0")
sys.exit(0)
