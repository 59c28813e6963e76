# \N{NAME} escapes in string literals (named Unicode characters).
print("\N{GREEK SMALL LETTER ALPHA}\N{GREEK SMALL LETTER BETA}")
print("\N{EURO SIGN} \N{LATIN SMALL LETTER E WITH ACUTE} \N{SNOWMAN}")
print(len("\N{EM DASH}"), ord("\N{DEGREE SIGN}"), "\N{LATIN CAPITAL LETTER A}" == "A")
