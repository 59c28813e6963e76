# open() in binary mode: bytes in, bytes out; files named _tmp_* are removed by the runner.
name = "_tmp_open_binary.bin"
data = bytes(range(256))
with open(name, "wb") as f:
    print(f.write(data))
    f.write(b"\x00tail")
with open(name, "rb") as f:
    content = f.read()
print(len(content), content[:4], content[-5:], content[:256] == data)
with open(name, "rb") as f:
    print(f.read(3), f.read(2), len(f.read()))
with open(name, "wb") as f:
    f.write("text as utf-8: é".encode("utf-8"))
with open(name, "rb") as f:
    raw = f.read()
print(raw, raw.decode("utf-8"))
with open(name) as f:
    print(f.read())
