"""Where an attached plugin listens on TCP (``--listen HOST:PORT``): an IPv4 address, a bracketed IPv6 address or
``localhost``, and a port (0: any free one). Without ``--listen`` it is 127.0.0.1, any port."""
import ipaddress

LOOPBACK = ("127.0.0.1", 0)


def parse_listen(text):
    """``(host, port)`` from ``HOST:PORT`` (``[V6]:PORT`` for IPv6); ValueError with a message naming the text."""
    def refuse(why):
        return ValueError(f"--listen {text}: {why}; expected HOST:PORT, e.g. 0.0.0.0:8443 or [::]:8443")
    if text.startswith("["):
        close = text.find("]")
        if close < 0 or text[close + 1:close + 2] != ":":
            raise refuse("an IPv6 address in brackets needs :PORT after it")
        host, port = text[1:close], text[close + 2:]
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            raise refuse(f"'{host}' is not an IPv6 address") from None
    else:
        host, colon, port = text.rpartition(":")
        if not colon:
            raise refuse("no port")
        if ":" in host:
            raise refuse("an IPv6 address must be in brackets")
        if host != "localhost":
            try:
                ipaddress.IPv4Address(host)
            except ValueError:
                raise refuse(f"'{host}' is not an IPv4 address (names other than localhost are not resolved: "
                             "give the address to listen on)") from None
    if not port.isdigit() or int(port) > 65535:
        raise refuse(f"'{port}' is not a port (0 to 65535)")
    return host, int(port)


def is_loopback(host):
    """Whether only this machine can connect: 127.0.0.0/8, ::1 or localhost."""
    return host in ("localhost", "::1") or host.startswith("127.")


def announced_host(host):
    """The host a manifest's URL names: the address, or loopback for a wildcard (0.0.0.0, ::)."""
    return {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)


def format_address(host, port):
    """``host:port``, IPv6 in brackets."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
