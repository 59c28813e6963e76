#!/usr/bin/env python3
"""Generate tests/unit/strnum_cases.h: operations on str/bytes/int/float with
the results CPython 3.11 gives (repr of the result, or "Type: message" of the
exception). test_strnum.c replays them against prickle's C implementation.

Usage: python3 tests/unit/gen_strnum_cases.py > tests/unit/strnum_cases.h
"""
import math
import random
import struct
import sys

cases = []


def enc(v):
    if v is None:
        return 'N'
    if v is True:
        return 'T'
    if v is False:
        return 'F'
    if isinstance(v, int):
        return 'i%d' % v
    if isinstance(v, float):
        return 'f%016x' % struct.unpack('<Q', struct.pack('<d', v))[0]
    if isinstance(v, str):
        return 's' + v.encode('utf-8', 'surrogatepass').hex()
    if isinstance(v, bytes):
        return 'b' + v.hex()
    if isinstance(v, tuple):
        return '(' + ' '.join(enc(x) for x in v) + ')'
    if isinstance(v, list):
        return '[' + ' '.join(enc(x) for x in v) + ']'
    if isinstance(v, dict):
        return '{' + ' '.join(enc(k) + ' ' + enc(x) for k, x in v.items()) + '}'
    raise TypeError(v)


def outcome(fn):
    try:
        r = fn()
    except Exception as e:
        return 'E%s: %s' % (type(e).__name__, e)
    if type(r) is int and not -2 ** 63 <= r < 2 ** 63:
        # The one deliberate difference from CPython: ints are 64-bit.
        return 'EOverflowError: integer overflow (prickle ints are 64-bit)'
    return 'R' + repr(r)


def case(op, args, fn):
    cases.append((op, ' '.join(enc(a) for a in args), outcome(fn)))


def method(name, self, *args):
    case('method:' + name, (self,) + args, lambda: getattr(self, name)(*args))


def methkw(name, self, args, kwargs):
    # keyword arguments: encoded as a trailing dict argument
    case('methkw:' + name, (self,) + tuple(args) + (kwargs,),
         lambda: getattr(self, name)(*args, **kwargs))


def fmt(v, spec):
    case('format', (v, spec), lambda: format(v, spec))


def mod(f, a):
    case('mod', (f, a), lambda: f % a)


def call(t, *args):
    case('call:' + t.__name__, args, lambda: t(*args))


# ---- float repr -----------------------------------------------------------------------
random.seed(1234)
specials = [0.0, -0.0, 1.0, -1.0, 0.1, 0.2, 0.30000000000000004, 1e16, 1e15, 123456789012345678.0,
            1e-5, 1e-4, 0.0001, 0.001, 1.5e300, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
            float('inf'), float('-inf'), float('nan'), 2.0 ** 63, 2.0 ** 64, 2.0 ** -1074, 9007199254740993.0,
            1 / 3, 2 / 3, 100.0, 1e22, 1e23, 12345.678, 9.999999999999999e22, 0.5, 2.675, 1e100, 4.35,
            0.3, 2 ** 0.5, math.pi, math.e, 1e-7, 123e-20]
for e in range(-1074, 1024, 7):
    specials.append(2.0 ** e)
for _ in range(1500):
    bits = random.getrandbits(64)
    d = struct.unpack('<d', struct.pack('<Q', bits))[0]
    if math.isfinite(d):
        specials.append(d)
for _ in range(500):
    specials.append(round(random.uniform(-1000, 1000), random.randint(0, 6)))
    specials.append(random.randint(1, 10 ** random.randint(1, 17)) / 10 ** random.randint(0, 20))
for k, d in enumerate(specials):
    case('repr', (d,), lambda d=d: d)
    if k % 4 == 0:
        case('hash', (d,), lambda d=d: hash(d) if not math.isnan(d) else 0)

# ---- int basics ---------------------------------------------------------------------
ints = [0, 1, -1, 2, -2, 7, -7, 10, 255, -255, 2 ** 31, 2 ** 62 - 1, 2 ** 62, -2 ** 62, -2 ** 62 - 1,
        2 ** 63 - 1, -2 ** 63, 12345678901234, -987654321]
