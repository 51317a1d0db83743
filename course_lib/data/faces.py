"""Synthetic cartoon faces with known attributes: seeded, vectorised, no real people, no download.

Every face is drawn from a small table of factors, so the course knows exactly what is in each
image, can switch a single attribute on or off while keeping everything else (a counterfactual
pair), and can render one identity with another one's expression and pose.

API (stable; lectures 7-10 rely on it)
--------------------------------------
``make_faces(n, seed=0, size=32, identity=None, fix=None, p=None, ranges=None, feature_scale=1.0)``
    ``-> (images, attributes)``
    ``images``: float32 array (n, size, size, 3) in [0, 1] (RGB, channels last).
    ``attributes``: dict of numpy arrays of length n (see the factor lists below), plus
    ``"identity"``: int8 codes, -1 = random face, 0 = identity "A", 1 = identity "B".
``sample_face_factors(n, seed=0, identity=None, fix=None, p=None, ranges=None, age=False) -> attributes``
    only the table (no rendering).
``render_faces(attributes, size=32, feature_scale=1.0) -> images``
    draw any table, e.g. a modified copy of one returned by ``make_faces``.

Factors
-------
Binary attributes (``BINARY_ATTRIBUTES``, int64 0/1, independent Bernoulli(p), p=0.5 by default):
    ``glasses``   round frames and tinted lenses over the eyes
    ``smile``     open smiling mouth showing teeth (else a straight closed mouth)
    ``hat``       a blue cap over the top of the head
    ``beard``     a beard along the jaw, in the hair colour
    ``eyes_open`` open eyes with pupils (else closed: a thin line)
Continuous factors (``CONTINUOUS_FACTORS``, float32, independent uniform in ``FACTOR_RANGES``,
or in the ranges passed as ``ranges=``, e.g. ``WIDE_POSE`` for less aligned faces):
    ``tilt``      head rotation in radians (positive = clockwise on screen)
    ``scale``     overall face size (1 = the face fills about 60% of the image height)
    ``width``     half-width of the face ellipse in face units (narrow .. wide face)
    ``shift_x``   horizontal shift, in units of half the image width
    ``shift_y``   vertical shift, same units
    ``skin``      skin tone, 0 = light .. 1 = dark
    ``hair``      hair colour, 0 = black, 0.5 = auburn, 1 = blond
Optional factor (``OPTIONAL_FACTORS``, only when asked: ``age=True`` or ``fix={"age": ...}``):
    ``age``       0 = young .. 1 = old, uniform in ``FACTOR_RANGES["age"]``: the hair (and beard)
                  turn grey in proportion and wrinkle lines (forehead, cheeks) darken with it.
                  It is drawn *after* every other factor, so ``age=True`` leaves all the other
                  factors of a seed unchanged, and a table without ``"age"`` renders exactly as
                  before the factor existed (lectures 9-10 and their checkpoints use the default).

Identities (for the deepfake lecture)
-------------------------------------
``identity="A"`` or ``"B"`` fixes the identity factors ``IDENTITY_FACTORS`` = (width, skin,
hair) to the values in ``IDENTITIES`` (A: narrow face, light skin, black hair; B: wide face,
darker skin, blond hair), while expression (smile, eyes_open), pose (tilt, scale, shifts) and
accessories still vary independently. ``identity`` may also be an array of n codes (0/1/-1).
Because all factors are drawn in a fixed order from one generator, the same ``seed`` gives the
same expression and pose whatever the identity: ``make_faces(n, seed, identity="B")`` is the
"ground truth swap" of ``make_faces(n, seed, identity="A")``.

``fix`` overrides factors after sampling: ``{"glasses": 1}`` or ``{"tilt": array of n}``.
Because the other factors are drawn first and unchanged, ``make_faces(n, s, fix={"glasses": 0})``
and ``make_faces(n, s, fix={"glasses": 1})`` differ only by the glasses.

Rendering: each part is a soft mask (a one-pixel linear ramp across its edge, i.e. anti-aliased),
composited back to front in numpy, in chunks, so 10,000 faces at 32x32 take about a second.

Example::

    >>> images, attrs = make_faces(4, seed=0)
    >>> images.shape, images.dtype, sorted(attrs)[:3]
    ((4, 32, 32, 3), dtype('float32'), ['beard', 'eyes_open', 'glasses'])
"""

from __future__ import annotations

import numbers

import numpy as np

from .._validate import as_numeric_array, as_real_array, check_dict, check_positive_int, numpy_rng

