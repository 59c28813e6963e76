# An exception raised in finally while another propagates: chained traceback.
def cleanup():
    raise RuntimeError("cleanup failed")
def work():
    try:
        raise ValueError("work failed")
    finally:
        cleanup()
work()
