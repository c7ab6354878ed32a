"""What `ghostkit api` masks in an answer, field by field (the live test is in
tests/integration/test_cli_site.py)."""

from __future__ import annotations

from ghostkit.cli.api import mask_secrets
from ghostkit.core.redact import MASK


def test_each_kind_of_secret_is_masked_and_counted() -> None:
    answer = {
        "settings": [
            {"key": "title", "value": "Hi"},
            {"key": "password", "value": "private-pw"},
            {"key": "public_hash", "value": "6ed102cc461db88999d0"},
            {"key": "stripe_secret_key", "value": MASK},  # Ghost masked it already
            {"key": "members_email_auth_secret", "value": "ab" * 32},  # in db/
        ],
        "integrations": [{"api_keys": [{"type": "content", "secret": "0" * 26}]}],
        "webhooks": [{"secret": "hook-secret", "target_url": "https://u:pw@hooks.test/x"}],
        "apiKey": {"id": "6489d3b9a1c2b40001a1b2c3", "secret": "cd" * 32},
        "identities": [{"token": "eyJ.a.b"}],
        "users": [{"email": "a@b.test", "password": "$2a$10$hash"}],
        "member_signin_urls": [{"url": "https://x.test/members/?token=abc&action=signin"}],
        "members": [{"unsubscribe_url": "https://x.test/unsubscribe/?uuid=u&key=k"}],
        "posts": [{"url": "https://x.test/p/?ref=a%20b", "title": "secret plans"}],
    }
    masked, count = mask_secrets(answer)
    assert count == 11
    text = repr(masked)
    for secret in ("private-pw", "6ed102cc", "ab" * 32, "0" * 26, "hook-secret", ":pw@"):
        assert secret not in text
    for secret in ("cd" * 32, "eyJ.a.b", "$2a$10$hash", "token=abc", "key=k"):
        assert secret not in text
    assert masked["settings"][0] == {"key": "title", "value": "Hi"}
    assert masked["posts"] == answer["posts"]  # URLs without secrets are left exactly
    assert masked["member_signin_urls"][0]["url"].endswith(f"token={MASK}&action=signin")
    assert answer["settings"][1]["value"] == "private-pw"  # the answer itself is not changed
