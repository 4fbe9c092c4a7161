"""PyInstaller run-time hook for both Cuttings executables (runs before their entry script).

The bundled OpenSSL looks for CA certificates where the build machine keeps them (Debian:
/usr/lib/ssl). On a system that keeps them elsewhere, and where SSL_CERT_FILE is not set, URL clipping
uses certifi's bundle instead, so https:// pages still verify.
"""

import os
import ssl


def _use_certifi_when_system_certificates_are_missing() -> None:
    if os.environ.get("SSL_CERT_FILE") or os.environ.get("SSL_CERT_DIR"):
        return
    paths = ssl.get_default_verify_paths()
    if (paths.cafile and os.path.isfile(paths.cafile)) or (paths.capath and os.path.isdir(paths.capath)):
        return
    try:
        import certifi
    except ImportError:
        return
    os.environ["SSL_CERT_FILE"] = certifi.where()


_use_certifi_when_system_certificates_are_missing()
