"""Classes and method calls: a discrete-event simulation of a small
warehouse. Robots (subclasses of Agent) take orders from a priority queue
written as a class, move between shelves and report statistics.
Exercises attribute access, bound methods, inheritance with super(),
properties, class/static methods and __lt__ in a hand-written heap."""
import sys


class Random:
    """A small linear congruential generator (deterministic everywhere)."""

    def __init__(self, seed):
        self.state = seed

    def next(self):
        self.state = (self.state * 1103515245 + 12345) & 0x7FFFFFFF
        return self.state

    def below(self, n):
        return self.next() % n


class Event:
    __slots__ = ("time", "seq", "agent")

    def __init__(self, time, seq, agent):
        self.time = time
        self.seq = seq
        self.agent = agent

    def __lt__(self, other):
        if self.time != other.time:
            return self.time < other.time
        return self.seq < other.seq


class Heap:
    def __init__(self):
        self.items = []

    def __len__(self):
        return len(self.items)

    def push(self, item):
        items = self.items
        items.append(item)
        i = len(items) - 1
        while i > 0:
            parent = (i - 1) // 2
            if items[i] < items[parent]:
                items[i], items[parent] = items[parent], items[i]
                i = parent
            else:
                break

    def pop(self):
        items = self.items
        top = items[0]
        last = items.pop()
        if items:
            items[0] = last
            i = 0
            n = len(items)
            while True:
                left = 2 * i + 1
                if left >= n:
                    break
                child = left
                right = left + 1
                if right < n and items[right] < items[left]:
                    child = right
                if items[child] < items[i]:
                    items[i], items[child] = items[child], items[i]
                    i = child
                else:
                    break
        return top


class Order:
    count = 0

    def __init__(self, shelf, size):
        Order.count += 1
        self.ident = Order.count
        self.shelf = shelf
        self.size = size

    @classmethod
    def reset(cls):
        cls.count = 0


class Agent:
    def __init__(self, name, world):
        self.name = name
        self.world = world
        self.busy_time = 0

    def act(self, now):
        raise NotImplementedError

    @property
    def utilisation(self):
        return self.busy_time * 100 // max(self.world.now, 1)


class Robot(Agent):
    def __init__(self, name, world, speed):
        super().__init__(name, world)
        self.speed = speed
        self.position = 0
        self.delivered = 0
        self.carried = 0

    @staticmethod
    def distance(a, b):
        return a - b if a > b else b - a

    def travel_time(self, target):
        return self.distance(self.position, target) // self.speed + 1

    def act(self, now):
        order = self.world.next_order()
        if order is None:
            return now + 5
        t = self.travel_time(order.shelf)
        self.position = order.shelf
        t += self.travel_time(0)
        self.position = 0
        self.busy_time += t
        self.delivered += 1
        self.carried += order.size
        return now + t


class Generator(Agent):
    def __init__(self, name, world, rng):
        super().__init__(name, world)
        self.rng = rng

    def act(self, now):
        for _ in range(1 + self.rng.below(3)):
            self.world.add_order(Order(self.rng.below(200), 1 + self.rng.below(9)))
        return now + 2 + self.rng.below(4)


class World:
    def __init__(self, robots, seed):
        self.now = 0
        self.seq = 0
        self.queue = Heap()
        self.orders = []
        self.head = 0
        rng = Random(seed)
        self.robots = [Robot("r%d" % i, self, 1 + i % 4) for i in range(robots)]
        self.schedule(0, Generator("gen", self, rng))
        for r in self.robots:
            self.schedule(0, r)

    def schedule(self, time, agent):
        self.seq += 1
        self.queue.push(Event(time, self.seq, agent))

    def add_order(self, order):
        self.orders.append(order)

    def next_order(self):
        if self.head < len(self.orders):
            order = self.orders[self.head]
            self.head += 1
            return order
        return None

    def run(self, until):
        while len(self.queue):
            event = self.queue.pop()
            if event.time > until:
                break
            self.now = event.time
            self.schedule(event.agent.act(self.now), event.agent)

    def report(self):
        delivered = sum(r.delivered for r in self.robots)
        carried = sum(r.carried for r in self.robots)
        util = sum(r.utilisation for r in self.robots)
        return delivered * 1000000 + carried * 100 + util + (len(self.orders) - self.head)


def run(iterations):
    total = 0
    for i in range(iterations):
        Order.reset()
        world = World(12, 42 + i)
        world.run(6000)
        total += world.report()
    return total


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    print("oo_sim", n, run(n))
