"""course_lib.density: counting estimates against exact fractions, sampling, and every bad input."""

import numpy as np
import pytest

from course_lib.data.apples import COLOURS, load_apples
from course_lib.density import Categorical

NOTE_COUNTS = {"Greenish": 3700, "Reddish": 6000, "Blueish": 300}


def test_apples_file_holds_the_notes_counts():
    apples = load_apples()
    assert apples.shape == (10_000,)
    values, counts = np.unique(apples, return_counts=True)
    assert dict(zip(values.tolist(), counts.tolist())) == NOTE_COUNTS
    assert set(values) == set(COLOURS)


def test_fit_counts_give_the_notes_probabilities():
    dist = Categorical.from_observations(load_apples(), categories=COLOURS)
    assert dist.categories == COLOURS
    assert dist.counts.tolist() == [3700, 6000, 300]
    assert dist.pmf("Greenish") == pytest.approx(0.37, abs=1e-15)
    assert dist.pmf("Reddish") == pytest.approx(0.60, abs=1e-15)
    assert dist.pmf("Blueish") == pytest.approx(0.03, abs=1e-15)
    np.testing.assert_allclose(dist.log_prob(["Reddish", "Blueish"]), np.log([0.6, 0.03]))


def test_from_counts_equals_fit_and_sorts_nothing():
    a = Categorical.from_counts(NOTE_COUNTS)
    assert a.categories == ("Greenish", "Reddish", "Blueish")
    np.testing.assert_array_equal(a.probs, [0.37, 0.60, 0.03])
    b = Categorical.from_counts([1, 3])
    assert b.categories == (0, 1) and b.pmf(1) == 0.75


def test_unobserved_category_gets_zero_and_minus_inf():
    d = Categorical.from_observations(["a", "a", "b"], categories=["a", "b", "c"])
    assert d.pmf("c") == 0.0
    assert d.log_prob("c") == -np.inf


def test_sampling_is_seeded_and_matches_probabilities():
    d = Categorical.from_counts(NOTE_COUNTS)
    s1, s2 = d.sample(200_000, seed=1), d.sample(200_000, seed=1)
    np.testing.assert_array_equal(s1, s2)
    freq = np.array([(s1 == c).mean() for c in d.categories])
    # 5 standard errors of a binomial share with n = 200,000
    se = np.sqrt(d.probs * (1 - d.probs) / s1.size)
    assert np.all(np.abs(freq - d.probs) < 5 * se)
    assert not np.array_equal(d.sample(50, seed=1), d.sample(50, seed=2))
    assert d.sample(0, seed=0).shape == (0,)


def test_entropy_closed_form():
    d = Categorical([0.5, 0.25, 0.25])
    assert d.entropy() == pytest.approx(1.5 * np.log(2))


@pytest.mark.parametrize("counts, match", [
    ([3, -1], "negative"),
    ([1.5, 2], "not an integer"),
    ([1, float("nan")], "NaN"),
    ([], "empty"),
    ([0, 0], "all zero"),
    (["a", 2], "not a number"),
    ("abc", "string"),
])
def test_bad_counts_are_named(counts, match):
    with pytest.raises((ValueError, TypeError), match=match):
        Categorical.from_counts(counts)


def test_bad_observations_are_named():
    with pytest.raises(ValueError, match="empty"):
        Categorical.from_observations([])
    with pytest.raises(ValueError, match="NaN"):
        Categorical.from_observations([1.0, np.nan])
    with pytest.raises(ValueError, match="not one of the categories"):
        Categorical.from_observations(["Reddish", "Purple"], categories=COLOURS)
    with pytest.raises(TypeError, match="single string"):
        Categorical.from_observations("Reddish")


def test_bad_queries_and_probabilities():
    d = Categorical.from_counts(NOTE_COUNTS)
    with pytest.raises(ValueError, match="not one of the categories"):
        d.pmf("Purple")
    with pytest.raises(ValueError, match="NaN"):
        d.pmf(float("nan"))
    with pytest.raises((TypeError, ValueError), match="n must be"):
        d.sample(-1)
    with pytest.raises(TypeError, match="n must be"):
        d.sample(2.5)
    with pytest.raises(ValueError, match="sum to 1"):
        Categorical([0.5, 0.6])
    with pytest.raises(ValueError, match="non-negative"):
        Categorical([1.5, -0.5])
    with pytest.raises(ValueError, match="distinct"):
        Categorical([0.5, 0.5], categories=["a", "a"])


def test_bernoulli_mixture_normalises_over_all_binary_vectors():
    from itertools import product

    from course_lib.density import BernoulliMixture

    rng = np.random.default_rng(0)
    X = (rng.random((60, 6)) < 0.3).astype(float)
    model = BernoulliMixture(n_components=3).fit(X, n_iter=20, seed=0)
    every = np.array(list(product([0.0, 1.0], repeat=6)))
    assert np.exp(model.log_prob(every)).sum() == pytest.approx(1.0, abs=1e-12)
    # EM never decreases the likelihood
    assert np.all(np.diff(model.history["log_likelihood"]) > -1e-9)
    samples = model.sample(5, seed=0)
    assert samples.shape == (5, 6) and set(np.unique(samples)) <= {0.0, 1.0}


def test_bernoulli_mixture_with_one_component_is_pixel_counting():
    from course_lib.density import BernoulliMixture

    X = np.array([[1, 0, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0]], dtype=float)
    m = BernoulliMixture(n_components=1, eps=1e-3).fit(X, seed=0)
    np.testing.assert_allclose(m.means_[0], np.clip(X.mean(0), 1e-3, 1 - 1e-3))
    expected = np.log(0.75) + np.log(0.75) + np.log(0.25)   # x = [1, 0, 1]
    assert m.log_prob([[1, 0, 1]])[0] == pytest.approx(expected)


def test_bernoulli_mixture_bad_inputs():
    from course_lib.density import BernoulliMixture

    with pytest.raises(ValueError, match="only 0 and 1"):
        BernoulliMixture(2).fit(np.full((4, 3), 0.5))
    with pytest.raises(ValueError, match="NaN"):
        BernoulliMixture(2).fit(np.array([[0.0, np.nan]]))
    with pytest.raises(ValueError, match="2-D"):
        BernoulliMixture(2).fit(np.zeros(3))
    with pytest.raises(RuntimeError, match="not fitted"):
        BernoulliMixture(2).log_prob(np.zeros((1, 3)))
    with pytest.raises(TypeError, match="n_components"):
        BernoulliMixture(1.5)
    m = BernoulliMixture(1).fit(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="3 columns"):
        m.log_prob(np.zeros((1, 4)))