for i in ints:
    case('repr', (i,), lambda i=i: i)
    case('hash', (i,), lambda i=i: hash(i))
ops = ['+', '-', '*', '/', '//', '%', '**', '<<', '>>', '&', '|', '^']
BINOPS = {'+': 0, '-': 1, '*': 2, '/': 3, '//': 4, '%': 5, '**': 6, '<<': 7, '>>': 8, '&': 9,
          '|': 10, '^': 11}
small = [0, 1, -1, 2, -3, 7, -8, 13, 100, -100, 2 ** 31 + 5, -(2 ** 40) - 3]
for o in ops:
    for a in small:
        for b in small:
            if o == '**' and b > 40:
                continue
            if o == '<<' and b > 20:
                continue
            case('binop:%d' % BINOPS[o], (a, b), lambda a=a, b=b, o=o: eval('a %s b' % o))
big = [2 ** 62 + 1, 2 ** 63 - 1, -2 ** 63, 2 ** 53 + 1, -(2 ** 53) - 3, 3, -7, 10 ** 18 + 7, 1, -1]
for o in ['/', '//', '%', '+', '-', '*', '<<', '>>']:
    for a in big:
        for b in big:
            if o in ('<<', '>>') and not 0 <= b < 70:
                continue
            case('binop:%d' % BINOPS[o], (a, b), lambda a=a, b=b, o=o: eval('a %s b' % o))
for a in big:
    for b in [0, 1, 2, 3, 63, 64, 65]:
        case('binop:7', (a, b), lambda a=a, b=b: a << b)
        case('binop:8', (a, b), lambda a=a, b=b: a >> b)
floats = [0.0, -0.0, 1.5, -1.5, 2.0, -7.25, 1e300, 3.0, 0.1, float('inf'), float('nan')]
for o in ['+', '-', '*', '/', '//', '%', '**']:
    for a in floats + [3, -2, 0]:
        for b in floats + [3, -2, 0]:
            if isinstance(a, int) and isinstance(b, int):
                continue
            r = outcome(lambda: eval('a %s b' % o))
            if 'complex' in r or 'j)' in r:
                r = 'EValueError: complex numbers are not supported by prickle'
            cases.append(('binop:%d' % BINOPS[o], enc(a) + ' ' + enc(b), r))
CMPS = {'<': 0, '<=': 1, '==': 2, '!=': 3, '>': 4, '>=': 5}
cmpvals = [0, 1, -1, 2 ** 53 + 1, 2 ** 63 - 1, -2 ** 63, 0.5, 1.0, -1.0, 2.0 ** 53, 2.0 ** 63, -2.0 ** 63,
           float('inf'), float('nan'), 9007199254740993, True, False]
for o, n in CMPS.items():
    for a in cmpvals:
        for b in cmpvals:
            case('cmp:%d' % n, (a, b), lambda a=a, b=b, o=o: eval('a %s b' % o))
for x in [2.5, 3.5, -2.5, 0.5, 1.5, 2.675, 1234.5678, -0.0, 1e300, 5e-324, 123456.5, 0.125, 1e22,
          float('inf'), float('nan'), 7, 15, 25, -25, 1250, 2 ** 62]:
    for nd in [None, 0, 1, 2, 3, -1, -2, -3, 400, -400]:
        case('round', (x, nd), lambda x=x, nd=nd: round(x, nd) if nd is not None else round(x))

# ---- int() / float() / str() / bool() / bytes() constructors ---------------------------
for s in ['0', '12', ' -12 ', '+5', '1_000', '1__0', '_1', '1_', '0x1f', '0o17', '0b101', '010',
          '00', '0_0', '٣٤', 'abc', '', ' ', '9223372036854775807', '-9223372036854775808',
          '9223372036854775808', '1.5', '\u00a012\u2003']:
    call(int, s)
    call(float, s)
for s, b in [('ff', 16), ('0xff', 16), ('0xff', 0), ('z', 36), ('12', 3), ('0b11', 2), ('11', 1),
             ('11', 37), ('0x_f', 0), ('0x', 16), ('010', 0), ('0', 0), ('-0o7', 8)]:
    call(int, s, b)
for v in [1.9, -1.9, 1e19, float('nan'), float('inf'), True, None, [], b'12']:
    call(int, v)
