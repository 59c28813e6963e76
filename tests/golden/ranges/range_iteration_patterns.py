# Common loop patterns over ranges: countdown, stepping, nested ranges and sums.
for i in range(3, 0, -1):
    print("countdown", i)
print([i * i for i in range(1, 11) if i % 3 == 0])
total = 0
for i in range(1, 5):
    for j in range(i):
        total += i * j
print(total)
print(list(zip(range(3), range(10, 13))), list(enumerate(range(5, 8), 1)))
big = range(0, 10 ** 12, 3)
print(len(big), big[10 ** 10], 999999999999 in big)
