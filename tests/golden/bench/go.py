# pyperformance-style benchmark (smaller "go"): random playouts of the game of Go on a
# 7x7 board with captures, suicide and simple-ko rules, and area scoring. Moves come
# from a deterministic linear congruential generator.
import pyperf

EMPTY, BLACK, WHITE = 0, 1, 2
SYMBOLS = ".XO"


def other(color):
    return BLACK if color == WHITE else WHITE


class Random:
    def __init__(self, seed):
        self.state = seed

    def below(self, n):
        self.state = (self.state * 1664525 + 1013904223) % 4294967296
        return (self.state >> 7) % n


class Board:
    def __init__(self, size):
        self.size = size
        self.cells = [EMPTY] * (size * size)
        self.neighbors = []
        for p in range(size * size):
            row, col = divmod(p, size)
            adj = []
            if row > 0:
                adj.append(p - size)
            if row < size - 1:
                adj.append(p + size)
            if col > 0:
                adj.append(p - 1)
            if col < size - 1:
                adj.append(p + 1)
            self.neighbors.append(adj)
        self.ko = -1
        self.captured = [0, 0, 0]

    def group(self, start):
        """Return (stones, liberty count) of the group at [start]."""
        color = self.cells[start]
        stones = [start]
        seen = {start}
        liberties = set()
        i = 0
        while i < len(stones):
            for n in self.neighbors[stones[i]]:
                c = self.cells[n]
                if c == EMPTY:
                    liberties.add(n)
                elif c == color and n not in seen:
                    seen.add(n)
                    stones.append(n)
            i += 1
        return stones, len(liberties)

    def legal(self, p, color):
        if self.cells[p] != EMPTY or p == self.ko:
            return False
        self.cells[p] = color
        try:
            for n in self.neighbors[p]:
                if self.cells[n] == other(color) and self.group(n)[1] == 0:
                    return True
            return self.group(p)[1] > 0
        finally:
            self.cells[p] = EMPTY

    def is_own_eye(self, p, color):
        return all(self.cells[n] == color for n in self.neighbors[p])

    def play(self, p, color):
        self.cells[p] = color
        removed = []
        for n in self.neighbors[p]:
            if self.cells[n] == other(color):
                stones, libs = self.group(n)
                if libs == 0:
                    for s in stones:
                        self.cells[s] = EMPTY
                    removed.extend(stones)
        self.captured[color] += len(removed)
        own, libs = self.group(p)
        self.ko = removed[0] if len(removed) == 1 and len(own) == 1 and libs == 1 else -1

    def score(self):
        """Area scoring: stones plus empty regions bordered by one color only."""
        totals = [0, 0, 0]
        visited = [False] * len(self.cells)
        for p, c in enumerate(self.cells):
            if c != EMPTY:
                totals[c] += 1
            elif not visited[p]:
                region = [p]
                visited[p] = True
                borders = set()
                i = 0
                while i < len(region):
                    for n in self.neighbors[region[i]]:
                        cn = self.cells[n]
                        if cn == EMPTY:
                            if not visited[n]:
                                visited[n] = True
                                region.append(n)
                        else:
                            borders.add(cn)
                    i += 1
                if len(borders) == 1:
                    totals[borders.pop()] += len(region)
        return totals[BLACK], totals[WHITE]

    def render(self):
        rows = []
        for r in range(self.size):
            rows.append("".join(SYMBOLS[c] for c in self.cells[r * self.size:(r + 1) * self.size]))
        return "\n".join(rows)


def playout(size, seed, max_moves=200):
    board = Board(size)
    rng = Random(seed)
    color = BLACK
    passes = 0
    moves = 0
    while passes < 2 and moves < max_moves:
        empties = [p for p in range(size * size) if board.cells[p] == EMPTY]
        played = False
        while empties:
            p = empties.pop(rng.below(len(empties)))
            if board.legal(p, color) and not board.is_own_eye(p, color):
                board.play(p, color)
                played = True
                break
        passes = 0 if played else passes + 1
        moves += 1
        color = other(color)
    return board, moves


def bench(games):
    results = []
    for seed in range(1, games + 1):
        board, moves = playout(7, seed)
        black, white = board.score()
        results.append((moves, black, white, board.captured[BLACK], board.captured[WHITE]))
    return results


if __name__ == "__main__":
    runner = pyperf.Runner()
    runner.metadata["description"] = "Random Go playouts on a small board"
    results = bench(12)
    for r in results:
        print("moves=%d black=%d white=%d captures=%d/%d" % r)
    board, moves = playout(7, 2024)
    print(board.render())
    print("wins: black", sum(1 for r in results if r[1] > r[2]), "white", sum(1 for r in results if r[2] > r[1]))
    runner.bench_func("go", bench, 3)