for s in ['1.5', ' 1e5 ', '1_0.5', 'inf', '-Infinity', 'nan', '.5', '5.', '.', '1e', '1_e5',
          '0x10', '1e5_0', 'infinit', '--1', '1e500', '-1e-500', 'x']:
    call(float, s)
call(float, None)
call(float, 5)
call(str)
call(str, 5)
call(str, b'ab', 'utf-8')
call(str, b'\xff', 'utf-8')
call(str, b'\xff', 'utf-8', 'replace')
call(str, 1, 2, 3, 4)
call(str, 'a', 'utf-8')
call(str, 1, 'utf-8')
call(bool)
call(bool, 0)
call(bool, 'x')
call(bool, 1, 2)
call(bytes, 3)
call(bytes, [1, 2, 255])
call(bytes, [256])
call(bytes, 'é', 'utf-8')
call(bytes, 'a')
call(bytes, 1.5)
call(bytes, -1)

# ---- format() -------------------------------------------------------------------------
int_specs = ['', 'd', '5', '<5', '^5', '>5', '=5', '+', '-', ' ', '05', '010,', '09,', ',', '_', '_x',
             '_b', '#_b', '#x', '#X', '#o', '#b', 'x', 'X', 'o', 'b', 'c', 'n', 'e', 'f', 'g', '%',
             '.2', '.2f', 'z', 's', '#c', '+c', ',x', ',,', ',_', '_,', '.', 'dd', '*^9,', '0=8',
             '=+8', 'é>5', '0<5', '0^7', '#010x', '+#x', ' 010', '\u0661\u0662']
for v in [0, 5, -5, 65, 1234567, -1234567, 255, 2 ** 63 - 1, -2 ** 63, True, False]:
    for s in int_specs:
        fmt(v, s)
float_specs = ['', '.3', '.0', '10', '<10', '^10', '=10', '010', '+', ' ', 'z', 'z.1f', 'e', 'E', 'f',
               'F', 'g', 'G', '%', '.1%', '#.0f', '#.0e', '#g', '#', 'n', ',', '_', ',.2f', '_.2f',
               '015,', ',g', '.2e', '.10g', '.17g', '.20f', '#.3', 'x', 'd', 'c', '10.3xx', '.2', '.1',
               '+.3e', '012,.2f', '*<12.3f']
for v in [0.0, -0.0, 1.0, -1.0, 1.5, 2.5, 0.125, 1e16, 1e-5, 12345.6789, -1234567.0, 123456.0, 123.0,
          12.0, 1e100, 1e-100, 0.0001, 0.001, -0.001, float('inf'), float('-inf'), float('nan'),
          1 / 3, 1e22, 9.5, 99.95]:
    for s in float_specs:
        fmt(v, s)
for v in ['', 'abc', 'é', 'hello world']:
    for s in ['', 's', '5', '<5', '>5', '^5', '^6', '*^7', '.2', '5.1', '05', '<05', '=5', '+', ' ',
              '#', ',', 'z', 'd', 'x', 'é^5', '.0']:
        fmt(v, s)
rng = random.Random(99)
for _ in range(4000):
    spec = ''
    if rng.random() < 0.3:
        spec += rng.choice(['', '*', '0', 'é', ' ']) + rng.choice('<>=^')
    if rng.random() < 0.3:
        spec += rng.choice('+- ')
    if rng.random() < 0.1:
        spec += 'z'
    if rng.random() < 0.2:
        spec += '#'
    if rng.random() < 0.2:
        spec += '0'
    if rng.random() < 0.5:
        spec += str(rng.randint(0, 25))
    if rng.random() < 0.2:
        spec += rng.choice(',_')
    if rng.random() < 0.4:
        spec += '.' + str(rng.randint(0, 20))
    if rng.random() < 0.7:
        spec += rng.choice('bcdeEfFgGnosxX%')
    v = rng.choice([0, 7, -7, 65, 123456789, -2 ** 63, 2 ** 63 - 1, True, 0.0, -0.0, 1.5, -2.25, 1e-7,
                    123456.789, 1e21, float('inf'), float('nan'), 0.5, 2.5, 'abc', '', 'é', 'hello'])
    fmt(v, spec)
