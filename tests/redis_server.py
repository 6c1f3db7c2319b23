"""The Redis server the shared-cache tests use (database 15 unless ``TEST_REDIS_URL`` says
otherwise): its URL, or a skip with the reason when it is not running (CI fails instead)."""

from __future__ import annotations

import os

import pytest
import redis


def reachable_redis_url() -> str:
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"Redis is not reachable ({exc}); start it or set TEST_REDIS_URL.")
    return url
