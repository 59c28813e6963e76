# String literal forms: quotes, escapes, raw, triple-quoted, adjacent concatenation.
print('single', "double")
print('it\'s', "say \"hi\"")
print("tab:\t|newline:\n|backslash:\\|")
print("\x41\x62 \101 \u00e9 \U0001F600 \u03b1")
print(r"raw \n stays \t")
print(R'raw too \d+')
s = """triple
  quoted 'with' "quotes"
end"""
print(s)
t = '''another
one'''
print(t)
print("adjacent " 'strings ' """are joined""")
print("line one \
continues")
print(len("\n"), len(r"\n"))
print("" == '', repr(""))
print(repr('a"b'), repr("a'b"), repr("a'b\"c"))