fmt(233, '>5c')
fmt(8364, '*^6c')
fmt(None, '')
fmt(None, 's')
fmt([1], '>5')

# ---- % formatting ----------------------------------------------------------------------
mods = [
    ('%s', 'x'), ('%s', (1,)), ('%s', [1, 2]), ('%s', ((1, 2),)), ('%s %s', (1, 'a')), ('%d', 3.7),
    ('%i', True), ('%f', 1), ('%5.2f|%-8s|%+d|%x|%o|%e|%g|%c|%r|%%', (3.14159, 'ab', 5, 255, 8, 12345.678, 0.00001, 65, 'q')),
    ('%05d', -3), ('%+05d', 3), ('%#06x', 255), ('%-05d|', 3), ('%.3d', 5), ('%#o', 8), ('%#x', -255),
    ('%05s|', 'a'), ('%.2s', 'abc'), ('%*d', (5, 3)), ('%-*d|', (5, 3)), ('%.*f', (2, 3.14159)),
    ('%(a)s %(b)d', {'a': 1, 'b': 2}), ('%s', {'a': 1}), ('x', {'a': 1}), ('x', ()), ('x', []),
    ('%c', 'a'), ('%5c|', 'a'), ('%a', 'é'), ('%r', 'é'), ('%d', -0), ('%e', 0), ('%g', 1e20),
    ('%G', 1e-20), ('%10.4g|', 3.14159265), ('% d', 5), ('%+.2e', 1234.5), ('%#.0f', 2), ('%x', 3.0),
    ('%u', 7), ('%ld', 7), ('%s %s', ('a',)), ('%(a', {}), ('%.2%', ()), ('%-5%|', ()), ('%.2%', (1,)),
    ('%d', 'a'), ('%d %d', (1,)), ('%d', (1, 2)), ('%z', 1), ('%(a)s', 1), ('%(a)s', {}), ('%', ()),
    ('%c', 'ab'), ('%c', -1), ('%c', 1114112), ('%x', 1.5), ('%d', '1'), ('%s %s', [1, 2]),
    ('%*d', ('a', 1)), ('%.*f', (1,)), ('%(a)s %s', {'a': 1}), ('%s %(a)s', {'a': 1}), ('%d', None),
    ('%f', '1'), ('%f', None), ('%c', 1.5), ('%5s', None), ('%y', 1), ('%é', 1), ('%s %', (1,)),
    ('abc %', ()), ('%05f', float('-inf')), ('%010.2f', -3.14159), ('%-10.2f|', 3.14159), ('%+s', 'a'),
    ('%.3r', 'abcdef'), ('%X', 255), ('%#X', 255), ('%o', -8), ('%.0e', 12345), ('%#.0e', 12345),
    ('%f', float('nan')), ('%s', b'x'), ('%5.1s|', 'abc'), ('%s', 1.0), ('%r', 1e16), ('%s', True),
    ('%.3g', 0.0001234), ('%#g', 1), ('%g', 100000), ('%g', 1000000), ('%%%s%%', 'x'), ('%3%d', (1,)),
    ('%(x)s%%', {'x': 'é'}), ('%#5x|', 10), ('%-#7o|', 8), ('%+x', 10), ('% x', 10), ('%0-5d|', 4),
]
for f, a in mods:
    mod(f, a)
rng = random.Random(7)
for _ in range(3000):
    f = '%'
    for fl in '-+ #0':
        if rng.random() < 0.15:
            f += fl
    if rng.random() < 0.5:
        f += str(rng.randint(0, 15))
    if rng.random() < 0.4:
        f += '.' + str(rng.randint(0, 12))
    f += rng.choice('sdiouxXeEfFgGcra')
    v = rng.choice([0, 7, -7, 65, 255, -2 ** 63, 2 ** 63 - 1, True, 0.0, -0.0, 1.5, -2.25, 1e-7, 123456.789,
                    1e15, float('inf'), float('nan'), 'abc', 'é', None])
    mod('<' + f + '>', (v,))

