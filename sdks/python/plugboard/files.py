"""The socket path and its lock file (docs/PROTOCOL.md §5)."""
import os

from .errors import DecodeError

MAX_SOCKET_PATH = 107  # sockaddr_un.sun_path on Linux, less its NUL


class StartError(Exception):
    """The plugin cannot start: the message is the one line printed on stderr; ``status`` is the exit status."""

    def __init__(self, message, status=1):
        super().__init__(message)
        self.status = status


def socket_path(identifier, socket_directory=None):
    """``DIR/plugboard-ID.sock``: DIR is the host's socketDirectory, else $TMPDIR, else /tmp; ID keeps
    ``[A-Za-z0-9._-]`` and turns every other character into ``_``. Raises DecodeError (a config error) when the id
    cannot name a file or the path is over 107 bytes."""
    directory = socket_directory or os.environ.get("TMPDIR") or "/tmp"
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "_" for c in identifier)
    if not safe or safe.startswith("."):
        raise DecodeError("$.id", f'id "{identifier}" cannot name a socket file')
    while len(directory) > 1 and directory.endswith("/"):
        directory = directory[:-1]
    path = f"{directory}/plugboard-{safe}.sock"
    size = len(path.encode())
    if size > MAX_SOCKET_PATH:
        raise DecodeError("$.id", f"socket path {path} is {size} bytes; a Unix socket path holds at most {MAX_SOCKET_PATH}")
    return path


class SocketLock:
    """``PATH.lock`` holding this process's pid: taken before binding, released (with the socket) on a clean stop."""

    def __init__(self, socket):
        self.socket = socket
        self.path = socket + ".lock"

    def acquire(self):
        """Creates the lock exclusively; a live owner refuses (StartError), a dead or unreadable one is stale."""
        for _ in range(3):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_CLOEXEC, 0o600)
            except FileExistsError:
                owner = self.owner()
                if owner is not None and owner != os.getpid() and _alive(owner):
                    raise StartError(f"socket {self.socket} is in use by running process {owner} (lock file {self.path})") from None
                _unlink(self.path, self.socket)
                continue
            except OSError as error:
                raise StartError(f"cannot create lock file {self.path}: {error.strerror}") from None
            try:
                os.write(fd, f"{os.getpid()}\n".encode())
            finally:
                os.close(fd)
            _unlink(self.socket)  # no live owner: a socket file here is stale
            return self
        raise StartError(f"cannot acquire lock file {self.path}: it keeps reappearing")

    def owner(self):
        """The pid in the lock file, or None when it is missing or holds no valid pid."""
        try:
            with open(self.path, "rb") as handle:
                text = handle.read(32).decode("ascii", errors="replace")
            pid = int("".join(text.split()))
        except (OSError, ValueError):
            return None
        return pid if 0 < pid < 2**31 else None

    def release(self):
        """Removes the socket and the lock file, unless another process owns the lock now."""
        if self.owner() in (os.getpid(), None):
            _unlink(self.socket, self.path)


def _alive(pid):
    try:
        os.kill(pid, 0)
    except PermissionError:
        return True  # it exists; it is not ours
    except OSError:
        return False
    return True


def _unlink(*paths):
    for path in paths:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
