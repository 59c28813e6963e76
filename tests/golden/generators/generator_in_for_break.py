# Breaking out of a for loop over a generator; the generator stays suspended.
def numbers():
    try:
        n = 0
        while True:
            yield n
            n += 1
    finally:
        print("numbers finalized")
g = numbers()
for x in g:
    if x == 3:
        break
print("after break, next is", next(g))
g.close()
print("end")