# ---- str.format -------------------------------------------------------------------------
fmts = [
    ('{} {}', (1, 2)), ('{1} {0}', (1, 2)), ('{0[0]}', ([7],)), ('{!r}', ('x',)), ('{!s:>5}', ('x',)),
    ('{!a}', ('é',)), ('{:{}}', ('x', 5)), ('{{}}', ()), ('{{{}}}', (5,)), ('{0:{1}{2}}', (3, '>', 5)),
    ('{:}', (5,)), ('{0!}', (5,)), ('{0!rr}', (5,)), ('{0:}}', (5,)), ('{0[}', (5,)), ('{0.}', (5,)),
    ('{0]}', (5,)), ('{0[0]x}', ([1],)), ('{:{:{}}}', (1, 2, 3)), ('{', ()), ('}', ()), ('{0}', ()),
    ('{}', ()), ('{x}', ()), ('{0}{}', (1, 2)), ('{}{0}', (1, 2)), ('{:d}', ('a',)), ('{:s}', (1,)),
    ('{!x}', (1,)), ('{0[1]}', ([],)), ('{:%}', (0.5,)), ('{:,}', (10 ** 6,)), ('{0:-^20}', ('hi',)),
    ('{:>{}}', ('a', 3)), ('{ }', (1,)), ('{-1}', (1,)), ('a{0}b{1}c', ('x', 'y')), ('{0[a]}', ({'a': 3},)),
    ('{0[-1]}', ({'-1': 5},)), ('{:.2f} and {:>6.1%}', (3.14159, 0.25)), ('{0}{0}', ('ab',)),
    ('é{}é', ('ü',)), ('{:é^7}', ('x',)),
]
for f, a in fmts:
    case('strformat', (f,) + a, lambda f=f, a=a: f.format(*a))
case('strformatkw', ('{a} {b}', {'a': 1, 'b': 2}), lambda: '{a} {b}'.format(a=1, b=2))
case('strformatkw', ('{:{w}.{p}f}', 3.14159, {'w': 10, 'p': 2}), lambda: '{:{w}.{p}f}'.format(3.14159, w=10, p=2))
case('strformatkw', ('{x[0]}', {'x': [9]}), lambda: '{x[0]}'.format(x=[9]))

# ---- str methods ------------------------------------------------------------------------
S = ['', 'a', 'abc', 'Hello World', '  spaced  out  ', 'a,b,,c', 'ÀéÎõü', 'straße', 'ǅungla',
     'ΣΑΣ ΟΔΟΣ', 'x\ty\tz', 'line1\nline2\r\nline3\rline4\x0bx\x1cy\u2028z\n', 'MiXeD cAsE 123',
     '123', '١٢٣', '½', 'αβγ', '日本語テキスト', 'ﬁ', 'İstanbul', 'hello_world1', '1abc', 'a-b',
     '   ', '\u00a0\u2003', 'one two  three   four']
for s in S:
    for m in ['upper', 'lower', 'capitalize', 'title', 'swapcase', 'casefold', 'isdigit', 'isdecimal',
              'isnumeric', 'isalpha', 'isalnum', 'isspace', 'isupper', 'islower', 'istitle',
              'isidentifier', 'isprintable', 'isascii', 'split', 'rsplit', 'splitlines', 'strip',
              'lstrip', 'rstrip', 'expandtabs']:
        method(m, s)
    case('repr', (s,), lambda s=s: s)
    case('len', (s,), lambda s=s: len(s))
    case('list', (s,), lambda s=s: list(s))
    for sub in ['', 'a', 'b', 'o', 'é', 'ab', ' ', 'l', 'xyz']:
        for m in ['find', 'rfind', 'index', 'rindex', 'count', 'startswith', 'endswith', 'partition',
                  'rpartition', 'split', 'rsplit', 'removeprefix', 'removesuffix', 'strip']:
            method(m, s, sub)
        case('contains', (s, sub), lambda s=s, sub=sub: sub in s)
        for st, en in [(1, None), (-3, None), (0, 2), (2, -1), (5, 100), (-100, 3), (None, None)]:
            method('find', s, sub, st, en)
            method('count', s, sub, st, en)
            method('startswith', s, sub, st, en)
            method('endswith', s, sub, st, en)
    for n in [0, 1, 3, 8, 20]:
        method('center', s, n)
        method('ljust', s, n, '*')
        method('rjust', s, n, 'é')
        method('zfill', s, n)
        method('expandtabs', s, n)
    for sl in [(None, None, None), (1, None, None), (None, -1, None), (None, None, -1), (1, 5, 2),
               (-2, None, None), (10, 1, -3), (None, None, 2), (3, 3, None)]:
        case('slice', (s,) + sl, lambda s=s, sl=sl: s[slice(*sl)])
    for i in [0, 1, -1, 3, 100, -100]:
        case('getitem', (s, i), lambda s=s, i=i: s[i])
