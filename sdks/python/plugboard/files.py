"""The socket path and its lock file (docs/PROTOCOL.md §5)."""
import fcntl
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
    """``PATH.lock`` holding this process's pid, with an exclusive ``flock`` held while the plugin serves: taken
    before binding, released (with the socket) on a clean stop. The lock, not the pid, says who owns the socket."""

    def __init__(self, socket):
        self.socket = socket
        self.path = socket + ".lock"
        self._fd = None

    def acquire(self):
        """Takes the lock: another holder, or a live pid in a file nobody holds, refuses (StartError); a dead
        owner's file is taken over in place."""
        for _ in range(3):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_RDWR | os.O_CLOEXEC | os.O_NOFOLLOW, 0o600)
            except OSError as error:
                raise StartError(f"cannot open lock file {self.path}: {error.strerror}") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                owner = _pid_in(fd)
                os.close(fd)
                held = f"running process {owner}" if owner else "another process, which holds its lock file"
                raise StartError(f"socket {self.socket} is in use by {held}" + (f" (lock file {self.path})" if owner else f" {self.path}")) from None
            except OSError as error:
                os.close(fd)
                raise StartError(f"cannot lock {self.path}: {error.strerror}") from None
            if not _is_current(fd, self.path):  # its last holder removed it as it stopped: lock the new one
                os.close(fd)
                continue
            owner = _pid_in(fd)
            if owner is not None and owner != os.getpid() and _alive(owner):
                os.close(fd)
                raise StartError(f"socket {self.socket} is in use by running process {owner} (lock file {self.path})")
            os.fchmod(fd, 0o600)  # a file taken over keeps the mode it was made with otherwise
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
            _unlink(self.socket)  # no live owner: a socket file here is stale
            self._fd = fd
            return self
        raise StartError(f"cannot acquire lock file {self.path}: it keeps being replaced")

    def owner(self):
        """The pid in the lock file, or None when it is missing or holds no valid pid."""
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_CLOEXEC)
        except OSError:
            return None
        try:
            return _pid_in(fd)
        finally:
            os.close(fd)

    def release(self):
        """Removes the socket and the lock file while still holding the lock (if the file is still ours), then
        drops the lock."""
        if self._fd is None:
            return
        if _is_current(self._fd, self.path):
            _unlink(self.socket, self.path)
        os.close(self._fd)
        self._fd = None


def _pid_in(fd):
    try:
        text = os.pread(fd, 32, 0).decode("ascii", errors="replace")
        pid = int("".join(text.split()))
    except (OSError, ValueError):
        return None
    return pid if 0 < pid < 2**31 else None


def _is_current(fd, path):
    try:
        opened, named = os.fstat(fd), os.lstat(path)
    except OSError:
        return False
    return (opened.st_dev, opened.st_ino) == (named.st_dev, named.st_ino)


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
