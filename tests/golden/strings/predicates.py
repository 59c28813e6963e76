# The is* predicates on a table of sample strings.
samples = ["abc", "ABC", "Abc Def", "123", "12.5", "a1", "", " \t\n", "abc ", "Hello World", "x_y", "٣"]
for s in samples:
    print(repr(s), s.isalpha(), s.isdigit(), s.isalnum(), s.isspace(), s.isupper(),
          s.islower(), s.istitle(), s.isdecimal(), s.isnumeric(), s.isidentifier())
