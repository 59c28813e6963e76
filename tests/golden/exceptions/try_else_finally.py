# Every combination of except, else and finally, with and without an exception.
def run(fail):
    try:
        print("  try")
        if fail:
            raise RuntimeError("boom")
    except RuntimeError as e:
        print("  except", e)
    else:
        print("  else")
    finally:
        print("  finally")
print("no failure:"); run(False)
print("failure:"); run(True)
def only_finally(fail):
    try:
        if fail:
            raise KeyError("k")
        print("  body ok")
    finally:
        print("  cleanup")
only_finally(False)
try:
    only_finally(True)
except KeyError as e:
    print("  propagated", e)
try:
    pass
except Exception:
    print("never")
else:
    print("else without exception")
