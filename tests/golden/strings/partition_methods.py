# partition and rpartition.
print("key=value=more".partition("="))
print("key=value=more".rpartition("="))
print("novalue".partition("="), "novalue".rpartition("="))
print("a.b.c".rpartition(".")[2], "host:8080".partition(":")[2])
