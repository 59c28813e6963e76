# pyperformance-style benchmark (smaller "hexiom"): a hexagonal tile puzzle solved by
# backtracking with pruning. Each numbered tile must touch exactly that many tiles.
import pyperf

DIRECTIONS = [(1, 0), (1, -1), (0, -1), (-1, 0), (-1, 1), (0, 1)]
EMPTY = -1


def hex_cells(radius):
    cells = []
    for q in range(-radius, radius + 1):
        for r in range(-radius, radius + 1):
            if abs(q + r) <= radius:
                cells.append((q, r))
    return cells


class Puzzle:
    def __init__(self, radius, occupied):
        self.cells = hex_cells(radius)
        index = {c: i for i, c in enumerate(self.cells)}
        self.neighbors = []
        for q, r in self.cells:
            adj = []
            for dq, dr in DIRECTIONS:
                n = index.get((q + dq, r + dr))
                if n is not None:
                    adj.append(n)
            self.neighbors.append(adj)
        # Numbers of the tiles of the hidden solution, as a multiset.
        occ = set(index[c] for c in occupied)
        self.counts = [0] * 7
        for i in sorted(occ):
            self.counts[sum(1 for n in self.neighbors[i] if n in occ)] += 1
        self.empties = len(self.cells) - len(occ)

    def consistent(self, assign, i):
        # Check cell i and its neighbors whose constraints can now be judged.
        for c in [i] + self.neighbors[i]:
            v = assign[c]
            if v is None or v == EMPTY:
                continue
            filled = unknown = 0
            for n in self.neighbors[c]:
                if assign[n] is None:
                    unknown += 1
                elif assign[n] != EMPTY:
                    filled += 1
            if filled > v or filled + unknown < v:
                return False
        return True

    def solve(self):
        assign = [None] * len(self.cells)
        counts = self.counts[:]
        solutions = []
        state = {"empties": self.empties, "nodes": 0}

        def place(i):
            if i == len(assign):
                solutions.append(assign[:])
                return
            options = []
            if state["empties"] > 0:
                options.append(EMPTY)
            for v in range(7):
                if counts[v] > 0:
                    options.append(v)
            for v in options:
                state["nodes"] += 1
                assign[i] = v
                if v == EMPTY:
                    state["empties"] -= 1
                else:
                    counts[v] -= 1
                if self.consistent(assign, i):
                    place(i + 1)
                if v == EMPTY:
                    state["empties"] += 1
                else:
                    counts[v] += 1
                assign[i] = None

        place(0)
        return solutions, state["nodes"]

    def render(self, solution):
        lines = []
        radius = max(q for q, r in self.cells)
        for r in range(-radius, radius + 1):
            row = [(q, solution[i]) for i, (q, rr) in enumerate(self.cells) if rr == r]
            text = " ".join("." if v == EMPTY else str(v) for q, v in sorted(row))
            lines.append(" " * abs(r) + text)
        return "\n".join(lines)


SHAPE = [(0, 0), (1, 0), (0, 1), (-1, 1), (-1, 0), (2, -1), (1, -2), (-2, 2), (0, -1)]


def bench(radius):
    puzzle = Puzzle(radius, SHAPE)
    solutions, nodes = puzzle.solve()
    return puzzle, solutions, nodes


if __name__ == "__main__":
    runner = pyperf.Runner()
    runner.metadata["description"] = "Hexagonal tile puzzle by backtracking"
    puzzle, solutions, nodes = bench(2)
    print("tiles by number:", puzzle.counts, "empty cells:", puzzle.empties)
    print("solutions:", len(solutions), "search nodes:", nodes)
    print(puzzle.render(solutions[0]))
    runner.bench_func("hexiom", bench, 2)
