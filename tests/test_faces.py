"""Tests of course_lib.data.faces: shapes, seeds, visible attributes, identities, bad inputs."""

import numpy as np
import pytest

from course_lib.data.faces import (
    BINARY_ATTRIBUTES,
    CONTINUOUS_FACTORS,
    FACTOR_RANGES,
    IDENTITIES,
    IDENTITY_FACTORS,
    attribute_regions,
    hair_colour,
    make_faces,
    render_faces,
    sample_face_factors,
    skin_colour,
)

UPRIGHT = {"tilt": 0.0, "scale": 1.0, "width": 0.43, "shift_x": 0.0, "shift_y": 0.0}
SIZE = 32


def face_coords(size=SIZE):
    """(u, v) of each pixel for an upright, centred face at scale 1 (u right, v down)."""
    c = (np.arange(size) + 0.5) / size * 2 - 1
    return np.meshgrid(c, c)


# where each attribute is drawn on an upright face, in face units (with a margin of ~2 pixels)
REGIONS = {
    "glasses": lambda u, v: (np.abs(v + 0.08) < 0.32) & (np.abs(u) < 0.5),
    "eyes_open": lambda u, v: (np.abs(v + 0.08) < 0.22) & (np.abs(u) < 0.4),
    "smile": lambda u, v: (v > 0.1) & (v < 0.55) & (np.abs(u) < 0.35),
    "hat": lambda u, v: v < -0.2,
    "beard": lambda u, v: (v > 0.0) & (v < 0.8) & (np.abs(u) < 0.6),
}


def test_shapes_dtype_range_and_table():
    images, attrs = make_faces(50, seed=3)
    assert images.shape == (50, 32, 32, 3) and images.dtype == np.float32
    assert images.min() >= 0 and images.max() <= 1
    assert set(attrs) == set(BINARY_ATTRIBUTES) | set(CONTINUOUS_FACTORS) | {"identity"}
    for name in BINARY_ATTRIBUTES:
        assert attrs[name].shape == (50,) and set(np.unique(attrs[name])) <= {0, 1}
    for name in CONTINUOUS_FACTORS:
        lo, hi = FACTOR_RANGES[name]
        assert attrs[name].dtype == np.float32 and np.all((attrs[name] >= lo) & (attrs[name] <= hi))
    assert np.all(attrs["identity"] == -1)
    assert make_faces(3, size=48)[0].shape == (3, 48, 48, 3)


def test_seeded_and_deterministic():
    a, ta = make_faces(20, seed=7)
    b, tb = make_faces(20, seed=7)
    c, _ = make_faces(20, seed=8)
    assert np.array_equal(a, b) and all(np.array_equal(ta[k], tb[k]) for k in ta)
    assert not np.allclose(a, c)
    # rendering in chunks gives the same faces as rendering one by one
    big, table = make_faces(600, seed=1)
    one = render_faces({k: v[555:556] for k, v in table.items()})
    np.testing.assert_allclose(big[555:556], one, atol=1e-6)


def test_binary_attributes_independent_and_balanced():
    attrs = sample_face_factors(8000, seed=0)
    B = np.stack([attrs[k] for k in BINARY_ATTRIBUTES], 1).astype(float)
    assert np.all(np.abs(B.mean(0) - 0.5) < 0.03)
    corr = np.corrcoef(B.T) - np.eye(len(BINARY_ATTRIBUTES))
    assert np.abs(corr).max() < 0.05
    p = sample_face_factors(8000, seed=0, p={"glasses": 0.1})
    assert abs(p["glasses"].mean() - 0.1) < 0.02
    assert np.array_equal(p["smile"], attrs["smile"])  # other attributes unchanged


@pytest.mark.parametrize("name", BINARY_ATTRIBUTES)
def test_each_attribute_is_visible_where_it_is_drawn(name):
    """Counterfactual pair on an upright face: pixels change inside the attribute's region only."""
    fix = dict(UPRIGHT, glasses=0, smile=0, hat=0, beard=0, eyes_open=1, skin=0.3, hair=0.1)
    off = render_faces(sample_face_factors(1, fix=dict(fix, **{name: 0})))[0]
    on = render_faces(sample_face_factors(1, fix=dict(fix, **{name: 1})))[0]
    diff = np.abs(on - off).max(-1)
    region = REGIONS[name](*face_coords())
    assert diff[region].max() > 0.3, f"{name} not visible"
    assert (diff[region] > 0.1).sum() >= 6, f"{name} covers too few pixels"
    assert diff[~region].max() < 1e-6, f"{name} changes pixels outside its region"


