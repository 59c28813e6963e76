# pyperformance-style benchmark: a tiny ray tracer (spheres, a plane, Lambert and
# specular shading, shadows and one reflection bounce), rendered to a small grid.
import math
import pyperf


class Vec:
    __slots__ = ("x", "y", "z")

    def __init__(self, x, y, z):
        self.x, self.y, self.z = x, y, z

    def __add__(self, o):
        return Vec(self.x + o.x, self.y + o.y, self.z + o.z)

    def __sub__(self, o):
        return Vec(self.x - o.x, self.y - o.y, self.z - o.z)

    def __mul__(self, k):
        return Vec(self.x * k, self.y * k, self.z * k)

    __rmul__ = __mul__

    def dot(self, o):
        return self.x * o.x + self.y * o.y + self.z * o.z

    def length(self):
        return math.sqrt(self.dot(self))

    def normalized(self):
        return self * (1.0 / self.length())


class Ray:
    def __init__(self, origin, direction):
        self.origin = origin
        self.direction = direction.normalized()

    def at(self, t):
        return self.origin + self.direction * t


class Sphere:
    def __init__(self, center, radius, color, shine):
        self.center, self.radius, self.color, self.shine = center, radius, color, shine

    def hit(self, ray):
        oc = ray.origin - self.center
        b = oc.dot(ray.direction)
        c = oc.dot(oc) - self.radius * self.radius
        disc = b * b - c
        if disc < 0:
            return None
        root = math.sqrt(disc)
        for t in (-b - root, -b + root):
            if t > 1e-6:
                return t
        return None

    def normal(self, point):
        return (point - self.center).normalized()


class Plane:
    def __init__(self, point, normal, color, shine):
        self.point, self.n, self.color, self.shine = point, normal.normalized(), color, shine

    def hit(self, ray):
        denom = self.n.dot(ray.direction)
        if abs(denom) < 1e-9:
            return None
        t = (self.point - ray.origin).dot(self.n) / denom
        return t if t > 1e-6 else None

    def normal(self, point):
        return self.n


class Scene:
    def __init__(self):
        self.objects = [
            Sphere(Vec(0.0, 1.0, 5.0), 1.0, 0.9, 0.3),
            Sphere(Vec(-2.0, 0.6, 6.5), 0.6, 0.6, 0.0),
            Sphere(Vec(1.8, 0.5, 4.0), 0.5, 0.75, 0.6),
            Plane(Vec(0.0, 0.0, 0.0), Vec(0.0, 1.0, 0.0), 0.5, 0.2),
        ]
        self.light = Vec(-3.0, 6.0, 1.0)
        self.eye = Vec(0.0, 1.2, 0.0)

    def nearest(self, ray):
        best_t, best = None, None
        for obj in self.objects:
            t = obj.hit(ray)
            if t is not None and (best_t is None or t < best_t):
                best_t, best = t, obj
        return best_t, best

    def shade(self, ray, depth):
        t, obj = self.nearest(ray)
        if obj is None:
            return 0.05
        point = ray.at(t)
        normal = obj.normal(point)
        to_light = self.light - point
        dist = to_light.length()
        to_light = to_light * (1.0 / dist)
        brightness = 0.1
        shadow_t, _ = self.nearest(Ray(point, to_light))
        if shadow_t is None or shadow_t > dist:
            brightness += max(0.0, normal.dot(to_light)) * obj.color
        if obj.shine > 0 and depth < 2:
            reflected = ray.direction - normal * (2 * ray.direction.dot(normal))
            brightness += obj.shine * self.shade(Ray(point, reflected), depth + 1)
        return min(brightness, 1.0)


def render(width, height):
    scene = Scene()
    rows = []
    for j in range(height):
        row = []
        for i in range(width):
            x = (i - width / 2) / width * 2.0
            y = (height / 2 - j) / height * 1.5
            ray = Ray(scene.eye, Vec(x, y, 1.5))
            row.append(scene.shade(ray, 0))
        rows.append(row)
    return rows


if __name__ == "__main__":
    runner = pyperf.Runner()
    runner.metadata["description"] = "Tiny ray tracer"
    image = render(48, 20)
    shades = " .:-=+*#%@"
    for row in image:
        print("".join(shades[min(9, int(v * 10))] for v in row))
    print("sum: %.9f" % sum(sum(row) for row in image))
    print(repr(image[10][24]))
    runner.bench_func("raytrace", render, 24, 10)
