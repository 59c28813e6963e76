# __name__ is "__main__" in the program and the module name in an imported module.
import _guarded
print("program __name__:", __name__)
print(_guarded.describe())
def main():
    print("main() ran")
if __name__ == "__main__":
    main()
