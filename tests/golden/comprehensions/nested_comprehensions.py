# Nested comprehensions: flattening, transposing, and conditional nesting.
matrix = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
print([v for row in matrix for v in row])
print([list(col) for col in zip(*matrix)])
print([[v for v in row if v % 2] for row in matrix])
print({i: [j for j in range(i)] for i in range(4)})
print(sum(sum(v for v in row) for row in matrix))
triples = [(a, b, c) for c in range(1, 21) for b in range(1, c) for a in range(1, b) if a * a + b * b == c * c]
print(triples)
