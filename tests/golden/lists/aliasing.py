# List aliasing, shallow copies and the [[]] * n pitfall.
row = [0] * 3
grid = [row] * 3
grid[0][0] = 1
print(grid)
grid2 = [[0] * 3 for _ in range(3)]
grid2[0][0] = 1
print(grid2)
a = [1, [2, 3]]
b = list(a)
b[1].append(4)
b[0] = 100
print(a, b)
def mutate(lst):
    lst.append("added")
    lst = ["rebound"]
    return lst
orig = []
print(mutate(orig), orig)