for s in ['a,b,,c', 'one two  three   four', '  x  y  ']:
    for sep in [None, ',', ' ', '  ']:
        for ms in [-1, 0, 1, 2]:
            method('split', s, sep, ms)
            method('rsplit', s, sep, ms)
method('split', 'a', '')
method('split', 'a', 1)
methkw('split', 'a b c', (), {'maxsplit': 1})
methkw('split', 'a b c', (), {'x': 1})
methkw('split', 'a b c', (' ',), {'sep': 1})
method('split', 'a', 1, 2, 3)
method('splitlines', 'a\nb\r\n', True)
methkw('splitlines', 'a\nb\r\n', (), {'keepends': True})
for a, b, c in [('a', 'X', -1), ('', '-', -1), ('', '-', 2), ('ab', '', -1), ('a', 'bb', 1), ('é', 'e', -1)]:
    for s in ['banana', 'aaa', '', 'éa']:
        method('replace', s, a, b, c)
        method('replace', s, a, b)
method('replace', 'a')
method('replace', 'a', 'b', 'c')
method('replace', 'a', 1, 'c')
for seq in [['a', 'b'], ('x',), [], ['a', 1], 'abc', ['é', 'ü']]:
    method('join', ', ', seq)
method('join', 'a', 1)
method('strip', 'xxhixx', 'x')
method('strip', 'abcba', 'ab')
method('strip', 'éaé', 'é')
method('strip', 'a', 1)
method('lstrip', ' a ', None)
method('startswith', 'hello', ('x', 'he'))
method('startswith', 'hello', 1)
method('startswith', 'hello', ('x', 1))
method('endswith', 'hello', ('lo',), 0, 3)
method('find', 'a', 1)
method('find', 'a', 'a', 'x')
method('find', 'a')
method('find', 'a', 'a', 1, 2, 3)
method('center', 'a', 5, 'ab')
method('center', 'a', 'a')
method('center', 'a')
method('upper', 'a', 1)
method('partition', 'a', '')
method('partition', 'a', 1)
method('encode', 'é')
method('encode', 'é', 'latin-1')
method('encode', 'é€', 'latin-1')
method('encode', 'aé€', 'ascii', 'replace')
method('encode', 'aé€', 'ascii', 'xmlcharrefreplace')
method('encode', 'aé€', 'ascii', 'backslashreplace')
method('encode', 'ab€€c', 'ascii')
method('encode', 'a', 'foo')
method('encode', 'a', 1)
method('translate', 'abc', {97: 'x', 98: None, 99: 100})
method('maketrans', 'abc', 'xyz')
case('maketrans3', ('ab', 'xy', 'c'), lambda: str.maketrans('ab', 'xy', 'c'))
method('removeprefix', 'abc', 1)
method('format_map', '{x}', {'x': 1})
method('format_map', '{}', {})
for s in ['{', 'a}b', '{0!s}']:
    case('strformat', (s, 1), lambda s=s: s.format(1))

# ---- str operators --------------------------------------------------------------------
for a, b in [('a', 'b'), ('', 'x'), ('é', 'e'), ('ab', 'abc'), ('b', 'abc'), ('Z', 'a')]:
    for o, n in CMPS.items():
        case('cmp:%d' % n, (a, b), lambda a=a, b=b, o=o: eval('a %s b' % o))
    case('binop:0', (a, b), lambda a=a, b=b: a + b)
case('binop:0', ('a', 1), lambda: 'a' + 1)
case('binop:2', ('ab', 3), lambda: 'ab' * 3)
case('binop:2', (3, 'ab'), lambda: 3 * 'ab')
case('binop:2', ('ab', -1), lambda: 'ab' * -1)
case('binop:2', ('ab', 1.5), lambda: 'ab' * 1.5)
case('cmp:0', ('a', 1), lambda: 'a' < 1)
case('contains', ('abc', 1), lambda: 1 in 'abc')
case('getitem', ('abc', 'x'), lambda: 'abc'[str('x')])

