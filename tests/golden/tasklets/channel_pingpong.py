# Two tasklets play ping-pong over two channels; main collects the final count.
import stackless

ping = stackless.channel()
pong = stackless.channel()
done = stackless.channel()

def player_ping(n):
    for i in range(n):
        ping.send(i)
        r = pong.receive()
        print("ping got", r)
    done.send(n)

def player_pong():
    while True:
        v = ping.receive()
        pong.send(v + 100)

stackless.tasklet(player_ping)(4)
stackless.tasklet(player_pong)()
print("rounds:", done.receive())
