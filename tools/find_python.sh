#!/bin/sh
# Print the Python interpreter `make` builds .venv with: one whose version the lock file
# (requirements.txt) installs on. Usage: tools/find_python.sh [interpreter]
#  - with an interpreter (make PYTHON=...): that one, or an error naming its version;
#  - without: python3 if it fits, else the first python3.11 ... python3.14 on the PATH that does.
# Keep SUPPORTED in step with pyproject.toml's requires-python (tests/test_environment.py checks).
SUPPORTED="3.11 3.12 3.13 3.14"

version_of() {
    "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null
}
fits() {
    for s in $SUPPORTED; do [ "$1" = "$s" ] && return 0; done
    return 1
}
first=""
for s in $SUPPORTED; do [ -n "$first" ] || first=$s; last=$s; done
needed="Python $first to $last"

if [ -n "${1:-}" ]; then
    v=$(version_of "$1") || { echo "error: PYTHON=$1 does not run" >&2; exit 1; }
    fits "$v" && { echo "$1"; exit 0; }
    echo "error: PYTHON=$1 is Python $v; the course's pinned packages need $needed." >&2
    exit 1
fi

found=""
for cand in python3 python3.11 python3.12 python3.13 python3.14; do
    command -v "$cand" >/dev/null 2>&1 || continue
    v=$(version_of "$cand") || continue
    if fits "$v"; then
        [ -n "$found" ] && echo "note:$found the course's pinned packages need $needed: using $cand (Python $v)" >&2
        echo "$cand"
        exit 0
    fi
    found="$found $cand is Python $v,"
done
echo "error: no suitable Python found:${found:- no python3 on the PATH,} the course's pinned packages need $needed." >&2
echo "Install one (python.org, your package manager, pyenv or conda), or run: make PYTHON=/path/to/python3.11 ..." >&2
exit 1