BINARY_ATTRIBUTES = ("glasses", "smile", "hat", "beard", "eyes_open")
CONTINUOUS_FACTORS = ("tilt", "scale", "width", "shift_x", "shift_y", "skin", "hair")
FACTOR_RANGES = {
    "tilt": (-0.3, 0.3),
    "scale": (0.85, 1.1),
    "width": (0.36, 0.5),
    "shift_x": (-0.12, 0.12),
    "shift_y": (-0.08, 0.08),
    "skin": (0.0, 1.0),
    "hair": (0.0, 1.0),
    "age": (0.0, 1.0),  # optional factor (OPTIONAL_FACTORS): drawn only when asked
}
OPTIONAL_FACTORS = ("age",)
# Wider pose ranges (lecture 8: faces that are not aligned like passport photos); pass as ``ranges=``.
WIDE_POSE = {"tilt": (-0.5, 0.5), "shift_x": (-0.25, 0.25), "shift_y": (-0.15, 0.15)}
IDENTITY_FACTORS = ("width", "skin", "hair")
IDENTITY_NAMES = ("A", "B")
IDENTITIES = {
    "A": {"width": 0.37, "skin": 0.08, "hair": 0.0},
    "B": {"width": 0.49, "skin": 0.7, "hair": 1.0},
}
ALL_FACTORS = BINARY_ATTRIBUTES + CONTINUOUS_FACTORS

# Colours (RGB in [0, 1]).
_BACKGROUND = np.array([0.92, 0.93, 0.90], np.float32)
_SKIN_LIGHT = np.array([1.00, 0.86, 0.74], np.float32)
_SKIN_DARK = np.array([0.50, 0.33, 0.22], np.float32)
_HAIR = np.array([[0.12, 0.09, 0.08], [0.55, 0.22, 0.10], [0.95, 0.80, 0.42]], np.float32)
_GREY_HAIR = np.array([0.80, 0.80, 0.82], np.float32)  # the hair colour at age 1
HAT_COLOUR = np.array([0.18, 0.33, 0.80], np.float32)  # RGB of the cap (lecture 9 recolours it)
_FRAME = np.array([0.08, 0.08, 0.10], np.float32)
_LENS = np.array([0.25, 0.45, 0.55], np.float32)
_MOUTH = np.array([0.55, 0.08, 0.12], np.float32)
_TEETH = np.array([0.97, 0.97, 0.95], np.float32)
_EYE_WHITE = np.array([0.98, 0.98, 0.98], np.float32)
_PUPIL = np.array([0.10, 0.10, 0.15], np.float32)
_CHUNK = 256
_POSITIVE = ("scale", "width")  # factors a face is divided by


def _column(values, name: str) -> np.ndarray:
    """One column of a factor table as float32 (numbers or booleans; not strings)."""
    return as_numeric_array(values, name).astype(np.float32)


def skin_colour(t) -> np.ndarray:
    """RGB skin colour for tone(s) ``t`` in [0, 1]: shape (..., 3)."""
    return _skin_colour(as_real_array(t, "t", low=0.0, high=1.0))


def hair_colour(t) -> np.ndarray:
    """RGB hair colour for value(s) ``t`` in [0, 1] (black -> auburn -> blond): shape (..., 3)."""
    return _hair_colour(as_real_array(t, "t", low=0.0, high=1.0))


def _skin_colour(t) -> np.ndarray:
    t = np.asarray(t, np.float32)[..., None]
    return (1 - t) * _SKIN_LIGHT + t * _SKIN_DARK


def _hair_colour(t) -> np.ndarray:
    t = np.clip(np.asarray(t, np.float32), 0, 1)[..., None]
    lo = np.clip(2 * t, 0, 1)
    hi = np.clip(2 * t - 1, 0, 1)
    return np.where(t <= 0.5, (1 - lo) * _HAIR[0] + lo * _HAIR[1], (1 - hi) * _HAIR[1] + hi * _HAIR[2])


def _identity_codes(identity, n: int) -> np.ndarray:
    if identity is None:
        return np.full(n, -1, np.int8)
    if isinstance(identity, str):
        if identity not in IDENTITIES:
            raise ValueError(f"identity must be None, one of {IDENTITY_NAMES} or an array of codes, "
                             f"got {identity!r}")
        return np.full(n, IDENTITY_NAMES.index(identity), np.int8)
    codes = np.asarray(identity)
    if codes.shape != (n,) or not np.issubdtype(codes.dtype, np.integer) or not np.isin(codes, (-1, 0, 1)).all():
        raise ValueError(f"identity array must have shape (n,) = ({n},) with codes -1 (random), 0 (A) or 1 (B), "
                         f"got {codes.dtype} array of shape {codes.shape}")
    return codes.astype(np.int8)


