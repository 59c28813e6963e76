# raise ... from e, uncaught: "The above exception was the direct cause".
class AppError(Exception):
    pass
def fetch(d, key):
    try:
        return d[key]
    except KeyError as e:
        raise AppError("missing setting " + key) from e
def main():
    settings = {"a": 1}
    print(fetch(settings, "a"))
    print(fetch(settings, "b"))
main()
