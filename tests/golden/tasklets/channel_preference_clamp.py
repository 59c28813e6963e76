# preference is writable; values other than -1, 0, 1 are clamped to their sign.
import stackless

ch = stackless.channel()
for v in [1, 0, -1, 5, -7, 100, 0, -1]:
    ch.preference = v
    print(v, "->", ch.preference)
