"""Network guard: run code, or a whole Jupyter kernel, with the network switched off.

The course promises that nothing downloads: data and checkpoints ship in the repository. To
prove it on every run, `make nbval` executes each notebook in the kernel ``course-offline``
(installed into the venv by ``make``): ipykernel started after :func:`block_network`. Any attempt
to reach another machine -- resolving a remote host name, connecting or sending to a non-loopback
address -- raises :class:`NetworkBlockedError` and also prints why on stderr, so strict nbval fails
even when a library swallows the error. Loopback (127.0.0.0/8, ::1, ``localhost``) and Unix
sockets stay allowed: the kernel talks to Jupyter over them.

Command line::

    python -m course_lib.offline install [--prefix PREFIX]   # write the kernelspec (make does it)
    python -m course_lib.offline kernel -f CONNECTION_FILE    # what the kernelspec runs

In Python::

    with offline():
        ...   # any download in here raises NetworkBlockedError
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import socket
import sys
from pathlib import Path

from ._validate import check_path

KERNEL_NAME = "course-offline"
_ORIGINAL: dict[str, object] = {}
_LOCAL_NAMES = {"", "localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


class NetworkBlockedError(ConnectionRefusedError):
    """Raised instead of reaching another machine (an ``OSError``, as on a machine with no network)."""


def is_loopback(host) -> bool:
    """True for loopback or wildcard addresses and local names (``localhost``, this host's name).

    ``host``: a host name or address (str or bytes), or None (the wildcard).
    """
    if host is None:
        return True
    if not isinstance(host, (str, bytes, bytearray)):
        raise TypeError(f"host must be a host name or address (str or bytes) or None, got {type(host).__name__}")
    if isinstance(host, (bytes, bytearray)):
        host = bytes(host).decode("ascii", "replace")
    host = str(host).strip().strip("[]").split("%", 1)[0].rstrip(".").lower()
    if host in _LOCAL_NAMES or host == _ORIGINAL.get("hostname", socket.gethostname()).lower():
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback or ip.is_unspecified


def _refuse(what: str, target) -> None:
    msg = (f"network blocked by course_lib.offline: {what} {target!r}. The course runs without "
           f"downloads: ship the file in data/ or checkpoints/ (made by a script) instead.")
    print(msg, file=sys.stderr)
    raise NetworkBlockedError(msg)


def _host_of(address):
    """Host part of a socket address, or None for Unix-socket paths and other families."""
    if isinstance(address, tuple) and address:
        return address[0]
    return None


def _guard_address(what: str, address) -> None:
    host = _host_of(address)
    if host is not None and not is_loopback(host):
        _refuse(what, address)


def _connect(self, address):
    _guard_address("connect to", address)
    return _ORIGINAL["connect"](self, address)


def _connect_ex(self, address):
    _guard_address("connect to", address)
    return _ORIGINAL["connect_ex"](self, address)


def _sendto(self, data, *args):
    _guard_address("send to", args[-1] if args else None)
    return _ORIGINAL["sendto"](self, data, *args)


def _getaddrinfo(host, *args, **kwargs):
    if not is_loopback(host):
        _refuse("look up", host)
    return _ORIGINAL["getaddrinfo"](host, *args, **kwargs)


def _gethostbyname(host):
    if not is_loopback(host):
        _refuse("look up", host)
    return _ORIGINAL["gethostbyname"](host)


def _gethostbyname_ex(host):
    if not is_loopback(host):
        _refuse("look up", host)
    return _ORIGINAL["gethostbyname_ex"](host)


def network_blocked() -> bool:
    """Whether :func:`block_network` is in force in this process."""
    return bool(_ORIGINAL)


def block_network() -> None:
    """Make every non-loopback look-up, connect or send in this process raise NetworkBlockedError."""
    if _ORIGINAL:
        return
    _ORIGINAL.update(
        hostname=socket.gethostname(),
        connect=socket.socket.connect, connect_ex=socket.socket.connect_ex,
        sendto=socket.socket.sendto, getaddrinfo=socket.getaddrinfo,
        gethostbyname=socket.gethostbyname, gethostbyname_ex=socket.gethostbyname_ex)
    socket.socket.connect = _connect
    socket.socket.connect_ex = _connect_ex
    socket.socket.sendto = _sendto
    socket.getaddrinfo = _getaddrinfo
    socket.gethostbyname = _gethostbyname
    socket.gethostbyname_ex = _gethostbyname_ex


def allow_network() -> None:
    """Undo :func:`block_network`."""
    if not _ORIGINAL:
        return
    socket.socket.connect = _ORIGINAL["connect"]
    socket.socket.connect_ex = _ORIGINAL["connect_ex"]
    socket.socket.sendto = _ORIGINAL["sendto"]
    socket.getaddrinfo = _ORIGINAL["getaddrinfo"]
    socket.gethostbyname = _ORIGINAL["gethostbyname"]
    socket.gethostbyname_ex = _ORIGINAL["gethostbyname_ex"]
    _ORIGINAL.clear()


@contextlib.contextmanager
def offline():
    """Context manager: the network is blocked inside the ``with`` block (restored after)."""
    was_blocked = network_blocked()
    block_network()
    try:
        yield
    finally:
        if not was_blocked:
            allow_network()


def install_kernelspec(prefix: str | Path | None = None) -> Path:
    """Write the ``course-offline`` kernelspec under ``prefix`` (default: this Python's prefix).

    Returns the kernelspec directory. The kernel runs this Python, so it sees the same packages.
    """
    prefix = Path(sys.prefix) if prefix is None else check_path(prefix, "prefix")
    dest = prefix / "share" / "jupyter" / "kernels" / KERNEL_NAME
    dest.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [sys.executable, "-m", "course_lib.offline", "kernel", "-f", "{connection_file}"],
        "display_name": "Python 3 (course, network blocked)",
        "language": "python",
        "metadata": {"debugger": True},
    }
    (dest / "kernel.json").write_text(json.dumps(spec, indent=1) + "\n")
    return dest


def _launch_kernel(argv: list[str]) -> None:
    block_network()
    from ipykernel import kernelapp

    sys.argv = [sys.argv[0], *argv]
    kernelapp.launch_new_instance()


def main(argv: list[str] | None = None) -> None:
    """The command line; ``argv`` is a list of strings (default: ``sys.argv[1:]``)."""
    if argv is not None and (not isinstance(argv, (list, tuple)) or not all(isinstance(a, str) for a in argv)):
        raise TypeError(f"argv must be a list of strings (the command-line arguments), got {argv!r}")
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["kernel"]:
        _launch_kernel(argv[1:])
    elif argv[:1] == ["install"]:
        if "--prefix" in argv and argv.index("--prefix") + 1 >= len(argv):
            raise SystemExit("usage: python -m course_lib.offline install [--prefix PREFIX] (--prefix needs a folder)")
        prefix = argv[argv.index("--prefix") + 1] if "--prefix" in argv else None
        print(f"installed kernelspec {KERNEL_NAME} in {install_kernelspec(prefix)}")
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
