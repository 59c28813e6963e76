# A program whose last line has no newline.
print("no trailing newline")