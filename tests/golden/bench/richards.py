# pyperformance-style benchmark: an operating-system task scheduler simulation
# (the "richards" workload: an idle task, a worker, two handlers and two devices
# exchanging packets). Written for prickle's test suite; prints checksums.
import pyperf

IDLE, WORKER, HANDLER_A, HANDLER_B, DEVICE_A, DEVICE_B = range(6)
DEVICE_PACKET, WORK_PACKET = 0, 1
DATA_SIZE = 4


class Packet:
    def __init__(self, link, dest, kind):
        self.link = link
        self.dest = dest
        self.kind = kind
        self.count = 0
        self.data = [0] * DATA_SIZE

    def append_to(self, queue):
        self.link = None
        if queue is None:
            return self
        tail = queue
        while tail.link is not None:
            tail = tail.link
        tail.link = self
        return queue


class Task:
    def __init__(self, sched, ident, priority, queue, waiting):
        self.sched = sched
        self.ident = ident
        self.priority = priority
        self.queue = queue
        self.waiting = waiting
        self.holding = False
        self.has_packet = queue is not None
        self.next_task = sched.task_list
        sched.task_list = self
        sched.tasks[ident] = self

    def runnable(self):
        if self.holding:
            return False
        return self.has_packet or not self.waiting

    def step(self):
        packet = None
        if self.waiting and self.has_packet:
            packet = self.queue
            self.queue = packet.link
            self.has_packet = self.queue is not None
            self.waiting = False
        return self.run(packet)

    def receive(self, packet, current):
        # Returns the task that should run next.
        if self.queue is None:
            self.queue = packet
            self.has_packet = True
            if self.priority > current.priority:
                return self
        else:
            self.queue = packet.append_to(self.queue)
        return current


class IdleTask(Task):
    def __init__(self, sched, count):
        Task.__init__(self, sched, IDLE, 0, None, False)
        self.control = 1
        self.count = count

    def run(self, packet):
        s = self.sched
        self.count -= 1
        if self.count == 0:
            return s.hold_self()
        if self.control & 1 == 0:
            self.control >>= 1
            return s.release(DEVICE_A)
        self.control = (self.control >> 1) ^ 0xD008
        return s.release(DEVICE_B)


class WorkerTask(Task):
    def __init__(self, sched, queue):
        Task.__init__(self, sched, WORKER, 1000, queue, True)
        self.target = HANDLER_A
        self.letter = 0

    def run(self, packet):
        s = self.sched
        if packet is None:
            return s.wait()
        self.target = HANDLER_B if self.target == HANDLER_A else HANDLER_A
        packet.dest = self.target
        packet.count = 0
        for i in range(DATA_SIZE):
            self.letter += 1
            if self.letter > 26:
                self.letter = 1
            packet.data[i] = self.letter
        return s.send(packet)


class HandlerTask(Task):
    def __init__(self, sched, ident, queue):
        Task.__init__(self, sched, ident, 2000 + ident, queue, True)
        self.work_in = None
        self.device_in = None

    def run(self, packet):
        s = self.sched
        if packet is not None:
            if packet.kind == WORK_PACKET:
                self.work_in = packet.append_to(self.work_in)
            else:
                self.device_in = packet.append_to(self.device_in)
        work = self.work_in
        if work is not None:
            if work.count < DATA_SIZE:
                dev = self.device_in
                if dev is not None:
                    self.device_in = dev.link
                    dev.count = work.data[work.count]
                    work.count += 1
                    return s.send(dev)
            else:
                self.work_in = work.link
                return s.send(work)
        return s.wait()


class DeviceTask(Task):
    def __init__(self, sched, ident):
        Task.__init__(self, sched, ident, 4000 + ident, None, True)
        self.pending = None

    def run(self, packet):
        s = self.sched
        if packet is None:
            if self.pending is None:
                return s.wait()
            p = self.pending
            self.pending = None
            return s.send(p)
        self.pending = packet
        s.output.append(packet.count)
        return s.hold_self()


class Scheduler:
    def __init__(self):
        self.tasks = [None] * 6
        self.task_list = None
        self.current = None
        self.send_count = 0
        self.hold_count = 0
        self.output = []

    def hold_self(self):
        self.hold_count += 1
        self.current.holding = True
        return self.current.next_task

    def release(self, ident):
        task = self.tasks[ident]
        task.holding = False
        if task.priority > self.current.priority:
            return task
        return self.current

    def wait(self):
        self.current.waiting = True
        return self.current

    def send(self, packet):
        target = self.tasks[packet.dest]
        self.send_count += 1
        packet.link = None
        packet.dest = self.current.ident
        return target.receive(packet, self.current)

    def run(self):
        task = self.task_list
        while task is not None:
            if task.runnable():
                self.current = task
                task = task.step()
            else:
                task = task.next_task


def richards(idle_count):
    s = Scheduler()
    IdleTask(s, idle_count)
    work = Packet(None, WORKER, WORK_PACKET)
    work = Packet(work, WORKER, WORK_PACKET)
    WorkerTask(s, work)
    for handler, device in ((HANDLER_A, DEVICE_A), (HANDLER_B, DEVICE_B)):
        q = Packet(None, device, DEVICE_PACKET)
        q = Packet(q, device, DEVICE_PACKET)
        q = Packet(q, device, DEVICE_PACKET)
        HandlerTask(s, handler, q)
    DeviceTask(s, DEVICE_A)
    DeviceTask(s, DEVICE_B)
    s.run()
    return s.send_count, s.hold_count, sum(s.output), len(s.output)


if __name__ == "__main__":
    runner = pyperf.Runner()
    runner.metadata["description"] = "Task scheduler simulation (richards-like)"
    print("checksum:", richards(1000))
    runner.bench_func("richards", richards, 1000)