# ---- bytes --------------------------------------------------------------------------------
B = [b'', b'abc', b'a,b,,c', b'  x  y ', b'\x00\xff\'"\\\t\n\r', b"it's", b'Hello World', b'a\nb\r\nc']
for s in B:
    case('repr', (s,), lambda s=s: s)
    case('len', (s,), lambda s=s: len(s))
    case('list', (s,), lambda s=s: list(s))
    case('hash', (s,), lambda s=s: hash(s) == hash(s))
    for m in ['upper', 'lower', 'title', 'capitalize', 'swapcase', 'isdigit', 'isalpha', 'isalnum',
              'isspace', 'islower', 'isupper', 'split', 'rsplit', 'strip', 'splitlines', 'hex', 'decode']:
        method(m, s)
    for sub in [b'', b'a', b',', b'b', b'xyz', 97]:
        for m in ['find', 'rfind', 'index', 'count']:
            method(m, s, sub)
        case('contains', (s, sub), lambda s=s, sub=sub: sub in s)
    for sub in [b'', b'a', b',', b' ']:
        for m in ['split', 'rsplit', 'partition', 'rpartition', 'startswith', 'endswith', 'strip',
                  'removeprefix', 'removesuffix']:
            method(m, s, sub)
    for i in [0, -1, 5]:
        case('getitem', (s, i), lambda s=s, i=i: s[i])
    for sl in [(None, None, -1), (1, None, None), (1, 5, 2)]:
        case('slice', (s,) + sl, lambda s=s, sl=sl: s[slice(*sl)])
method('join', b'-', [b'a', b'b'])
method('join', b'-', [b'a', 1])
method('replace', b'banana', b'a', b'o')
method('replace', b'banana', b'a', b'o', 2)
method('replace', b'ab', b'', b'-')
method('hex', b'abc', ':')
method('hex', b'abcde', ':', 2)
method('hex', b'abcde', '-', -2)
method('center', b'ab', 7, b'*')
method('zfill', b'-12', 6)
method('startswith', b'abc', 'a')
method('decode', b'\xc3\xa9')
method('decode', b'\xe4\xb8x')
method('decode', b'\xe4\xb8')
method('decode', b'\xc3x')
method('decode', b'\xed\xa0\x80')
method('decode', b'\xff\xfeab', 'utf-8', 'replace')
method('decode', b'\xffab', 'utf-8', 'ignore')
method('decode', b'\xffab', 'utf-8', 'backslashreplace')
method('decode', b'\xe4\xb8x\xe4', 'utf-8', 'replace')
method('decode', b'\xf0\x9f\x98', 'utf-8', 'replace')
method('decode', b'\xc0\x80')
method('decode', b'\xf4\x90\x80\x80')
method('decode', b'\xe0\x80\x80')
method('decode', b'a\xf0\x9f\x98\x80')
method('decode', b'\xe9', 'latin-1')
method('decode', b'\x80abc', 'ascii')
method('decode', b'\x80', 'ascii', 'replace')
method('decode', b'\xff', 'utf-8', 'foo')
method('decode', b'ab', 'UTF8')
method('decode', b'ab', 'cp1252x')
case('binop:0', (b'a', b'b'), lambda: b'a' + b'b')
case('binop:0', (b'a', 'b'), lambda: b'a' + 'b')
case('binop:2', (b'ab', 2), lambda: b'ab' * 2)
case('cmp:0', (b'a', b'b'), lambda: b'a' < b'b')
case('cmp:2', (b'a', 'a'), lambda: b'a' == 'a')
case('contains', (b'abc', 'a'), lambda: 'a' in b'abc')
case('contains', (b'abc', 300), lambda: 300 in b'abc')
case('getitem', (b'abc', 'x'), lambda: b'abc'[str('x')])

# ---- numeric methods ------------------------------------------------------------------------
for i in [0, 1, -1, 255, -256, 2 ** 62, -2 ** 63]:
    method('bit_length', i)
    method('bit_count', i)
    method('as_integer_ratio', i)
