"""Settings: precedence defaults < charter < environment < flags, and clear errors."""

from __future__ import annotations

import pytest

from allyhub.charter import load_charter
from allyhub.errors import SettingsInvalid
from allyhub.settings import load_settings, public_settings
from tests.conftest import RSII


def test_precedence_defaults_charter_environment_flags() -> None:
    charter = load_charter(RSII)
    base = load_settings(charter, {"hub": "damascus"}, {})
    assert (base.host, base.port, base.page_size) == ("127.0.0.1", 8601, 1000)
    from_env = load_settings(charter, {"hub": "damascus"}, {"ALLYHUB_PORT": "9001"})
    assert from_env.port == 9001
    from_flag = load_settings(charter, {"hub": "damascus", "port": 9002}, {"ALLYHUB_PORT": "9001"})
    assert from_flag.port == 9002


@pytest.mark.parametrize(
    ("flags", "environ", "message"),
    [
        pytest.param({"hub": "paris"}, {}, "not a hub", id="unknown-hub"),
        pytest.param({}, {"ALLYHUB_PORT": "eighty"}, "ALLYHUB_PORT", id="port-not-a-number"),
        pytest.param({"sqlite_synchronous": "off"}, {}, "--sqlite-synchronous", id="bad-pragma"),
        pytest.param({"db": "mysql://x"}, {}, r"db \(from --db\)", id="unsupported-db"),
        pytest.param({"tls_cert": "c.pem"}, {}, "tls_cert and tls_key", id="half-tls"),
    ],
)
def test_bad_values_name_the_key_and_source(
    flags: dict[str, object], environ: dict[str, str], message: str
) -> None:
    with pytest.raises(SettingsInvalid, match=message):
        load_settings(load_charter(RSII), flags, environ)


def test_default_database_is_a_sqlite_file_in_the_data_dir() -> None:
    settings = load_settings(None, {"hub": "damascus", "data_dir": "/srv/hub"}, {})
    assert settings.db_url == "sqlite:////srv/hub/damascus.sqlite"


def test_public_settings_mask_the_secret() -> None:
    settings = load_settings(None, {"secret_key": "hunter2"}, {})
    assert public_settings(settings)["secret_key"] == "********"
