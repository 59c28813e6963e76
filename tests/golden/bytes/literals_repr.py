# bytes literals and their repr.
print(b"abc", b'single', b"with \"quotes\"", b'it\'s', b"\x00\x01\xff", b"\n\t\r\\")
print(rb"raw\n", br"\x41", b"A\x42C", b"", b"\x7f\x80")
print(type(b"x").__name__, len(b"\x00\x00"), b"abc" == b"abc", b"abc" == "abc")
print(repr(b"'"), repr(b'"'), repr(b"'\""))
