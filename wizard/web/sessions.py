"""Flask's signed-cookie sessions, with a cookie's verification remembered by the worker.

Every request of a respondent carries the same session cookie until the session changes. Checking
it (a key derivation and an HMAC, base64, then Flask's tagged JSON) costs a twentieth of a step
page. A cookie is immutable: once its signature is verified, what it holds and when it was signed
are known for good. This interface keeps them, keyed by the signing keys and the cookie itself, and
checks only the age on later requests; a cookie that was never verified is verified as Flask does.
Nothing else changes: saving, cookie flags, expiry.
"""

from __future__ import annotations

import copy
import time
from typing import Any

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature

from .lru import LRU

#: Verified cookies remembered per process (each holds a few hundred bytes).
MAX_COOKIES = 4096


#: (signing keys, cookie) -> (what it holds, when it was signed).
VERIFIED: LRU[tuple[dict[str, Any], float]] = LRU(MAX_COOKIES)


class RememberingSessionInterface(SecureCookieSessionInterface):
    """``SecureCookieSessionInterface`` that verifies each distinct cookie once per process."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        cookie = request.cookies.get(self.get_cookie_name(app))
        if not cookie:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        key = (tuple(serializer.secret_keys), cookie)
        found = VERIFIED.get(key)
        if found is None:
            try:
                data, signed = serializer.loads(cookie, max_age=max_age, return_timestamp=True)
            except BadSignature:   # tampered, signed with another key, or expired
                return self.session_class()
            found = (copy.deepcopy(data), signed.timestamp())
            VERIFIED.put(key, found)
            return self.session_class(data)
        data, signed_at = found
        if time.time() - signed_at > max_age:
            return self.session_class()
        # a copy: the request may change its session, never the remembered one
        return self.session_class(copy.deepcopy(data))


def init_app(app: Flask) -> None:
    """Use the remembering session interface for ``app``."""
    app.session_interface = RememberingSessionInterface()
