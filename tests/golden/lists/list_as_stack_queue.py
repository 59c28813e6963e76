# Using a list as a stack and (slowly) as a queue.
stack = []
for i in range(5):
    stack.append(i * i)
while stack:
    print("pop", stack.pop())
queue = ["a", "b", "c"]
queue.append("d")
while queue:
    print("dequeue", queue.pop(0), queue)
