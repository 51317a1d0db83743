"""Sphinx configuration of the course website (`make site`; sources staged by tools/make_site.py).

The notebooks are rendered from their stored outputs (never executed); site/course_site.py hides
exercise solutions, adds the launch links and copies MathJax into the site. Nothing on a page is
loaded from outside the site: no CDN, web font, analytics or widget/thebe JavaScript.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from course_site import course_settings  # noqa: E402

project = "Generative models, hands-on"
author = "the course authors"
copyright = "the course authors, MIT licence"
language = "en"

extensions = ["myst_nb", "course_site"]
root_doc = "index"
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
# GLOSSARY.md has one H1 and then H3 entries (its GitHub layout)
suppress_warnings = ["mystnb.unknown_mime_type", "myst.header"]

course_settings = course_settings()

# --- notebooks: stored outputs only, nothing executed ---------------------------------------------
nb_execution_mode = "off"
nb_output_stderr = "show"
nb_ipywidgets_js = {}  # no widget manager from a CDN: sliders show their stored image or text
nb_mime_priority_overrides = [("html", "application/vnd.jupyter.widget-view+json", None),
                              ("html", "application/vnd.jupyter.widget-state+json", None)]
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "html_image", "html_admonition"]
myst_heading_anchors = 3
myst_dmath_double_inline = True

# --- maths: MathJax 3 from the site itself (course_site copies it there) --------------------------
mathjax_path = "mathjax/tex-chtml.js"
mathjax3_config = {"options": {"menuOptions": {"settings": {"explorer": False}}}}

# --- theme: sphinx-book-theme, with every asset inside the site -----------------------------------
html_theme = "sphinx_book_theme"
html_title = project
html_static_path = ["_static"]
html_css_files = ["course.css"]
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
html_theme_options = {
    "repository_url": course_settings["repository"],
    "repository_branch": course_settings["branch"],
    "use_repository_button": True,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "launch_buttons": {},       # the launch links are course_site's (student edition)
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "home_page_in_toc": True,
    "extra_footer": "Built from the stored notebooks with Sphinx and MyST-NB; reads offline.",
}
