# pyperformance-style benchmark: an incremental one-way constraint solver in the spirit
# of DeltaBlue -- constraints with strengths, local propagation planning, edits
# applied through a chain and through scale (projection) constraints.
import pyperf

# Strengths: a smaller number is stronger.
REQUIRED, STRONG_PREFERRED, PREFERRED, STRONG_DEFAULT, NORMAL, WEAK_DEFAULT, WEAKEST = range(7)


class Variable:
    def __init__(self, name, value=0):
        self.name = name
        self.value = value
        self.constraints = []
        self.determined_by = None
        self.walk_strength = WEAKEST
        self.stay = True
        self.mark = 0

    def __repr__(self):
        return "%s=%s" % (self.name, self.value)


class Constraint:
    def __init__(self, strength):
        self.strength = strength

    def add(self, planner):
        for v in self.variables():
            v.constraints.append(self)
        planner.incremental_add(self)

    def remove(self, planner):
        for v in self.variables():
            v.constraints.remove(self)
        planner.incremental_remove(self)


class UnaryConstraint(Constraint):
    def __init__(self, var, strength):
        Constraint.__init__(self, strength)
        self.output = var
        self.satisfied = False

    def variables(self):
        return [self.output]

    def choose_method(self, mark):
        self.satisfied = (self.output.mark != mark
                          and self.strength < self.output.walk_strength)

    def is_satisfied(self):
        return self.satisfied

    def inputs_known(self, mark):
        return True

    def output_var(self):
        return self.output

    def mark_inputs(self, mark):
        pass

    def mark_unsatisfied(self):
        self.satisfied = False

    def recalculate(self):
        self.output.walk_strength = self.strength
        self.output.stay = not self.is_input()
        if self.output.stay:
            self.execute()


class StayConstraint(UnaryConstraint):
    def is_input(self):
        return False

    def execute(self):
        pass


class EditConstraint(UnaryConstraint):
    def is_input(self):
        return True

    def execute(self):
        pass


class BinaryConstraint(Constraint):
    def __init__(self, a, b, strength):
        Constraint.__init__(self, strength)
        self.a = a
        self.b = b
        self.direction = None  # "forward" writes b, "backward" writes a

    def variables(self):
        return [self.a, self.b]

    def choose_method(self, mark):
        a, b = self.a, self.b
        if a.mark == mark:
            self.direction = "forward" if b.mark != mark and self.strength < b.walk_strength else None
        elif b.mark == mark:
            self.direction = "backward" if self.strength < a.walk_strength else None
        elif a.walk_strength > b.walk_strength:
            self.direction = "backward" if self.strength < a.walk_strength else None
        else:
            self.direction = "forward" if self.strength < b.walk_strength else None

    def is_satisfied(self):
        return self.direction is not None

    def input_var(self):
        return self.a if self.direction == "forward" else self.b

    def output_var(self):
        return self.b if self.direction == "forward" else self.a

    def mark_inputs(self, mark):
        self.input_var().mark = mark

    def inputs_known(self, mark):
        i = self.input_var()
        return i.mark == mark or i.stay or i.determined_by is None

    def mark_unsatisfied(self):
        self.direction = None

    def recalculate(self):
        i, o = self.input_var(), self.output_var()
        o.walk_strength = max(self.strength, i.walk_strength)
        o.stay = i.stay
        if o.stay:
            self.execute()


class EqualityConstraint(BinaryConstraint):
    def execute(self):
        self.output_var().value = self.input_var().value


class ScaleConstraint(BinaryConstraint):
    def __init__(self, src, scale, offset, dest, strength):
        self.scale = scale
        self.offset = offset
        BinaryConstraint.__init__(self, src, dest, strength)

    def variables(self):
        return [self.a, self.b, self.scale, self.offset]

    def mark_inputs(self, mark):
        BinaryConstraint.mark_inputs(self, mark)
        self.scale.mark = mark
        self.offset.mark = mark

    def execute(self):
        if self.direction == "forward":
            self.b.value = self.a.value * self.scale.value + self.offset.value
        else:
            self.a.value = (self.b.value - self.offset.value) // self.scale.value

    def recalculate(self):
        i, o = self.input_var(), self.output_var()
        o.walk_strength = max(self.strength, i.walk_strength)
        o.stay = i.stay and self.scale.stay and self.offset.stay
        if o.stay:
            self.execute()


