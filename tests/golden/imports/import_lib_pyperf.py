# The project library folder is on the module search path: import pyperf.
import pyperf
import time
runner = pyperf.Runner()
runner.metadata["description"] = "import test"
print(sorted(runner.metadata.items()), pyperf.perf_counter is time.perf_counter)
print(callable(runner.bench_func), callable(runner.bench_time_func))
