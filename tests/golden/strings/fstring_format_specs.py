# f-string format specs: width, alignment, fill, sign, precision, types, grouping.
v = 3.14159265
n = 1234567
print(f"[{v:.2f}] [{v:10.3f}] [{v:<10.1f}] [{v:^10.2f}] [{v:>+10.2f}] [{v:010.4f}]")
print(f"[{n:,}] [{n:_}] [{n:>12,}] [{-n:,}] [{n:,.2f}]")
print(f"[{n:x}] [{n:X}] [{n:#x}] [{n:o}] [{n:#o}] [{n:b}] [{255:#010b}]")
print(f"[{v:e}] [{v:.3e}] [{v:E}] [{v:g}] [{1e-7:g}] [{123456789.0:g}] [{0.5:%}] [{0.25:.1%}]")
print(f"[{'s':*^9}] [{'left':<8}] [{'right':>8}] [{42:05d}] [{-42:05d}] [{42:+d}] [{42: d}]")
print(f"[{True}] [{1.0:.0f}] [{2.5:.0f}] [{-0.0:.1f}] [{1e20:.2f}] [{0.1:.20f}]")
w, p = 12, 3
print(f"[{v:{w}.{p}f}] [{'x':{'>'}{w}}]")
print(f"[{9731:c}] [{65:c}] [{'abc':.2}] [{'abc':5.1}]")
print(f"[{float('inf'):8.2f}] [{float('nan'):f}] [{-float('inf'):e}]")
print(f"[{1234.5:n}] [{7:3}] [{'r':3}] [{3.0:g}] [{3.0:}] [{1e16:g}] [{1.5e-5:}]")