def sample_face_factors(n: int, seed: int = 0, identity=None, fix: dict | None = None,
                        p: dict | float | None = None, ranges: dict | None = None, age: bool = False) -> dict:
    """Draw the factor table of ``n`` faces (no rendering); see the module docstring.

    ``p``: probability of each binary attribute being 1, one number for all or a dict by name
    (missing names keep 0.5). ``ranges``: ``{factor: (low, high)}`` replacing some of
    ``FACTOR_RANGES`` (e.g. ``WIDE_POSE``); the same seed gives the same draws, rescaled. Returns a dict of arrays of length ``n``: binary attributes as
    int64 0/1, continuous factors as float32, ``"identity"`` as int8 codes. ``seed``: an int >= 0
    or a ``numpy.random.Generator``. ``age=True`` adds the optional ``"age"`` column, drawn from the
    same generator after every other factor (so the other columns are those of ``age=False``).
    """
    n = check_positive_int(n, "n")
    if not isinstance(age, (bool, np.bool_)):
        raise TypeError(f"age must be True or False, got {age!r}")
    rng = numpy_rng(seed, "seed")
    check_dict(fix, "fix", allow_none=True)
    check_dict(ranges, "ranges", allow_none=True)
    probs = {name: 0.5 for name in BINARY_ATTRIBUTES}
    if p is not None:
        if isinstance(p, dict):
            unknown = set(p) - set(BINARY_ATTRIBUTES)
            if unknown:
                raise ValueError(f"p has unknown attribute(s) {sorted(unknown)}; expected some of {BINARY_ATTRIBUTES}")
            probs.update(p)
        else:
            probs = {name: p for name in BINARY_ATTRIBUTES}
        for name, value in probs.items():
            if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 <= value <= 1:
                raise ValueError(f"p[{name!r}] must be a probability in [0, 1], got {value!r}")
    bounds = dict(FACTOR_RANGES)
    for name, value in (ranges or {}).items():
        if name not in CONTINUOUS_FACTORS + OPTIONAL_FACTORS:
            raise ValueError(f"ranges has unknown factor {name!r}; expected one of "
                             f"{CONTINUOUS_FACTORS + OPTIONAL_FACTORS}")
        try:
            lo, hi = (float(b) for b in value)
        except (TypeError, ValueError):
            raise ValueError(f"ranges[{name!r}] must be a pair (low, high), got {value!r}") from None
        if not (np.isfinite(lo) and np.isfinite(hi) and lo <= hi):
            raise ValueError(f"ranges[{name!r}] must be finite with low <= high, got {value!r}")
        if name == "age" and not 0 <= lo <= hi <= 1:
            raise ValueError(f"ranges['age'] must lie in [0, 1], got {value!r}")
        if name in _POSITIVE and lo <= 0:
            raise ValueError(f"ranges[{name!r}] must be positive (a {name} of 0 draws nothing), got {value!r}")
        bounds[name] = (lo, hi)
    codes = _identity_codes(identity, n)

    # Fixed drawing order: every factor is always drawn, so fixing one never changes the others.
    u = rng.random((n, len(BINARY_ATTRIBUTES)))
    table = {name: (u[:, k] < probs[name]).astype(np.int64) for k, name in enumerate(BINARY_ATTRIBUTES)}
    v = rng.random((n, len(CONTINUOUS_FACTORS)))
    for k, name in enumerate(CONTINUOUS_FACTORS):
        lo, hi = bounds[name]
        table[name] = (lo + (hi - lo) * v[:, k]).astype(np.float32)
    for code, name in enumerate(IDENTITY_NAMES):
        rows = codes == code
        for factor, value in IDENTITIES[name].items():
            table[factor][rows] = value
    table["identity"] = codes
    if age:  # drawn last, only when asked: the default stream (and every other column) is unchanged
        lo, hi = bounds["age"]
        table["age"] = (lo + (hi - lo) * rng.random(n)).astype(np.float32)

    for name, value in (fix or {}).items():
        if name not in ALL_FACTORS + OPTIONAL_FACTORS:
            raise ValueError(f"fix has unknown factor {name!r}; expected one of {ALL_FACTORS + OPTIONAL_FACTORS}")
        try:
            arr = np.broadcast_to(np.asarray(value, np.float64), (n,))
        except (TypeError, ValueError):
            raise ValueError(f"fix[{name!r}] must be a number or an array of shape ({n},), got {value!r}") from None
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"fix[{name!r}] contains NaN or infinite values")
        if name in _POSITIVE and not np.all(arr > 0):
            raise ValueError(f"fix[{name!r}] must be positive (a {name} of 0 draws nothing)")
        if name == "age" and not np.all((arr >= 0) & (arr <= 1)):
            raise ValueError("fix['age'] must be in [0, 1]")
        if name in BINARY_ATTRIBUTES:
            if not np.isin(arr, (0, 1)).all():
                raise ValueError(f"fix[{name!r}] must be 0 or 1 (a binary attribute)")
            table[name] = arr.astype(np.int64)
        else:
            table[name] = arr.astype(np.float32)
    return table


