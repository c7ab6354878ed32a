"""Error mapping: by status, then by Ghost's type and code, with hints that teach."""

from __future__ import annotations

import pytest

from ghostkit.core import errors as e
from ghostkit.core.redact import MASK, mask_settings, redact_text, redact_url


def body(
    message: str,
    *,
    type_: str = "X",
    code: str | None = None,
    context: str | None = None,
    **extra: object,
) -> dict[str, object]:
    return {
        "errors": [{"message": message, "type": type_, "code": code, "context": context, **extra}]
    }


def build(
    status: int, payload: object, url: str = "https://s.test/ghost/api/admin/posts/"
) -> e.APIError:
    return e.build_api_error(status, payload, method="GET", url=url)


@pytest.mark.parametrize(
    ("status", "code", "cls"),
    [
        (400, None, e.BadRequestError),
        (401, "INVALID_JWT", e.AuthenticationError),
        (403, None, e.PermissionDeniedError),
        (403, "2FA_TOKEN_REQUIRED", e.TwoFactorRequiredError),
        (404, None, e.NotFoundError),
        (406, "UPDATE_CLIENT", e.VersionMismatchError),
        (409, None, e.ConflictError),
        (409, "UPDATE_COLLISION", e.UpdateCollisionError),
        (415, None, e.UnsupportedMediaTypeError),
        (422, None, e.ValidationError),
        (429, None, e.RateLimitError),
        (500, None, e.ServerError),
        (503, None, e.ServerError),
        (418, None, e.APIError),
    ],
)
def test_class_by_status_then_code(status: int, code: str | None, cls: type[e.APIError]) -> None:
    error = build(status, body("m", code=code))
    assert type(error) is cls
    assert error.status == status and error.code == code


@pytest.mark.parametrize(
    ("message", "context", "hint_says"),
    [
        ("Invalid token: invalid signature", None, "hex-decoded"),
        ("Invalid token", "maxAge exceeded", "clock"),
        ("Invalid token: jwt expired", None, "clock"),
        ("Invalid token: jwt audience invalid. expected: /admin/", None, "aud"),
    ],
)
def test_token_failures_say_what_to_do(message: str, context: str | None, hint_says: str) -> None:
    error = build(
        401, body(message, type_="UnauthorizedError", code="INVALID_JWT", context=context)
    )
    assert isinstance(error, e.AuthenticationError)
    assert error.hint and hint_says in error.hint


def test_unknown_kid() -> None:
    error = build(401, body("Unknown Admin API Key", code="UNKNOWN_ADMIN_API_KEY"))
    assert error.hint and "Settings > Integrations" in error.hint


def test_integration_on_a_staff_only_endpoint() -> None:
    error = build(
        403,
        body(
            "Permission error, cannot list integration.",
            type_="NoPermissionError",
            context="API tokens do not have permission to access this endpoint",
        ),
    )
    assert error.hint and "staff access token" in error.hint


def test_update_client_points_at_url_and_version() -> None:
    error = build(
        406,
        body(
            "Request could not be served, the endpoint was not found.",
            code="UPDATE_CLIENT",
            context="Provided client accept-version v6.0 is behind current Ghost version v6.65.",
        ),
    )
    assert error.hint and "site URL" in error.hint and "version" in error.hint


def test_collision_lists_changed_fields() -> None:
    error = build(
        409,
        body(
            "Saving failed! Someone else is editing this post.",
            code="UPDATE_COLLISION",
            details={"changedFields": ["title"]},
        ),
    )
    assert isinstance(error, e.UpdateCollisionError)
    assert error.changed_fields == ["title"]
    assert error.hint and "title" in error.hint and "update()" in error.hint


def test_validation_names_the_field() -> None:
    error = build(
        422,
        body(
            "Validation error, cannot save post.",
            type_="ValidationError",
            details=[{"instancePath": "/posts/0/title", "message": "too long"}],
        ),
    )
    assert error.hint == "check the field posts.0.title: too long"


def test_validation_names_a_missing_required_field() -> None:
    entry = {
        "instancePath": "/snippets/0",
        "keyword": "required",
        "params": {"missingProperty": "mobiledoc"},
        "message": "must have ...",
    }
    error = build(
        422,
        body(
            "Validation error, cannot save snippet.",
            type_="ValidationError",
            property="0",
            details=[entry],
        ),
    )
    assert error.hint == "check the field snippets.0.mobiledoc (it is required)"


def test_message_carries_method_url_and_ghost_type() -> None:
    error = build(404, body("Post not found.", type_="NotFoundError"))
    assert str(error).startswith("404 NotFoundError: Post not found. [GET https://s.test/")
    assert error.method == "GET"


def test_keys_in_urls_are_redacted() -> None:
    error = build(
        401,
        body("Unknown Content API Key"),
        url="https://s.test/ghost/api/content/posts/?key=0123456789abcdef0123456789&limit=5",
    )
    assert "0123456789abcdef" not in str(error) + repr(error)
    assert "key=***" in error.url and "limit=5" in error.url


def test_body_without_errors_still_maps() -> None:
    error = build(502, "<html>Bad gateway</html>")
    assert isinstance(error, e.ServerError) and error.errors == ()
    assert "no error details" in str(error)


def test_redact_text_masks_key_shapes() -> None:
    key = "6489d3b9a1c2b40001a1b2c3:" + "ab" * 32
    assert redact_text(f"using {key} now") == "using *** now"


def test_the_private_site_password_is_masked_in_settings() -> None:
    settings = {"title": "Blog", "password": "letmein", "is_private": True}
    assert mask_settings(settings) == {"title": "Blog", "password": MASK, "is_private": True}
    assert mask_settings({"password": ""}) == {"password": ""}  # nothing to hide


