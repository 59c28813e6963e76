# prickle-test: args=--iterations 300 --reference star
# pyperformance-style benchmark: n-body gravitational simulation (invented 5-body system).
import pyperf

# Units: AU, years, and G * (solar mass) = 4 * pi ** 2.
SOLAR_MASS = 39.47841760435743


def make_system():
    # name, position (AU), velocity (AU/year), mass (solar masses) -- made-up planets.
    raw = [
        ("star", (0.0, 0.0, 0.0), (0.0, 0.0, 0.0), 1.0),
        ("inner", (0.8, 0.1, -0.02), (-0.2, 6.9, 0.05), 3.0e-6),
        ("giant", (5.1, -1.3, 0.1), (0.6, 2.7, -0.01), 9.5e-4),
        ("ringed", (-8.9, 3.6, 0.3), (-1.0, -2.0, 0.04), 2.9e-4),
        ("icy", (12.4, 15.2, -0.5), (-1.3, 1.1, 0.02), 4.4e-5),
    ]
    bodies = []
    for name, pos, vel, mass in raw:
        bodies.append([list(pos), list(vel), mass * SOLAR_MASS, name])
    # Offset the star's momentum so that the total momentum is zero.
    px = py = pz = 0.0
    for pos, vel, mass, name in bodies:
        px += vel[0] * mass
        py += vel[1] * mass
        pz += vel[2] * mass
    star = bodies[0]
    star[1] = [-px / star[2], -py / star[2], -pz / star[2]]
    return bodies


def pairs(bodies):
    result = []
    for i in range(len(bodies)):
        for j in range(i + 1, len(bodies)):
            result.append((bodies[i], bodies[j]))
    return result


def advance(bodies, body_pairs, dt, steps):
    for _ in range(steps):
        for (p1, v1, m1, _n1), (p2, v2, m2, _n2) in body_pairs:
            dx = p1[0] - p2[0]
            dy = p1[1] - p2[1]
            dz = p1[2] - p2[2]
            d2 = dx * dx + dy * dy + dz * dz
            mag = dt * (d2 ** -1.5)
            b1 = m1 * mag
            b2 = m2 * mag
            v1[0] -= dx * b2
            v1[1] -= dy * b2
            v1[2] -= dz * b2
            v2[0] += dx * b1
            v2[1] += dy * b1
            v2[2] += dz * b1
        for pos, vel, _m, _n in bodies:
            pos[0] += dt * vel[0]
            pos[1] += dt * vel[1]
            pos[2] += dt * vel[2]


def energy(bodies, body_pairs):
    e = 0.0
    for (p1, v1, m1, _n1), (p2, v2, m2, _n2) in body_pairs:
        dx = p1[0] - p2[0]
        dy = p1[1] - p2[1]
        dz = p1[2] - p2[2]
        e -= (m1 * m2) / ((dx * dx + dy * dy + dz * dz) ** 0.5)
    for pos, vel, m, _n in bodies:
        e += m * (vel[0] * vel[0] + vel[1] * vel[1] + vel[2] * vel[2]) / 2.0
    return e


def simulate(steps):
    bodies = make_system()
    body_pairs = pairs(bodies)
    before = energy(bodies, body_pairs)
    advance(bodies, body_pairs, 0.01, steps)
    after = energy(bodies, body_pairs)
    return before, after, bodies


def bench_time(loops, steps):
    t0 = pyperf.perf_counter()
    for _ in range(loops):
        simulate(steps)
    return pyperf.perf_counter() - t0


if __name__ == "__main__":
    runner = pyperf.Runner()
    runner.metadata["description"] = "N-body simulation"
    runner.argparser.add_argument("--iterations", type=int, default=1000,
                                  help="number of simulation steps")
    runner.argparser.add_argument("--reference", type=str, default="sun")
    args = runner.parse_args()
    print("iterations:", args.iterations, "reference:", args.reference)
    before, after, bodies = simulate(2000)
    print("%.9f" % before)
    print("%.9f" % after)
    for pos, vel, mass, name in bodies:
        print(name, ["%.6f" % c for c in pos])
    print(repr(after))
    runner.bench_time_func("nbody", bench_time, args.iterations)
