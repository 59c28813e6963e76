"""Floating point: a gravitational n-body integration of a made-up star
system (a heavy star, three planets and a few moons) with a leapfrog
scheme. Bodies are lists of floats; the energy before and after is the
checksum."""
import sys


def make_system():
    # name, mass, position (x, y, z), velocity (vx, vy, vz) in arbitrary units.
    specs = [
        (1000.0, (0.0, 0.0, 0.0), (0.0, 0.0, 0.0)),
        (1.0, (10.0, 0.0, 0.1), (0.0, 10.0, 0.0)),
        (0.5, (0.0, -16.0, -0.2), (7.9, 0.0, 0.05)),
        (3.0, (-25.0, 2.0, 0.0), (0.3, -6.3, 0.0)),
        (0.01, (10.5, 0.0, 0.1), (0.0, 11.4, 0.02)),
        (0.02, (-25.0, 2.8, 0.0), (-1.2, -6.3, 0.0)),
        (0.003, (0.0, -16.4, -0.2), (6.8, 0.0, 0.0)),
    ]
    bodies = []
    for mass, pos, vel in specs:
        bodies.append([pos[0], pos[1], pos[2], vel[0], vel[1], vel[2], mass])
    # Move to the centre-of-mass frame.
    total = sum(b[6] for b in bodies)
    for k in (3, 4, 5):
        momentum = sum(b[k] * b[6] for b in bodies)
        for b in bodies:
            b[k] -= momentum / total
    return bodies


def energy(bodies):
    e = 0.0
    n = len(bodies)
    for i in range(n):
        bi = bodies[i]
        e += 0.5 * bi[6] * (bi[3] * bi[3] + bi[4] * bi[4] + bi[5] * bi[5])
        for j in range(i + 1, n):
            bj = bodies[j]
            dx = bi[0] - bj[0]
            dy = bi[1] - bj[1]
            dz = bi[2] - bj[2]
            e -= bi[6] * bj[6] / (dx * dx + dy * dy + dz * dz) ** 0.5
    return e


def advance(bodies, pairs, dt, steps):
    for _ in range(steps):
        for bi, bj in pairs:
            dx = bi[0] - bj[0]
            dy = bi[1] - bj[1]
            dz = bi[2] - bj[2]
            d2 = dx * dx + dy * dy + dz * dz
            mag = dt / (d2 * d2 ** 0.5)
            mi = bi[6] * mag
            mj = bj[6] * mag
            bi[3] -= dx * mj
            bi[4] -= dy * mj
            bi[5] -= dz * mj
            bj[3] += dx * mi
            bj[4] += dy * mi
            bj[5] += dz * mi
        for b in bodies:
            b[0] += dt * b[3]
            b[1] += dt * b[4]
            b[2] += dt * b[5]


def run(iterations):
    results = []
    for i in range(iterations):
        bodies = make_system()
        pairs = [(bodies[a], bodies[b]) for a in range(len(bodies)) for b in range(a + 1, len(bodies))]
        before = energy(bodies)
        advance(bodies, pairs, 0.001, 2000)
        after = energy(bodies)
        results.append((before, after))
    return results


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 35
    res = run(n)
    print("nbody", n, "%.9f %.9f" % res[-1], repr(res[0][1]))
