"""Parsing of form-encoded OAuth requests (RFC 6749 section 3.2)."""

from urllib.parse import parse_qsl

from sanic import Request

from auth_service.oauth.errors import invalid_request

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
MAX_PARAMETERS = 20
MAX_VALUE_LENGTH = 4096


def parse_form(request: Request) -> dict[str, str]:
    """Return the parameters of a form-encoded body.

    Raises invalid_request for another content type, undecodable text, a repeated
    parameter, or a value that is overlong or contains NUL. Parameters sent without
    a value are treated as omitted, as RFC 6749 section 3.1 requires.
    """
    media_type = request.headers.get("Content-Type", "").split(";")[0]
    if media_type.strip().lower() != FORM_CONTENT_TYPE:
        raise invalid_request(f"The request body must be {FORM_CONTENT_TYPE}.")
    try:
        text = request.body.decode("utf-8")
        pairs = parse_qsl(
            text,
            keep_blank_values=True,
            errors="strict",
            max_num_fields=MAX_PARAMETERS,
        )
    except ValueError:
        raise invalid_request("The request body is not a valid UTF-8 form.") from None
    form: dict[str, str] = {}
    for name, value in pairs:
        if name in form:
            raise invalid_request(f"The parameter {name!r} is repeated.")
        if len(value) > MAX_VALUE_LENGTH:
            raise invalid_request(f"The parameter {name!r} is too long.")
        if "\x00" in value:
            # PostgreSQL text cannot store NUL, and no valid value contains one.
            raise invalid_request(f"The parameter {name!r} contains a NUL character.")
        form[name] = value
    return {name: value for name, value in form.items() if value != ""}
