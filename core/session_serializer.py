"""Session data encrypted at rest.

allauth keeps a pending login or confirmation code in the person's session until it is entered,
and Django only *signs* session data (base64 JSON that anyone who reads the ``django_session``
table can decode). With this serializer (``SESSION_SERIALIZER``) the JSON is encrypted with
Fernet under a key derived from ``SECRET_KEY`` (and its fallbacks, for key rotation), so the
session table holds no readable secret. A session written before this was switched on fails to
decrypt and is treated by Django as empty: the person is simply logged out once.
"""

import base64
import functools
import hashlib

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.core.signing import JSONSerializer


def _fernet_for(secret: str) -> Fernet:
    digest = hashlib.sha256(f"open-overheid.sessions:{secret}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


@functools.cache
def _cipher(secret_key: str, fallbacks: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([_fernet_for(key) for key in (secret_key, *fallbacks)])


def cipher() -> MultiFernet:
    return _cipher(settings.SECRET_KEY, tuple(getattr(settings, "SECRET_KEY_FALLBACKS", ())))


class EncryptedJSONSerializer:
    """Django's JSON session serializer with Fernet encryption around it."""

    def dumps(self, obj) -> bytes:
        return cipher().encrypt(JSONSerializer().dumps(obj))

    def loads(self, data: bytes):
        return JSONSerializer().loads(cipher().decrypt(data))