class Planner:
    def __init__(self):
        self.mark = 0

    def new_mark(self):
        self.mark += 1
        return self.mark

    def incremental_add(self, c):
        mark = self.new_mark()
        overridden = self.satisfy(c, mark)
        while overridden is not None:
            overridden = self.satisfy(overridden, mark)

    def satisfy(self, c, mark):
        c.choose_method(mark)
        if not c.is_satisfied():
            if c.strength == REQUIRED:
                raise RuntimeError("could not satisfy a required constraint")
            return None
        c.mark_inputs(mark)
        out = c.output_var()
        overridden = out.determined_by
        if overridden is not None:
            overridden.mark_unsatisfied()
        out.determined_by = c
        if not self.add_propagate(c, mark):
            raise RuntimeError("cycle encountered")
        out.mark = mark
        return overridden

    def incremental_remove(self, c):
        out = c.output_var()
        c.mark_unsatisfied()
        if out.determined_by is c:
            out.determined_by = None
        out.walk_strength = WEAKEST
        unsatisfied = self.remove_propagate_from(out)
        for strength in range(REQUIRED, WEAKEST + 1):
            for u in unsatisfied:
                if u.strength == strength:
                    self.incremental_add(u)

    def add_propagate(self, c, mark):
        todo = [c]
        while todo:
            d = todo.pop()
            if d.output_var().mark == mark:
                return False
            d.recalculate()
            self.add_consumers(d.output_var(), todo)
        return True

    def add_consumers(self, v, todo):
        # Every satisfied constraint other than the one determining v uses v as input.
        for c in v.constraints:
            if c is not v.determined_by and c.is_satisfied():
                todo.append(c)

    def remove_propagate_from(self, out):
        unsatisfied = []
        out.determined_by = None
        out.walk_strength = WEAKEST
        out.stay = True
        todo = [out]
        while todo:
            v = todo.pop()
            for c in v.constraints:
                if not c.is_satisfied():
                    unsatisfied.append(c)
            for c in v.constraints:
                if c is not v.determined_by and c.is_satisfied():
                    c.recalculate()
                    todo.append(c.output_var())
        return unsatisfied

    def make_plan(self, sources):
        mark = self.new_mark()
        plan = []
        todo = list(sources)
        while todo:
            c = todo.pop(0)
            out = c.output_var()
            if out.mark != mark and c.inputs_known(mark):
                plan.append(c)
                out.mark = mark
                self.add_consumers(out, todo)
        return plan

    def extract_plan(self, constraints):
        sources = [c for c in constraints if c.is_input() and c.is_satisfied()]
        return self.make_plan(sources)


def run_plan(plan):
    for c in plan:
        c.execute()


def change(planner, var, new_value, log):
    edit = EditConstraint(var, PREFERRED)
    edit.add(planner)
    plan = planner.extract_plan([edit])
    for _ in range(5):
        var.value = new_value
        run_plan(plan)
    log.append(len(plan))
    edit.remove(planner)


def chain_test(n):
    planner = Planner()
    variables = [Variable("v%d" % i) for i in range(n + 1)]
    for i in range(n):
        EqualityConstraint(variables[i], variables[i + 1], REQUIRED).add(planner)
    StayConstraint(variables[n], STRONG_DEFAULT).add(planner)
    edit = EditConstraint(variables[0], PREFERRED)
    edit.add(planner)
    plan = planner.extract_plan([edit])
    total = 0
    for value in range(50):
        variables[0].value = value
        run_plan(plan)
        total += variables[n].value
    edit.remove(planner)
    return total, len(plan), variables[n].value


def projection_test(n):
    planner = Planner()
    scale = Variable("scale", 10)
    offset = Variable("offset", 1000)
    src = dst = None
    dests = []
    for i in range(n):
        src = Variable("src%d" % i, i)
        dst = Variable("dst%d" % i, i)
        dests.append(dst)
        StayConstraint(src, NORMAL).add(planner)
        ScaleConstraint(src, scale, offset, dst, REQUIRED).add(planner)
    log = []
    change(planner, src, 17, log)
    first = dst.value
    change(planner, dst, 1050, log)
    second = src.value
    change(planner, scale, 5, log)
    scaled = sum(d.value for d in dests)
    change(planner, offset, 2000, log)
    offset_sum = sum(d.value for d in dests)
    return first, second, scaled, offset_sum, log


def deltablue(n):
    return chain_test(n), projection_test(n)


if __name__ == "__main__":
    runner = pyperf.Runner()
    runner.metadata["description"] = "Incremental constraint solver (DeltaBlue-like)"
    chain, projection = deltablue(100)
    print("chain:", chain)
    print("projection:", projection)
    runner.bench_func("deltablue", deltablue, 50)
