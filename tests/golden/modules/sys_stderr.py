# Writing to sys.stderr with print(file=) and write(); stdout and stderr are separate.
import sys
print("to stdout 1")
print("to stderr 1", file=sys.stderr)
sys.stderr.write("to stderr 2\n")
print("to stdout 2")
print("warning:", 42, sep=" ", end="!\n", file=sys.stderr)
