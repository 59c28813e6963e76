# prickle-test: args=alpha "two words" 3
# sys.argv holds the program name and the command-line arguments.
import sys
print(len(sys.argv), sys.argv[1:])
print(sys.argv[0].endswith("sys_argv.py"))
print(int(sys.argv[3]) * 2, sys.argv[2].split())