def _soft(d: np.ndarray, pix: np.ndarray) -> np.ndarray:
    """Coverage of a region with signed distance ``d`` (negative inside), one-pixel ramp."""
    return np.clip(0.5 - d / pix, 0.0, 1.0)


def _ellipse(u, v, cx, cy, a, b):
    """Approximate signed distance to an ellipse (first-order: (k-1)/|grad k|)."""
    du, dv = u - cx, v - cy
    k = np.sqrt((du / a) ** 2 + (dv / b) ** 2)
    g = np.sqrt((du / a**2) ** 2 + (dv / b**2) ** 2)
    return (k - 1.0) * k / np.maximum(g, 1e-6)


def _box(u, v, cx, cy, hw, hh):
    return np.maximum(np.abs(u - cx) - hw, np.abs(v - cy) - hh)


def _paint(img, alpha, colour):
    """Composite ``colour`` (3,) or (n, 3) over planar ``img`` (3, n, s, s) with coverage ``alpha`` (n, s, s)."""
    colour = np.asarray(colour, np.float32)
    for ch in range(3):
        c = colour[..., ch]
        c = c[:, None, None] if c.ndim == 1 else c
        plane = img[ch]
        plane += alpha * (c - plane)


def _render_chunk(t: dict, size: int, fs: float = 1.0) -> np.ndarray:
    n = len(t["tilt"])
    f = lambda name: np.asarray(t[name], np.float32)[:, None, None]  # noqa: E731
    coords = (np.arange(size, dtype=np.float32) + 0.5) / size * 2 - 1
    x, y = coords[None, None, :], coords[None, :, None]
    scale, tilt = f("scale"), f("tilt")
    c, s = np.cos(tilt), np.sin(tilt)
    dx, dy = x - f("shift_x"), y - f("shift_y")
    # Face frame: undo shift, rotation and scale; u to the right, v downwards.
    u = (c * dx + s * dy) / scale
    v = (-s * dx + c * dy) / scale
    pix = (2.0 / size) / scale  # one pixel in face units, shape (n, 1, 1)
    a = f("width")
    b = 0.6
    skin = _skin_colour(np.asarray(t["skin"], np.float32))
    hair = _hair_colour(np.asarray(t["hair"], np.float32))
    age = t.get("age")  # optional: absent -> the faces are drawn exactly as without the factor
    if age is not None:
        g = np.asarray(age, np.float32)[:, None]
        hair = (1 - g) * hair + g * _GREY_HAIR
    on = {name: np.asarray(t[name], np.float32)[:, None, None] for name in BINARY_ATTRIBUTES}

    img = np.empty((3, n, size, size), np.float32)  # planar while drawing: cheaper broadcasting
    img[:] = _BACKGROUND[:, None, None, None]
    # neck and hair behind the head
    _paint(img, _soft(_box(u, v, 0.0, 0.75, 0.17, 0.3), pix), 0.85 * skin)
    hair_mask = _soft(_ellipse(u, v, 0.0, -0.1, a + 0.09, b + 0.06), pix) * _soft(v - 0.2, pix)
    _paint(img, hair_mask, hair)
    # face
    _paint(img, _soft(_ellipse(u, v, 0.0, 0.0, a, b), pix), skin)
    # fringe: hair over the top of the forehead
    _paint(img, _soft(_ellipse(u, v, 0.0, -0.1, a + 0.09, b + 0.06), pix) * _soft(v + 0.42, pix), hair)
    # beard: along the jaw, leaving the mouth area free
    jaw = _soft(_ellipse(u, v, 0.0, 0.0, a + 0.02, b + 0.03), pix) * _soft(0.12 - v, pix)
    mouth_area = _soft(_ellipse(u, v, 0.0, 0.3, 0.24, 0.16), pix)
    _paint(img, on["beard"] * jaw * (1 - mouth_area), 0.85 * hair)
    # nose
    _paint(img, _soft(_ellipse(u, v, 0.0, 0.12, 0.045, 0.08), pix), 0.82 * skin)
    if age is not None:  # wrinkles: two forehead lines and two cheek folds, as dark as the face is old
        g = np.asarray(age, np.float32)[:, None, None]
        forehead = np.maximum(_soft(np.abs(v + 0.38) - 0.012, pix), _soft(np.abs(v + 0.31) - 0.012, pix))
        forehead = forehead * _soft(np.abs(u) - 0.55 * a, pix)
        folds = _soft(np.abs(np.abs(u) - 0.62 * a - 0.25 * (v - 0.05)) - 0.012, pix)
        folds = folds * _soft(np.abs(v - 0.13) - 0.09, pix)
        _paint(img, 0.9 * g * np.maximum(forehead, folds), 0.6 * skin)
    # eyes
    ex = 0.45 * a
    ey = -0.08
    ua = np.abs(u)  # the face is left-right symmetric in its own frame: draw both eyes at once
    fe = fs**0.5
    white = _soft(_ellipse(ua, v, ex, ey, 0.11 * fe, 0.075 * fs), pix)
    pupil = _soft(_ellipse(ua, v, ex, ey, 0.055 * fe, 0.055 * fe), pix)
    lid = _soft(_ellipse(ua, v, ex, ey + 0.01, 0.11 * fe, 0.03), pix)
    _paint(img, on["eyes_open"] * white, _EYE_WHITE)
    _paint(img, on["eyes_open"] * pupil + (1 - on["eyes_open"]) * lid, _PUPIL)
    # mouth: open smile (lower half-ellipse) or a closed straight line
    smile = _soft(_ellipse(u, v, 0.0, 0.27, 0.2 * fs, 0.14 * fs), pix) * _soft(0.27 - v, pix)
    closed = _soft(_ellipse(u, v, 0.0, 0.33, 0.16 * fs, 0.03 * fs), pix)
    _paint(img, on["smile"] * smile + (1 - on["smile"]) * closed, _MOUTH)
    teeth = smile * _soft(_box(u, v, 0.0, 0.3, 0.14 * fs, 0.025 * fs), pix)
    _paint(img, on["smile"] * teeth, _TEETH)
    # glasses: tinted lenses, round frames, bridge
    r, th = 0.16, 0.035
    d = np.sqrt((ua - ex) ** 2 + (v - ey) ** 2)
    _paint(img, on["glasses"] * 0.35 * _soft(d - r, pix), _LENS)
    bridge = _soft(_box(u, v, 0.0, ey, np.maximum(ex - r, 0.0), th), pix)
    _paint(img, on["glasses"] * np.maximum(_soft(np.abs(d - r) - th, pix), bridge), _FRAME)
    # hat: a dome over the head and a brim
    dome = _soft(_ellipse(u, v, 0.0, -0.3, a + 0.12, b), pix) * _soft(v + 0.36, pix)
    brim = _soft(_box(u, v, 0.0, -0.36, a + 0.2, 0.045), pix)
    _paint(img, on["hat"] * np.maximum(dome, brim), HAT_COLOUR)
    np.clip(img, 0.0, 1.0, out=img)
    return np.moveaxis(img, 0, -1)


