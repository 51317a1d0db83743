"""course_lib.bayes: Bayes' rule against direct computation, sampling statistics, bad inputs."""

import numpy as np
import pytest
from scipy.stats import multivariate_normal

from course_lib.bayes import ClassConditionalGaussian


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal([0, 0], 1.0, (300, 2)), rng.normal([3, 1], [0.5, 2.0], (100, 2))])
    y = np.array([0] * 300 + [1] * 100)
    return X, y


def test_posterior_is_bayes_rule(data):
    X, y = data
    m = ClassConditionalGaussian().fit(X, y)
    assert m.priors_.tolist() == [0.75, 0.25]
    x = np.array([[1.0, 0.5], [2.5, -1.0]])
    lik = np.stack([multivariate_normal(m.means_[k], m.covariances_[k]).pdf(x) for k in range(2)], 1)
    joint = lik * m.priors_
    np.testing.assert_allclose(m.predict_proba(x), joint / joint.sum(1, keepdims=True), rtol=1e-10)
    np.testing.assert_allclose(np.exp(m.log_density(x)), joint.sum(1), rtol=1e-10)


def test_samples_reproduce_the_fitted_model(data):
    X, y = data
    m = ClassConditionalGaussian().fit(X, y)
    Xs, ys = m.sample(40_000, seed=1)
    assert abs(np.mean(ys == 1) - 0.25) < 0.01
    np.testing.assert_allclose(Xs[ys == 1].mean(0), m.means_[1], atol=0.05)
    np.testing.assert_allclose(np.cov(Xs[ys == 0], rowvar=False), m.covariances_[0], atol=0.05)
    a, _ = m.sample(5, seed=3)
    b, _ = m.sample(5, seed=3)
    np.testing.assert_array_equal(a, b)


def test_bad_inputs(data):
    X, y = data
    with pytest.raises(ValueError, match="one label per row"):
        ClassConditionalGaussian().fit(X, y[:-1])
    with pytest.raises(ValueError, match="NaN"):
        ClassConditionalGaussian().fit(np.full((10, 2), np.nan), np.arange(10) % 2)
    with pytest.raises(ValueError, match="two classes"):
        ClassConditionalGaussian().fit(X, np.zeros(len(X)))
    with pytest.raises(RuntimeError, match="not fitted"):
        ClassConditionalGaussian().predict(X)
    m = ClassConditionalGaussian().fit(X, y)
    with pytest.raises(ValueError, match="2 columns"):
        m.predict(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="reg"):
        ClassConditionalGaussian(reg=-1)
