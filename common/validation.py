"""Request parsing into pydantic models, with problem+json errors on bad input."""

from typing import TypeVar

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sanic import Request

from common.errors import BadRequestError, UnprocessableError

ModelT = TypeVar("ModelT", bound=BaseModel)


class RequestModel(BaseModel):
    """Base for request bodies: unknown fields are rejected, text is stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class QueryModel(BaseModel):
    """Base for query strings: unknown parameters are ignored."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class PageQuery(QueryModel):
    """Pagination parameters shared by every list endpoint."""

    page: int = Field(default=1, ge=1, le=1_000_000)
    size: int = Field(default=20, ge=1, le=100)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size


def field_errors(error: ValidationError) -> list[dict[str, str]]:
    """Convert pydantic errors to the ``[{"field", "message"}]`` problem shape."""
    result = []
    for item in error.errors(include_url=False, include_input=False):
        location = ".".join(str(part) for part in item["loc"]) or "body"
        result.append({"field": location, "message": item["msg"]})
    return result


def parse_json(request: Request, model: type[ModelT]) -> ModelT:
    """Parse the request body as JSON into ``model``.

    Raises 400 for a missing or malformed body and 422 for invalid fields.
    """
    if not request.body:
        raise BadRequestError("The request body is empty; send a JSON object.")
    try:
        data = orjson.loads(request.body)
    except orjson.JSONDecodeError:
        raise BadRequestError("The request body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise BadRequestError("The request body must be a JSON object.")
    _reject_nul_characters(data, "")
    return validate(model, data)


def parse_query(request: Request, model: type[ModelT]) -> ModelT:
    """Parse the query string into ``model``; 422 for invalid parameters."""
    data = {key: values[-1] for key, values in request.args.items()}
    _reject_nul_characters(data, "")
    return validate(model, data)


def validate(model: type[ModelT], data: dict) -> ModelT:
    """Validate ``data`` into ``model``, raising 422 with a field list."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise UnprocessableError(
            "One or more fields are invalid.", errors=field_errors(error)
        ) from None


def _reject_nul_characters(value: object, location: str) -> None:
    """Raise 422 for a NUL character anywhere in ``value``.

    PostgreSQL text columns cannot store NUL, and no field of this API has a use
    for it, so it is rejected before it reaches a database or another service.
    """
    if isinstance(value, str):
        if "\x00" in value:
            raise UnprocessableError(
                "One or more fields are invalid.",
                errors=[
                    {
                        "field": location or "body",
                        "message": "NUL characters are not allowed",
                    }
                ],
            )
    elif isinstance(value, dict):
        for key, item in value.items():
            path = f"{location}.{key}" if location else str(key)
            _reject_nul_characters(key, path)
            _reject_nul_characters(item, path)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _reject_nul_characters(item, f"{location}.{index}")