def render_faces(attributes: dict, size: int = 32, feature_scale: float = 1.0) -> np.ndarray:
    """Draw the faces of a factor table: float32 array (n, size, size, 3) in [0, 1].

    ``attributes`` needs every name in ``BINARY_ATTRIBUTES + CONTINUOUS_FACTORS`` (extra keys
    such as ``"identity"`` are ignored), each an array of the same length n; an optional ``"age"``
    column (``OPTIONAL_FACTORS``) greys the hair and draws wrinkles, and without it nothing changes.
    ``feature_scale`` (0.5 to 2, default 1) enlarges the eyes (height, pupils) and the mouth, so that
    smile and eyes_open cover more pixels (lecture 8 uses 1.6 for its autoencoder).
    """
    size = check_positive_int(size, "size", minimum=8)
    if isinstance(feature_scale, bool) or not isinstance(feature_scale, numbers.Real) or not 0.5 <= feature_scale <= 2:
        raise ValueError(f"feature_scale must be a number in [0.5, 2], got {feature_scale!r}")
    if not isinstance(attributes, dict):
        raise TypeError(f"attributes must be a dict of arrays, got {type(attributes).__name__}")
    missing = [name for name in ALL_FACTORS if name not in attributes]
    if missing:
        raise ValueError(f"attributes is missing factor(s) {missing}")
    cols = {name: _column(attributes[name], f"attributes[{name!r}]")
            for name in ALL_FACTORS + tuple(k for k in OPTIONAL_FACTORS if k in attributes)}
    n = len(cols["tilt"]) if cols["tilt"].ndim else -1
    for name, col in cols.items():
        if col.shape != (n,):
            raise ValueError(f"attributes[{name!r}] must have shape (n,) like attributes['tilt'] "
                             f"({'()' if n < 0 else f'({n},)'}), got {col.shape}")
        if not np.all(np.isfinite(col)):
            raise ValueError(f"attributes[{name!r}] contains NaN or infinite values")
        if name in _POSITIVE and not np.all(col > 0):
            raise ValueError(f"attributes[{name!r}] must be positive (a {name} of 0 draws nothing)")
        if name in BINARY_ATTRIBUTES and not np.all((col >= 0) & (col <= 1)):
            raise ValueError(f"attributes[{name!r}] must be in [0, 1] (0 = off, 1 = on)")
        if name == "age" and not np.all((col >= 0) & (col <= 1)):
            raise ValueError("attributes['age'] must be in [0, 1] (0 = young, 1 = old)")
    if n == 0:
        raise ValueError("attributes must describe at least one face, got columns of length 0")
    out = np.empty((n, size, size, 3), np.float32)
    for start in range(0, n, _CHUNK):
        sl = slice(start, start + _CHUNK)
        out[sl] = _render_chunk({k: c[sl] for k, c in cols.items()}, size, float(feature_scale))
    return out