@pytest.mark.parametrize("name", BINARY_ATTRIBUTES)
def test_switching_one_attribute_changes_every_random_face_and_nothing_else(name):
    t0 = sample_face_factors(200, seed=5, fix={name: 0})
    t1 = sample_face_factors(200, seed=5, fix={name: 1})
    for k in t0:
        if k != name:
            assert np.array_equal(t0[k], t1[k])
    d = np.abs(render_faces(t1) - render_faces(t0)).reshape(200, -1).max(1)
    assert d.min() > 0.2


@pytest.mark.parametrize("name", BINARY_ATTRIBUTES)
def test_attribute_regions_are_where_the_attribute_is_drawn(name):
    _, t = make_faces(6, seed=4, fix=UPRIGHT)
    region = attribute_regions(t, [name])
    u, v = face_coords()
    assert region.any(axis=(1, 2)).all()                        # every face has such pixels
    assert not (region & ~REGIONS[name](u, v)[None]).any()      # and all of them lie where it is drawn
    both = attribute_regions(t, [name, "hat"])
    assert (both >= region).all() and (both == (region | attribute_regions(t, ["hat"]))).all()


def test_attribute_regions_bad_inputs():
    _, t = make_faces(2, seed=0)
    with pytest.raises(ValueError, match="names"):
        attribute_regions(t, ["tilt"])
    with pytest.raises(ValueError, match="threshold"):
        attribute_regions(t, threshold=0)


def test_rendering_is_smooth_in_continuous_factors():
    """Anti-aliased masks: a tiny change of a factor makes a tiny change of the image."""
    t = sample_face_factors(100, seed=2)
    base = render_faces(t)
    for name, eps in [("tilt", 1e-3), ("shift_x", 1e-3), ("scale", 1e-3), ("width", 1e-3), ("skin", 1e-3)]:
        moved = dict(t, **{name: t[name] + eps})
        assert np.abs(render_faces(moved) - base).max() < 0.1, name
    # and a large change is visible
    moved = dict(t, tilt=t["tilt"] + 0.3)
    assert np.abs(render_faces(moved) - base).reshape(100, -1).max(1).min() > 0.3


def test_identities_fix_identity_factors_and_keep_expression_and_pose():
    a_img, a = make_faces(30, seed=4, identity="A")
    b_img, b = make_faces(30, seed=4, identity="B")
    for factor in IDENTITY_FACTORS:
        assert np.allclose(a[factor], IDENTITIES["A"][factor])
        assert np.allclose(b[factor], IDENTITIES["B"][factor])
    for k in BINARY_ATTRIBUTES + ("tilt", "scale", "shift_x", "shift_y"):
        assert np.array_equal(a[k], b[k])
    assert np.all(a["identity"] == 0) and np.all(b["identity"] == 1)
    assert np.abs(a_img - b_img).reshape(30, -1).mean(1).min() > 0.02
    # mixed codes
    _, m = make_faces(4, seed=4, identity=np.array([0, 1, -1, 0]))
    assert m["skin"][0] == np.float32(IDENTITIES["A"]["skin"]) and m["skin"][1] == np.float32(IDENTITIES["B"]["skin"])


def test_fix_accepts_arrays_and_colour_helpers():
    tilt = np.linspace(-0.3, 0.3, 5)
    _, t = make_faces(5, seed=0, fix={"tilt": tilt, "glasses": 1})
    assert np.allclose(t["tilt"], tilt) and np.all(t["glasses"] == 1)
    assert skin_colour([0.0, 1.0]).shape == (2, 3)
    np.testing.assert_allclose(hair_colour(0.5), [0.55, 0.22, 0.10], atol=1e-6)


