# import of a sibling module file and use of its attributes.
import _geometry
print(_geometry.PI, _geometry.UNIT, _geometry.area(2))
p = _geometry.Point(1, 2)
print(p, p.dist2(_geometry.Point(4, 6)), type(p).__name__)
print(_geometry.__name__, _geometry._private)
_geometry.UNIT = "mm"
import _geometry as again
print(again.UNIT, again is _geometry)
