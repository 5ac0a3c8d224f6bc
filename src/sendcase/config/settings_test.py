"""Test settings: the real settings with a test secret and fast password hashing.

DATABASE_URL still decides the database, so the suite runs on PostgreSQL in CI and on SQLite by default.
"""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="sendcase-media-")
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ALLOWED_HOSTS = ["*"]
# Tests serve static files through the finders; there is no collected static folder.
STATIC_ROOT = None
# No persistent connections in tests: the live server's threads would otherwise hold the test database
# open and stop it being dropped at the end of the run.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