method('to_bytes', 1024, 2, 'big')
method('to_bytes', 1024, 2, 'little')
method('to_bytes', -1, 2, 'big')
methkw('to_bytes', -1, (2, 'big'), {'signed': True})
methkw('to_bytes', -129, (1, 'big'), {'signed': True})
method('to_bytes', 300, 1, 'big')
method('to_bytes', 5, 1, 'x')
method('to_bytes', 5)
case('frombytes', (b'\x04\x00', 'big'), lambda: int.from_bytes(b'\x04\x00', 'big'))
case('frombytes', (b'\x04\x00', 'little'), lambda: int.from_bytes(b'\x04\x00', 'little'))
case('frombyteskw', (b'\xff\xff', 'big', {'signed': True}), lambda: int.from_bytes(b'\xff\xff', 'big', signed=True))
case('frombytes', (b'\x00' * 9 + b'\x01', 'big'), lambda: int.from_bytes(b'\x00' * 9 + b'\x01', 'big'))
for f in [1.5, -0.75, 3.0, 0.1, 1e300, float('inf'), float('nan'), 5e-324, -0.0]:
    method('is_integer', f)
    method('as_integer_ratio', f) if math.isfinite(f) and abs(f) < 1e18 and f != 0.1 and f != 5e-324 else None
    method('hex', f)
for s in ['0x1.8p1', '1.0', '-0x1p-1074', 'inf', '0x1.fffffffffffffp+1023', 'zz']:
    case('fromhex', (s,), lambda s=s: float.fromhex(s))

# ---- special-method wrappers and attributes -------------------------------------------
for v, names in [(-5, ['__abs__', '__neg__', '__pos__', '__invert__', '__bool__', '__int__', '__float__',
                       '__index__', '__repr__', '__str__', '__hash__', '__trunc__', '__floor__', '__ceil__']),
                 (True, ['__abs__', '__neg__', '__invert__', '__repr__', '__str__', '__int__']),
                 (-2.5, ['__abs__', '__neg__', '__pos__', '__bool__', '__int__', '__float__', '__repr__',
                         '__trunc__', '__floor__', '__ceil__', '__round__']),
                 ('abc', ['__len__', '__repr__', '__str__']), (b'ab', ['__len__', '__repr__'])]:
    for n in names:
        if n == '__hash__':
            case('method:' + n, (v,), lambda v=v, n=n: getattr(v, n)() == hash(v) and hash(v))
            continue
        method(n, v)
for v, o in [(5, 1), (5, 1.5), (1.5, 2), (2.5, 0.5), (True, False), ('ab', 'c'), ('ab', 2), (b'a', b'b'), (7, 0)]:
    for n in ['__add__', '__radd__', '__sub__', '__mul__', '__rmul__', '__truediv__', '__floordiv__',
              '__mod__', '__pow__', '__and__', '__or__', '__xor__', '__lshift__', '__eq__', '__lt__',
              '__ge__', '__ne__', '__contains__', '__getitem__']:
        if hasattr(v, n) and not (n == '__mod__' and isinstance(v, bytes)):
            method(n, v, o)
for v in [3, True, -2.5]:
    for a in ['real', 'imag', 'numerator', 'denominator']:
        if hasattr(v, a):
            case('getattr', (v, a), lambda v=v, a=a: getattr(v, a))

w = sys.stdout.write
w('// GENERATED by tests/unit/gen_strnum_cases.py from CPython %s; do not edit.\n' % sys.version.split()[0])
w('// clang-format off\n')
w('static const struct { const char *op, *args, *expect; } CASES[] = {\n')


def cstr(s):
    out = '"'
    for ch in s.encode('utf-8', 'surrogatepass'):
        if ch == 34 or ch == 92 or ch == 63:
            out += '\\' + chr(ch)
        elif 32 <= ch < 127:
            out += chr(ch)
        else:
            out += '\\%03o' % ch
    return out + '"'


for op, args, exp in cases:
    w('    {%s, %s, %s},\n' % (cstr(op), cstr(args), cstr(exp)))
w('};\n// clang-format on\n')
print(len(cases), 'cases', file=sys.stderr)
