#!/usr/bin/env bash
# Makes the TLS test certificates in this directory (checked in, so that tests and CI need no openssl):
#   ca.pem / ca-key.pem                 the test CA
#   server.pem / server-key.pem         a plugin's certificate for localhost and 127.0.0.1, signed by the CA
#   elsewhere.pem / elsewhere-key.pem   a plugin's certificate for resizer.example only, signed by the CA
#   client.pem / client-key.pem         a host's client certificate, signed by the CA
#   other-ca.pem / other-ca-key.pem     an unrelated CA
#   other-client.pem / other-client-key.pem   a client certificate signed by the unrelated CA
# EC P-256 keys, valid for 100 years. These keys are public test data: never trust these CAs anywhere else.
set -euo pipefail
cd "$(dirname "$0")"
days=36500
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; chmod 600 "$1"; }
ca() { # NAME SUBJECT
    key "$1-key.pem"
    openssl req -x509 -new -key "$1-key.pem" -sha256 -days "$days" -subj "/CN=$2" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out "$1.pem"
}
leaf() { # NAME CA SUBJECT EXTENDED-KEY-USAGE [SUBJECT-ALT-NAMES]
    key "$1-key.pem"
    openssl req -new -key "$1-key.pem" -subj "/CN=$3" -out "$1.csr"
    {
        echo "basicConstraints=critical,CA:FALSE"
        echo "keyUsage=critical,digitalSignature"
        echo "extendedKeyUsage=$4"
        if [ -n "${5:-}" ]; then echo "subjectAltName=$5"; fi
    } > "$1.ext"
    openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2-key.pem" -CAcreateserial -sha256 -days "$days" \
        -extfile "$1.ext" -out "$1.pem" 2>/dev/null
    rm -f "$1.csr" "$1.ext" "$2.srl"
}
ca ca "Plugboard test CA"
ca other-ca "Plugboard unrelated test CA"
leaf server ca "localhost" serverAuth "DNS:localhost,IP:127.0.0.1"
leaf elsewhere ca "resizer.example" serverAuth "DNS:resizer.example"
leaf client ca "plugboard test host" clientAuth
leaf other-client other-ca "plugboard unrelated host" clientAuth
echo "made $(ls *.pem | wc -l) PEM files in $(pwd)"