def attribute_regions(attributes: dict, names=BINARY_ATTRIBUTES, size: int = 32, feature_scale: float = 1.0,
                      threshold: float = 0.05) -> np.ndarray:
    """Where the named binary attributes live in each face: bool array (n, size, size).

    Each face is drawn again with one attribute flipped at a time (glasses on <-> off, ...); a
    pixel belongs to the region when its colour changes by more than ``threshold`` (summed over
    RGB) for at least one of the ``names``. Used to give these few pixels more weight in a
    reconstruction loss (face-swap programs call it "eyes and mouth priority").
    """
    if isinstance(names, str):
        names = (names,)
    elif isinstance(names, (list, tuple, np.ndarray)):
        names = tuple(names)
    else:
        raise TypeError(f"names must be a list of some of {BINARY_ATTRIBUTES}, got {type(names).__name__}")
    bad = [a for a in names if not isinstance(a, str) or a not in BINARY_ATTRIBUTES]
    if not names or bad:
        raise ValueError(f"names must be some of {BINARY_ATTRIBUTES}, got {list(names)!r}")
    if (isinstance(threshold, bool) or not isinstance(threshold, numbers.Real) or not np.isfinite(threshold)
            or not threshold > 0):
        raise ValueError(f"threshold must be a positive number, got {threshold!r}")
    base = render_faces(attributes, size=size, feature_scale=feature_scale)
    region = np.zeros(base.shape[:3], bool)
    for a in names:
        flipped = dict(attributes, **{a: 1 - np.asarray(attributes[a])})
        region |= np.abs(render_faces(flipped, size=size, feature_scale=feature_scale) - base).sum(-1) > threshold
    return region


def make_faces(n: int, seed: int = 0, size: int = 32, identity=None, fix: dict | None = None,
               p: dict | float | None = None, ranges: dict | None = None,
               feature_scale: float = 1.0, age: bool = False) -> tuple[np.ndarray, dict]:
    """Draw ``n`` random faces: ``(images, attributes)``; see the module docstring (``age=True``: the
    optional age factor, drawn after all the others).

    ``images``: float32 (n, size, size, 3) in [0, 1]; ``attributes``: dict of arrays of length n.
    """
    table = sample_face_factors(n, seed=seed, identity=identity, fix=fix, p=p, ranges=ranges, age=age)
    return render_faces(table, size=size, feature_scale=feature_scale), table
