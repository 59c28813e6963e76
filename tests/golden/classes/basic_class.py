# A class with __init__, instance attributes and methods.
class Account:
    def __init__(self, owner, balance=0):
        self.owner = owner
        self.balance = balance
    def deposit(self, amount):
        self.balance += amount
        return self
    def withdraw(self, amount):
        if amount > self.balance:
            return False
        self.balance -= amount
        return True
a = Account("ann")
a.deposit(100).deposit(50)
print(a.owner, a.balance, a.withdraw(500), a.withdraw(30), a.balance)
b = Account("bob", 10)
print(b.balance, type(a).__name__, type(a) is Account, isinstance(a, Account))
a.nickname = "annie"
print(a.nickname, hasattr(b, "nickname"))
