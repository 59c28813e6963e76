# An uncaught user-defined exception with a custom message; output before it is kept.
class InsufficientFunds(Exception):
    pass
def withdraw(balance, amount):
    if amount > balance:
        raise InsufficientFunds(f"balance {balance} < {amount}")
    return balance - amount
print(withdraw(100, 30))
print(withdraw(50, 80))
print("never printed")
