# Main killing itself raises TaskletExit in main; uncaught, it ends the program quietly with status 0.
import stackless

main = stackless.getmain()
try:
    main.kill()
except TaskletExit:
    print("main caught its own TaskletExit")
print("main alive:", main.alive)
try:
    print("main kills itself for good")
    main.kill()
finally:
    print("main's finally runs")
print("not reached")
