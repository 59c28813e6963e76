# from module import names, with renaming.
from _geometry import area, Point as P, PI
from _geometry import UNIT as unit_name
import _geometry as geo
print(area(1), P(0, 0), PI, unit_name, geo.area(3) == area(3))
print(P is geo.Point)