def test_ranges_override_rescales_the_same_draws():
    from course_lib.data.faces import WIDE_POSE

    a = sample_face_factors(500, seed=6)
    b = sample_face_factors(500, seed=6, ranges=WIDE_POSE)
    for name, (lo, hi) in WIDE_POSE.items():
        assert b[name].min() >= lo and b[name].max() <= hi
        assert b[name].max() - b[name].min() > 0.9 * (hi - lo)
        lo0, hi0 = FACTOR_RANGES[name]
        np.testing.assert_allclose((a[name] - lo0) / (hi0 - lo0), (b[name] - lo) / (hi - lo), atol=1e-5)
    for k in BINARY_ATTRIBUTES + ("scale", "skin"):
        assert np.array_equal(a[k], b[k])
    assert make_faces(3, ranges=WIDE_POSE)[0].shape == (3, 32, 32, 3)


def test_feature_scale_enlarges_eyes_and_mouth_only():
    t = sample_face_factors(200, seed=8)
    np.testing.assert_array_equal(render_faces(t), render_faces(t, feature_scale=1.0))
    for name in ("smile", "eyes_open"):
        diffs = []
        for fs in (1.0, 1.6):
            on = render_faces(dict(t, **{name: np.ones(200, int)}), feature_scale=fs)
            off = render_faces(dict(t, **{name: np.zeros(200, int)}), feature_scale=fs)
            diffs.append(((on - off) ** 2).sum())
        assert diffs[1] > 1.5 * diffs[0], name
    no_face_parts = dict(t, smile=np.zeros(200, int), eyes_open=np.zeros(200, int))
    big = render_faces(no_face_parts, feature_scale=1.6)
    assert np.abs(big - render_faces(no_face_parts)).max() > 0  # the closed mouth grows too
    with pytest.raises(ValueError, match="feature_scale"):
        render_faces(t, feature_scale=3.0)
    with pytest.raises(ValueError, match="feature_scale"):
        make_faces(2, feature_scale=True)


def test_batch_rendering_is_the_faces_drawn_one_by_one():
    """make_faces renders its table in one vectorised pass: the same pixels as each row alone."""
    X, t = make_faces(50, seed=0)
    np.testing.assert_array_equal(render_faces(t), X)
    one_by_one = np.concatenate([render_faces({k: np.asarray(v)[i:i + 1] for k, v in t.items()})
                                 for i in range(len(X))])
    np.testing.assert_array_equal(one_by_one, X)


@pytest.mark.parametrize("kwargs, err", [
    (dict(n=0), ValueError), (dict(n=2.5), TypeError), (dict(n=True), TypeError),
    (dict(n=3, seed=-1), ValueError), (dict(n=3, size=4), ValueError), (dict(n=3, size=16.0), TypeError),
    (dict(n=3, identity="C"), ValueError), (dict(n=3, identity=np.array([0, 1])), ValueError),
    (dict(n=3, identity=np.array([0, 1, 2])), ValueError),
    (dict(n=3, fix={"moustache": 1}), ValueError), (dict(n=3, fix={"glasses": 2}), ValueError),
    (dict(n=3, fix={"tilt": np.nan}), ValueError), (dict(n=3, fix={"tilt": [0.1, 0.2]}), ValueError),
    (dict(n=3, p=1.5), ValueError), (dict(n=3, p={"hat": -0.1}), ValueError),
    (dict(n=3, p={"moustache": 0.5}), ValueError),
    (dict(n=3, ranges={"glasses": (0, 1)}), ValueError), (dict(n=3, ranges={"tilt": 0.3}), ValueError),
    (dict(n=3, ranges={"tilt": (0.3, -0.3)}), ValueError), (dict(n=3, ranges={"tilt": (0, np.inf)}), ValueError),
])
def test_bad_inputs(kwargs, err):
    with pytest.raises(err):
        make_faces(**kwargs)


def test_render_bad_inputs():
    t = sample_face_factors(3)
    with pytest.raises(TypeError, match="attributes"):
        render_faces([1, 2, 3])
    with pytest.raises(ValueError, match="missing"):
        render_faces({k: v for k, v in t.items() if k != "hat"})
    with pytest.raises(ValueError, match="shape"):
        render_faces(dict(t, tilt=np.zeros(2)))
    with pytest.raises(ValueError, match="NaN"):
        render_faces(dict(t, scale=np.array([1.0, np.nan, 1.0])))


