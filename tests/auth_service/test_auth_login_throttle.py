"""Failed password logins are throttled per email, known or not."""

from auth_service.services.login_throttle import MAX_FAILURES
from tests.auth_service.auth_helpers import password_grant


def fail_logins(url: str, email: str, count: int) -> None:
    for attempt in range(count):
        response = password_grant(url, email, f"wrong-password-{attempt}")
        assert response.status_code == 400, response.text
        assert response.json()["error"] == "invalid_grant"


def test_throttle_blocks_correct_password(auth, create_login):
    login = create_login()
    fail_logins(auth.url, login.email, MAX_FAILURES)

    response = password_grant(auth.url, login.email, login.password)

    assert response.status_code == 429
    assert response.json()["error"] == "invalid_grant"
    assert int(response.headers["Retry-After"]) > 0
    assert response.headers["Cache-Control"] == "no-store"


def test_throttle_unknown_email_same(auth):
    email = "nadie.throttle@example.com"
    fail_logins(auth.url, email, MAX_FAILURES)

    response = password_grant(auth.url, email.upper(), "any-password")

    assert response.status_code == 429


def test_throttle_other_email_unaffected(auth, create_login):
    blocked = create_login()
    other = create_login()
    fail_logins(auth.url, blocked.email, MAX_FAILURES)

    response = password_grant(auth.url, other.email, other.password)

    assert response.status_code == 200


def test_success_resets_failure_count(auth, create_login):
    login = create_login()
    fail_logins(auth.url, login.email, MAX_FAILURES - 1)
    assert password_grant(auth.url, login.email, login.password).status_code == 200
    fail_logins(auth.url, login.email, MAX_FAILURES - 1)

    response = password_grant(auth.url, login.email, login.password)

    assert response.status_code == 200
