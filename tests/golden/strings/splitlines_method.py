# splitlines with and without keepends; various line endings.
text = "one\ntwo\r\nthree\rfour\n\nsix"
print(text.splitlines())
print(text.splitlines(True))
print("".splitlines(), "x\n".splitlines(), "\n".splitlines())
print("a\n\nb".split("\n"))
