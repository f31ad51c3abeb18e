"""Shared fixtures: a throw-away local PostgreSQL when it is installed.

Used by the store contract tests (``tests/contracts``) and by the handoff relay's tests, which run
against both ticket stores. The server (``scripts/localsvc.py``) starts once per test session on a
free loopback port; each test gets its own empty schema. Without PostgreSQL the ``postgres`` cases are skipped, unless
``CLUSTER_REQUIRE_POSTGRES=1`` (set by ``make test``, which installs it first): then they fail.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest


@pytest.fixture(scope="session")
def postgres_server():
    # imported here: this conftest is also loaded by the Rasa environment's tests
    from scripts.localsvc import LocalPostgres, ServiceError, available

    if not available()["postgresql"]:
        if os.environ.get("CLUSTER_REQUIRE_POSTGRES") == "1":
            pytest.fail("PostgreSQL is required (run scripts/install_services.sh)")
        pytest.skip("PostgreSQL is not installed (scripts/install_services.sh installs it)")
    # not under pytest's tmp dir: that is private to this user, and the server may run as postgres
    directory = Path(tempfile.mkdtemp(prefix="cluster-pg-"))
    directory.chmod(0o755)
    server = LocalPostgres(directory / "pg", durable=False)
    try:
        server.start()
    except (ServiceError, OSError) as exc:
        shutil.rmtree(directory, ignore_errors=True)
        pytest.fail(f"local PostgreSQL did not start: {exc}")
    yield server
    server.stop()
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server) -> str:
    """A URL whose connections see only a new, empty schema."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    postgres_server.psql(f"CREATE SCHEMA {schema}", database=postgres_server.database)
    return f"{postgres_server.url()}?options={quote(f'-c search_path={schema}')}"
