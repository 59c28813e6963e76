# Importing a missing module or a missing name raises an ImportError subclass.
try:
    import _no_such_module_here
except Exception as e:
    print(type(e).__name__, "|", e, "|", isinstance(e, ImportError))
try:
    from _geometry import no_such_name
except Exception as e:
    print(type(e).__name__, "|", isinstance(e, ImportError))
import _geometry
print("import still works:", _geometry.UNIT)