def test_ghost_5_answers_a_key_on_a_staff_only_endpoint_with_501() -> None:
    error = build(
        501,
        body(
            "The server does not support the functionality required to fulfill the request.",
            type_="NotImplementedError",
        ),
    )
    assert isinstance(error, e.PermissionDeniedError) and error.status == 501
    assert error.hint and "Ghost 5" in error.hint


def test_update_ghost_says_the_site_is_older() -> None:
    error = build(
        406, body("Request could not be served, the endpoint was not found.", code="UPDATE_GHOST")
    )
    assert isinstance(error, e.VersionMismatchError)
    assert error.hint and "version='auto'" in error.hint


def test_generic_not_found_mentions_a_suspended_staff_user() -> None:
    error = build(404, body("Resource could not be found.", type_="NotFoundError"))
    assert isinstance(error, e.NotFoundError)
    assert error.hint and "suspended" in error.hint


def test_specific_not_found_has_no_staff_hint() -> None:
    error = build(
        404, body("Resource not found error, cannot read post.", context="Post not found.")
    )
    assert error.hint is None or "suspended" not in error.hint


def test_a_proxy_refusing_a_large_body_points_at_the_limit() -> None:
    error = build(413, "<html><h1>413 Request Entity Too Large</h1></html>")
    assert error.hint and "client_max_body_size" in error.hint


BASIC = "https://editor:s3cret-Pa55@blog.test"


def test_a_basic_auth_password_in_a_url_is_redacted() -> None:
    from ghostkit.core.redact import redact_url

    assert redact_url(BASIC + "/ghost/api/admin/posts/") == (
        "https://editor:***@blog.test/ghost/api/admin/posts/"
    )
    assert redact_url("https://only-user@blog.test/") == "https://only-user@blog.test/"
    error = build(404, body("Post not found."), url=BASIC + "/ghost/api/admin/posts/x/")
    assert "s3cret" not in str(error) + repr(error) + error.url


def test_free_text_loses_basic_auth_passwords_tokens_and_cookies() -> None:
    jwt = "eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiIvYWRtaW4vIn0.c2lnbmF0dXJlLXZhbHVl"
    cookie = "ghost-admin-api-session=s%3AOHCzLweSCfP.G7cD%2B6V0icl8BEHMy2"
    text = (
        f"GET {BASIC}/x/?key=abc&limit=1 Authorization: Ghost {jwt} "
        f"Set-Cookie: {cookie}; Path=/ghost"
    )
    masked = redact_text(text)
    for secret in ("s3cret-Pa55", jwt, "OHCzLweSCfP", "key=abc"):
        assert secret not in masked
    assert "editor:***@blog.test" in masked and "limit=1" in masked


def test_bad_site_url_errors_never_show_the_password() -> None:
    from ghostkit.core.urls import normalize_site_url

    for url in ("ftp://editor:s3cret-Pa55@blog.test", "https://editor:s3cret-Pa55@[::1"):
        with pytest.raises(e.ConfigurationError) as caught:
            normalize_site_url(url)
        assert "s3cret" not in str(caught.value)


def test_a_client_repr_never_shows_the_password() -> None:
    from ghostkit import GhostContent

    with GhostContent(BASIC, key="0123456789abcdef0123456789") as content:
        assert "s3cret" not in repr(content)
        assert "editor:***@blog.test" in repr(content)


def test_records_of_the_http_loggers_are_masked_before_any_handler(
    caplog: pytest.LogCaptureFixture,
) -> None:
    import logging

    from ghostkit.core.redact import redact_logs

    redact_logs()
    redact_logs()  # idempotent
    assert len(logging.getLogger("httpx").filters) == 1
    key = "0123456789abcdef0123456789"
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("httpx").info(
            'HTTP Request: %s %s "%s"', "GET", f"https://s.test/posts/?key={key}", "200 OK"
        )
        logging.getLogger("httpcore.http11").debug(
            "receive_response_headers.complete return_value=(b'HTTP/1.1', 201, "
            "[(b'Set-Cookie', b'ghost-admin-api-session=s%3AabcDEF.sig; Path=/ghost')])"
        )
    text = caplog.text + repr([r.args for r in caplog.records])
    assert key not in text and "abcDEF" not in text
    assert "key=***" in text and "ghost-admin-api-session=***" in text


@pytest.mark.parametrize(
    "url",
    [
        "https://ann:p@ss@blog.test/ghost/",
        "https://ann:p@ss@blog.test",
        "https://ann:a@b@c@blog.test:8080/x?y=1",
    ],
)
def test_a_basic_auth_password_holding_an_at_sign_is_masked_whole(url: str) -> None:
    """People paste passwords unescaped; none of it may show, whatever holds an `@`."""
    for masked in (redact_text(f"could not reach {url} now"), redact_url(url)):
        assert "ann:***@blog.test" in masked, masked
        assert "ss@" not in masked and "b@c" not in masked, masked


def test_every_secret_setting_is_masked_wherever_settings_are_shown() -> None:
    """`settings get`, backups and `api` mask the same settings: the private site's
    password, the hash of its private RSS address, and any key, secret or API key."""
    settings = {
        "title": "Blog",
        "password": "private-pw",
        "public_hash": "0123abcd",
        "members_stripe_webhook_secret": "whsec",
        "indexnow_api_key": "k",
    }
    masked = mask_settings(settings)
    assert masked == {"title": "Blog", **{k: MASK for k in settings if k != "title"}}
