"""The pairing token the extension sends with every clip: made once, kept in the user's config folder."""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path

from app.paths import user_config_dir

TOKEN_FILE = "connector-token"


def token_path() -> Path:
    return user_config_dir() / TOKEN_FILE


def load_token() -> str:
    """The current token, made on first use (readable by the user alone)."""
    path = token_path()
    try:
        token = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        token = ""
    except (OSError, UnicodeDecodeError):
        token = ""
    return token or new_token()


def new_token() -> str:
    """Replace the token: an extension paired with the old one must be given the new one."""
    token = secrets.token_urlsafe(24)
    path = token_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{TOKEN_FILE}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(token + "\n")
    os.replace(tmp, path)
    return token


def tokens_match(given: str, expected: str) -> bool:
    """Compare in constant time, so the answer's timing tells nothing about the token."""
    return hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8", "replace"))
