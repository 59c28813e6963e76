# A self-applying recursive lambda and a nested function recursing through its closure, both switching.
import stackless

out = []
def fact_task(n):
    fact = lambda f, k: 1 if k <= 1 else (stackless.schedule(None) or k * f(f, k - 1))
    out.append(("lambda", fact(fact, n)))

def embedded(n):
    def fib(k):
        stackless.schedule()
        return k if k < 2 else fib(k - 1) + fib(k - 2)
    out.append(("embedded", fib(n)))

stackless.tasklet(fact_task)(10)
stackless.tasklet(embedded)(10)
stackless.run()
print(sorted(out))
