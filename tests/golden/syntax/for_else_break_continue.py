# for loops: else clause, break, continue, nested loops, loop variable after loop.
def find(seq, target):
    for i, x in enumerate(seq):
        if x == target:
            print("found", target, "at", i)
            break
    else:
        print(target, "not found")

find([3, 1, 4, 1, 5], 4)
find([3, 1, 4, 1, 5], 9)

odds = []
for x in range(10):
    if x % 2 == 0:
        continue
    odds.append(x)
print(odds)

for x in []:
    pass
else:
    print("empty loop else")

for i in range(3):
    for j in range(3):
        if j > i:
            break
        print(i, j, end="; ")
print()
print("loop variable keeps last value:", i)

primes = []
for n in range(2, 30):
    for p in primes:
        if n % p == 0:
            break
    else:
        primes.append(n)
print(primes)