# ----------------------------------------------------------------------------- the optional age factor (lecture 8)
# Pixel sums of default faces recorded before the age factor existed (the same on every machine to ~1e-3):
# the default streams, which lectures 9-10 and their checkpoints use, must not move.
DEFAULT_SUMS = {
    "default": [2422.9138, 2306.4485, 2338.8304, 2401.4903, 2443.1177, 2460.8828],
    "B_wide_fs": [2554.9518, 2364.6554, 2301.6865, 2368.852, 2414.0142, 2438.4042],
    "size64_glasses": [9659.4705, 9217.4811, 9054.2037, 9337.3917, 9727.1458, 9730.2618],
}


def test_default_faces_unchanged_by_the_age_factor():
    from course_lib.data.faces import WIDE_POSE
    cases = {"default": dict(n=6, seed=0),
             "B_wide_fs": dict(n=6, seed=5, identity="B", ranges=WIDE_POSE, feature_scale=1.6),
             "size64_glasses": dict(n=6, seed=3, size=64, fix={"glasses": 1})}
    for name, kw in cases.items():
        images, table = make_faces(**kw)
        assert "age" not in table
        np.testing.assert_allclose(images.reshape(6, -1).astype(np.float64).sum(1), DEFAULT_SUMS[name], atol=2e-3)
        aged, aged_table = make_faces(**kw, age=True)
        # every other factor is drawn exactly as without age; the images differ only by age
        assert all(np.array_equal(table[k], aged_table[k]) for k in table)
        assert not np.array_equal(images, aged)
        plain = {k: v for k, v in aged_table.items() if k != "age"}
        assert np.array_equal(render_faces(plain, size=kw.get("size", 32), feature_scale=kw.get("feature_scale", 1.0)),
                              images)


def test_age_range_seed_and_what_it_draws():
    _, t = make_faces(500, seed=2, age=True)
    assert t["age"].dtype == np.float32 and t["age"].min() >= 0 and t["age"].max() <= 1
    assert 0.45 < t["age"].mean() < 0.55
    _, t2 = make_faces(500, seed=2, age=True)
    assert np.array_equal(t["age"], t2["age"])
    _, t3 = make_faces(50, seed=2, age=True, ranges={"age": (0.2, 0.3)})
    assert t3["age"].min() >= 0.2 and t3["age"].max() <= 0.3
    _, tf = make_faces(3, seed=2, fix={"age": 0.5})
    assert np.allclose(tf["age"], 0.5)
    # age 0 draws exactly the face without the factor; age greys the hair and darkens the wrinkle lines
    _, base = make_faces(4, seed=1, identity="A", fix={"hat": 0, "beard": 0}, ranges=dict(UPRIGHT_RANGES))
    young = render_faces(base)
    assert np.array_equal(render_faces(dict(base, age=np.zeros(4, np.float32))), young)
    old = render_faces(dict(base, age=np.ones(4, np.float32)))
    changed = np.abs(old - young).sum(-1) > 0.05
    u, v = face_coords()
    assert changed.any(0)[v < -0.45].any()          # the hair above the forehead turns grey
    assert not changed[:, (v > 0.75) | (np.abs(u) > 0.75)].any()   # neither the background at the sides nor the neck
    assert (old.mean() > young.mean())               # black hair -> grey is lighter


UPRIGHT_RANGES = {k: (v, v) for k, v in UPRIGHT.items()}


def test_age_bad_inputs():
    with pytest.raises(TypeError, match="age"):
        make_faces(2, age="yes")
    with pytest.raises(ValueError, match="age"):
        make_faces(2, fix={"age": 1.5})
    with pytest.raises(ValueError, match="age"):
        make_faces(2, age=True, ranges={"age": (-0.5, 0.5)})
    _, t = make_faces(2, seed=0, age=True)
    with pytest.raises(ValueError, match="age"):
        render_faces(dict(t, age=np.array([0.5, 2.0])))
