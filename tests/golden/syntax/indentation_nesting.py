# Deeply nested blocks with mixed indentation widths per block.
def classify(n):
  if n > 0:
      if n % 2 == 0:
              return "positive even"
      else:
         return "positive odd"
  elif n == 0:
    return "zero"
  else:
   return "negative"

for n in (4, 3, 0, -2):
    print(n, classify(n))

for i in range(2):
    for j in range(2):
        for k in range(2):
            if i == j == k:
                print("same", i)
print("done")
