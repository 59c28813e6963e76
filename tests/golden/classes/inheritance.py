# Single inheritance: overriding, inherited methods, isinstance/issubclass.
class Animal:
    sound = "..."
    def __init__(self, name):
        self.name = name
    def speak(self):
        return f"{self.name} says {self.sound}"
    def kind(self):
        return type(self).__name__
class Dog(Animal):
    sound = "woof"
class Puppy(Dog):
    def speak(self):
        return Dog.speak(self) + " (squeaky)"
class Cat(Animal):
    sound = "meow"
    def speak(self):
        return "purr... " + super().speak()
for a in [Animal("generic"), Dog("rex"), Puppy("bit"), Cat("tom")]:
    print(a.speak(), a.kind())
print(isinstance(Puppy("p"), Animal), issubclass(Puppy, Dog), issubclass(Cat, Dog), issubclass(Dog, object))
print(Puppy.__name__, Puppy.sound, Cat.sound, Animal.sound)
