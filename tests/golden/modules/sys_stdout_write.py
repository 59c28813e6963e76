# sys.stdout.write returns the number of characters written and adds no newline.
import sys
n = sys.stdout.write("hello")
m = sys.stdout.write(" world\n")
print(n, m)
sys.stdout.write("é😀\n")
print("mixed", end=" ")
sys.stdout.write("with print\n")
sys.stdout.flush()
