"""Webhook signatures: Ghost's X-Ghost-Signature scheme, checked both ways."""

from __future__ import annotations

import hashlib
import hmac
import time

import pytest

from ghostkit.core.errors import ConfigurationError, GhostError
from ghostkit.webhooks import EVENTS, WebhookSignatureError, is_valid, sign, verify

SECRET = "s3cr3t-webhook-value"
BODY = b'{"post":{"current":{"id":"1","title":"Caf\xc3\xa9"}}}'
TS = 1_700_000_000_123
NOW = TS / 1000


def test_signature_from_sign_verifies() -> None:
    header = sign(SECRET, BODY, timestamp_ms=TS)
    verify(SECRET, BODY, header, now=NOW)
    assert is_valid(SECRET, BODY, header, now=NOW)


def test_sign_defaults_to_now() -> None:
    header = sign(SECRET, BODY)
    stamp = int(header.rpartition("t=")[2])
    assert abs(stamp - time.time() * 1000) < 5_000
    verify(SECRET, BODY, header)


def test_independent_vector_pins_the_scheme() -> None:
    # HMAC-SHA256 keyed with the UTF-8 secret, over the body followed by the ms timestamp.
    digest = hmac.new(SECRET.encode(), BODY + str(TS).encode(), hashlib.sha256).hexdigest()
    expected = f"sha256={digest}, t={TS}"
    assert sign(SECRET, BODY, timestamp_ms=TS) == expected
    verify(SECRET, BODY, expected, now=NOW)


def test_body_changed_by_one_byte_fails() -> None:
    header = sign(SECRET, BODY, timestamp_ms=TS)
    tampered = BODY[:-2] + b"X" + BODY[-1:]
    assert len(tampered) == len(BODY)
    with pytest.raises(WebhookSignatureError, match="does not match"):
        verify(SECRET, tampered, header, now=NOW)
    assert not is_valid(SECRET, tampered, header, now=NOW)


def test_wrong_secret_fails() -> None:
    header = sign(SECRET, BODY, timestamp_ms=TS)
    with pytest.raises(WebhookSignatureError) as info:
        verify("another-secret", BODY, header, now=NOW)
    assert info.value.hint and "raw request body" in info.value.hint


def test_changed_timestamp_fails() -> None:
    digest = sign(SECRET, BODY, timestamp_ms=TS).partition(",")[0]
    assert not is_valid(SECRET, BODY, f"{digest}, t={TS + 1}", tolerance=None)


def test_stale_timestamp_fails_with_tolerance_and_passes_without() -> None:
    header = sign(SECRET, BODY, timestamp_ms=TS)
    later = NOW + 301
    with pytest.raises(WebhookSignatureError, match="301 s old"):
        verify(SECRET, BODY, header, now=later)
    verify(SECRET, BODY, header, now=later, tolerance=None)
    verify(SECRET, BODY, header, now=later, tolerance=600)
    verify(SECRET, BODY, header, now=NOW + 300)


def test_future_timestamp_fails() -> None:
    header = sign(SECRET, BODY, timestamp_ms=TS)
    with pytest.raises(WebhookSignatureError, match="in the future"):
        verify(SECRET, BODY, header, now=NOW - 400)


def test_negative_tolerance_is_a_configuration_error() -> None:
    header = sign(SECRET, BODY, timestamp_ms=TS)
    with pytest.raises(ConfigurationError):
        verify(SECRET, BODY, header, now=NOW, tolerance=-1)


VALID_HEX = "ab" * 32


@pytest.mark.parametrize(
    ("header", "says"),
    [
        (None, "no X-Ghost-Signature header"),
        ("", "no X-Ghost-Signature header"),
        ("   ", "no X-Ghost-Signature header"),
        (f"sha256={VALID_HEX}", "no t= part"),
        (f"t={TS}", "no sha256= part"),
        (f"sha1={VALID_HEX}, t={TS}", "no sha256= part"),
        (f"sha256={'zz' * 32}, t={TS}", "not 64 hex digits"),
        (f"sha256={VALID_HEX[:-2]}, t={TS}", "not 64 hex digits"),
        (f"sha256={VALID_HEX}, t=12.5", "not a whole number"),
        (f"sha256={VALID_HEX}, t=-5", "not a whole number"),
        (f"sha256={VALID_HEX}, t=", "not a whole number"),
        ("garbage", "malformed"),
        (f"sha256={VALID_HEX}, t={TS}, t={TS}", "malformed"),
    ],
)
def test_malformed_headers_fail_with_the_typed_error(header: str | None, says: str) -> None:
    with pytest.raises(WebhookSignatureError, match=says) as info:
        verify(SECRET, BODY, header, now=NOW)
    assert isinstance(info.value, GhostError)
    assert info.value.hint
    assert not is_valid(SECRET, BODY, header, now=NOW)


