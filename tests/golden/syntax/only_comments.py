# Only comments and blank lines: a valid program that prints nothing.

    # an indented comment

# the end
