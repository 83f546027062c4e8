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


class ManifestFile:
    """An attached plugin's manifest ``DIR/[NAMESPACE.]NAME.pconf`` (docs/PROTOCOL.md §19): written atomically (a
    hidden temporary file linked into place, so a watching host never reads half a file), removed on a clean stop.

    One per plugin name and directory: a second copy of a plugin whose first copy still runs is refused, naming
    that copy's pid; a manifest whose pid is gone is stale and replaced."""

    def __init__(self, path):
        self.path = path

    @staticmethod
    def write(directory, name, namespace, document, private=False):
        """Writes ``document`` (the manifest's JSON bytes) into place, mode 0600 when ``private`` (it holds a token),
        else 0644; raises StartError when it cannot."""
        file = (f"{namespace}." if namespace else "") + name + ".pconf"
        path = os.path.join(directory, file)
        temporary = os.path.join(directory, f".{file}.{os.getpid()}.tmp")
        try:
            _unlink(temporary)  # created afresh, so the mode below is the file's
            fd = os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_CLOEXEC, 0o600 if private else 0o644)
            try:
                os.write(fd, document)
            finally:
                os.close(fd)
        except OSError as error:
            raise StartError(f"cannot write manifest {temporary}: {error.strerror}") from None
        try:
            try:
                os.link(temporary, path)  # in place only if none is there: two copies starting at once cannot both win
                return ManifestFile(path)
            except FileExistsError:
                pass
            except OSError as error:
                raise StartError(f"cannot write manifest {path}: {error.strerror}") from None
            owner = _manifest_owner(path)
            if owner is not None and owner != os.getpid():
                raise StartError(f"{file[:-len('.pconf')]} is already attached in {directory} by pid {owner} ({path}); "
                                 "stop it first, or attach to another directory")
            try:
                os.rename(temporary, path)
            except OSError as error:
                raise StartError(f"cannot write manifest {path}: {error.strerror}") from None
            return ManifestFile(path)
        finally:
            _unlink(temporary)

    def remove(self):
        """Removes the manifest, unless it names another process now (someone replaced it meanwhile)."""
        owner = _manifest_owner(self.path)
        if owner is None or owner == os.getpid():
            _unlink(self.path)


def _manifest_owner(path):
    """The live pid a manifest names, or None (unreadable, no pid, or the process is gone)."""
    import json
    try:
        with open(path, "rb") as file:
            document = json.loads(file.read(1 << 20))
        pid = document.get("pid") if isinstance(document, dict) else None
    except (OSError, ValueError):
        return None
    if isinstance(pid, bool) or not isinstance(pid, int) or pid <= 0:
        return None
    return pid if _alive(pid) else None
