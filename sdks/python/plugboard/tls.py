"""TLS for an attached plugin on TCP (docs/PROTOCOL.md §19): ``--tls-cert FILE --tls-key FILE [--tls-client-ca FILE]``.

The standard library's ``ssl`` (OpenSSL) does the work; nothing is imported unless TLS is asked for. With a client
CA every client must present a certificate it signed (mutual TLS). A failed handshake is logged as one line naming
the cause, and the connection closed."""
import os
import ssl
import stat

from .files import StartError

# OpenSSL's reason codes, and what they mean from the plugin's side.
_CAUSES = (
    ("PEER_DID_NOT_RETURN_A_CERTIFICATE", "the client sent no certificate, and mutual TLS (--tls-client-ca) requires one"),
    ("CERTIFICATE_VERIFY_FAILED", "the client's certificate is not signed by the client CA {client_ca} (certificate verify failed)"),
    ("ALERT_UNKNOWN_CA", "the client refused this plugin's certificate {cert}: it does not trust the CA that signed it"),
    ("ALERT_BAD_CERTIFICATE", "the client refused this plugin's certificate {cert}"),
    ("ALERT_CERTIFICATE_UNKNOWN", "the client refused this plugin's certificate {cert}"),
    ("HTTP_REQUEST", "the client sent plain HTTP to a TLS port (it should use https://)"),
    ("WRONG_VERSION_NUMBER", "the client does not speak TLS"),
)


class ServerTLS:
    """The plugin's certificate and key and, optionally, the CA client certificates must chain to."""

    def __init__(self, cert, key, client_ca=None, logger=None):
        self.cert, self.key, self.client_ca = cert, key, client_ca
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        try:
            context.load_cert_chain(cert, key)
        except (OSError, ssl.SSLError) as error:
            raise StartError(f"cannot serve TLS with the certificate {cert} and the key {key}: {error}") from None
        if client_ca is not None:
            try:
                context.load_verify_locations(cafile=client_ca)
            except (OSError, ssl.SSLError) as error:
                raise StartError(f"cannot read the client CA (--tls-client-ca) {client_ca}: {error}") from None
            context.verify_mode = ssl.CERT_REQUIRED
        self.context = context
        try:
            mode = os.stat(key).st_mode
            if logger is not None and mode & 0o077:
                logger.warning(f"the private key {key} can be read by other users (mode {stat.S_IMODE(mode):o}); chmod 600 it")
        except OSError:
            pass

    def wrap(self, connection):
        """The connection over TLS, the handshake done (in the caller's thread); raises ``ssl.SSLError`` or
        ``OSError`` when it fails."""
        return self.context.wrap_socket(connection, server_side=True)

    def cause(self, error):
        """The sentence for a failed handshake."""
        text = f"{getattr(error, 'reason', None) or ''} {error}"
        for code, sentence in _CAUSES:
            if code in text:
                return sentence.format(client_ca=self.client_ca, cert=self.cert) + f" ({getattr(error, 'reason', None) or code})"
        return str(error)
