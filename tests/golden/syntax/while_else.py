# while loops with else, break and continue.
n = 0
while n < 5:
    n += 1
    if n == 2:
        continue
    print("n =", n)
else:
    print("loop finished normally")

i = 0
while True:
    i += 1
    if i > 3:
        break
print("i =", i)

k = 10
while k > 0:
    if k == 7:
        print("breaking at", k)
        break
    k -= 1
else:
    print("not printed")

while False:
    pass
else:
    print("else of a loop that never ran")
