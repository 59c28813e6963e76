# repr() of strings: quote choice and escaping of control and non-ASCII characters.
for s in ["plain", "it's", 'say "x"', "both ' and \"", "tab\tnl\ncr\r", "back\\slash",
          "\x00\x07\x1b\x7f", "é ü ñ", "中文", "\u200b", "\U0001F600", "\x80\x9f\xa0"]:
    print(repr(s))
print([ "a'b", 'c"d' ])
print(str("é"), str("中") == "中")
