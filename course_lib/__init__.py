"""course_lib: the reusable code behind the notebooks of the generative-models course.

One concept per module; import what you need, e.g. ``from course_lib.density import Categorical``.
Nothing here touches the network: data are shipped in ``data/`` or generated from a seed.
"""

__version__ = "0.1.0"
