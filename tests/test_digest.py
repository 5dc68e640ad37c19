"""The digests the checkpoints and the state folder's name rest on: the same as hashlib's,
so caches and folders made before keep their names."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.digest import hex_digest


@given(st.binary(max_size=300))
@pytest.mark.parametrize("name", ["sha1", "sha256"])
def test_a_digest_is_hashlibs(name: str, data: bytes) -> None:
    assert hex_digest(name, data) == hashlib.new(name, data).hexdigest()