def test_header_parsing_tolerates_spacing_and_case() -> None:
    digest = sign(SECRET, BODY, timestamp_ms=TS).partition(",")[0].partition("=")[2]
    verify(SECRET, BODY, f"t={TS},sha256={digest.upper()}", now=NOW)


@pytest.mark.parametrize("body", [BODY, BODY.decode("utf-8")])
@pytest.mark.parametrize("secret", [SECRET, SECRET.encode()])
def test_str_and_bytes_work(body: bytes | str, secret: str | bytes) -> None:
    header = sign(secret, body, timestamp_ms=TS)
    assert header == sign(SECRET, BODY, timestamp_ms=TS)
    verify(secret, body, header, now=NOW)
    verify(SECRET, BODY.decode("utf-8"), header, now=NOW)


def test_empty_secret_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError):
        sign("", BODY)
    with pytest.raises(ConfigurationError):
        is_valid(b"", BODY, f"sha256={VALID_HEX}, t={TS}")


@pytest.mark.parametrize(
    ("body", "header", "now"),
    [
        (BODY + b" ", sign(SECRET, BODY, timestamp_ms=TS), NOW),
        (BODY, sign(SECRET, BODY, timestamp_ms=TS), NOW + 10_000),
        (BODY, "sha256=nothex, t=1", NOW),
    ],
)
def test_secret_never_appears_in_errors(body: bytes, header: str, now: float) -> None:
    with pytest.raises(WebhookSignatureError) as info:
        verify(SECRET, body, header, now=now)
    assert SECRET not in str(info.value) and SECRET not in repr(info.value)


def test_events_list() -> None:
    assert len(EVENTS) == len(set(EVENTS)) == 29
    assert {"site.changed", "post.published.edited", "page.tag.detached"} <= set(EVENTS)


@pytest.mark.parametrize("now", [float("nan"), float("inf"), float("-inf")])
def test_a_time_that_is_not_finite_is_refused(now: float) -> None:
    stale = sign(SECRET, BODY, timestamp_ms=TS)
    with pytest.raises(ConfigurationError, match="now must be"):
        verify(SECRET, BODY, stale, now=now)
    with pytest.raises(ConfigurationError, match="now must be"):
        is_valid(SECRET, BODY, stale, now=now)


@pytest.mark.parametrize("tolerance", [float("nan"), float("inf")])
def test_a_tolerance_that_is_not_finite_is_refused(tolerance: float) -> None:
    header = sign(SECRET, BODY, timestamp_ms=TS)
    with pytest.raises(ConfigurationError, match="tolerance"):
        verify(SECRET, BODY, header, now=NOW, tolerance=tolerance)


@pytest.mark.parametrize("now", ["1700000000", True, None.__class__])
def test_a_time_that_is_not_a_number_is_refused(now: object) -> None:
    header = sign(SECRET, BODY, timestamp_ms=TS)
    with pytest.raises(ConfigurationError, match="now must be"):
        verify(SECRET, BODY, header, now=now)  # type: ignore[arg-type]


def test_a_bytes_header_is_taken_like_a_str() -> None:
    header = sign(SECRET, BODY, timestamp_ms=TS)
    verify(SECRET, BODY, header.encode("ascii"), now=NOW)
    assert is_valid(SECRET, BODY, bytearray(header.encode("ascii")), now=NOW)
    assert not is_valid(SECRET, BODY + b"x", header.encode("ascii"), now=NOW)


def test_a_header_of_bytes_that_are_not_ascii_is_malformed() -> None:
    with pytest.raises(WebhookSignatureError, match="malformed"):
        verify(SECRET, BODY, b"sha256=\xff\xfe, t=1", now=NOW)


def test_a_header_or_body_of_another_type_is_a_clear_error() -> None:
    header = sign(SECRET, BODY, timestamp_ms=TS)
    with pytest.raises(ConfigurationError, match="header"):
        verify(SECRET, BODY, 12345, now=NOW)  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="body"):
        verify(SECRET, {"post": {}}, header, now=NOW)  # type: ignore[arg-type]


@pytest.mark.parametrize("secret", [42, None, ["s"]])
def test_a_secret_of_another_type_is_a_clear_error(secret: object) -> None:
    header = sign(SECRET, BODY, timestamp_ms=TS)
    with pytest.raises(ConfigurationError, match="secret must be str or bytes"):
        verify(secret, BODY, header, now=NOW)  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="secret must be str or bytes"):
        sign(secret, BODY)  # type: ignore[arg-type]
