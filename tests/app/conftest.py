"""Fixtures: the app, and a TestClient that checks every API response against /openapi.json."""
from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings

from .openapi_check import check_response, operation


class SchemaCheckingClient(TestClient):
    """A TestClient that validates every response of an operation in the OpenAPI schema against it:
    its status must be declared, its content type too, and its body must match the schema.
    (A method the path does not have, answered 405 or by CORS, is not an operation.)"""

    checked = 0

    def request(self, method, url, *args, **kwargs):  # type: ignore[override]
        response = super().request(method, url, *args, **kwargs)
        path = response.request.url.path
        if operation(self.openapi, method, path) is not None:
            check_response(self.openapi, method, path, response.status_code,
                           response.headers.get("content-type", ""), response.content)
            SchemaCheckingClient.checked += 1
        return response

    @property
    def openapi(self) -> dict:
        if not hasattr(self, "_openapi"):
            self._openapi = super().request("GET", "/openapi.json").json()
        return self._openapi


def trace_body(expression: str, inputs: dict | None = None, **options: object) -> dict:
    return {"expression": expression, "inputs": inputs or {}, **options}


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def client(settings: Settings) -> Iterator[SchemaCheckingClient]:
    with SchemaCheckingClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def make_client() -> Iterator[Callable[..., SchemaCheckingClient]]:
    """A client of an app built with some settings changed, e.g. make_client(max_nodes=10)."""
    clients: list[SchemaCheckingClient] = []

    def make(**changes: object) -> SchemaCheckingClient:
        test_client = SchemaCheckingClient(create_app(Settings(**changes)))
        clients.append(test_client)
        return test_client

    yield make
    for test_client in clients:
        test_client.close()
