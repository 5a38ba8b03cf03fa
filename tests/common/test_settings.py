from dataclasses import dataclass

import pytest

from common.settings import BaseSettings, env


@dataclass(frozen=True)
class ExampleSettings(BaseSettings):
    database_url: str = env("DATABASE_URL", "postgres://u:pw@db/x", secret=True)
    client_secret: str = env("CLIENT_SECRET", "s3cr3t", secret=True)
    batch: int = env("BATCH", 10)


def test_describe_masks_secrets():
    text = ExampleSettings.from_env({}).describe()
    assert "s3cr3t" not in text
    assert "pw@db" not in text
    assert "batch=10" in text


def test_from_env_parses_types():
    settings = ExampleSettings.from_env({"BATCH": "25", "DEMO_DATA": "false"})
    assert settings.batch == 25
    assert settings.demo_data is False


@pytest.mark.parametrize(
    ("name", "value"),
    [("BATCH", "many"), ("DEMO_DATA", "maybe"), ("LOG_FORMAT", "xml")],
)
def test_from_env_rejects_bad_value(name, value):
    with pytest.raises(ValueError, match=name):
        ExampleSettings.from_env({name: value})


def test_env_names_lists_defaults():
    names = ExampleSettings.env_names()
    assert names["BATCH"] == 10
    assert names["DATABASE_URL"] == "postgres://u:pw@db/x"
    assert "HOST" in names
