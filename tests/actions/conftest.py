"""Fixtures for action tests: real profiles, a deterministic fake embedder, a real FAISS index."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import services as composition
from actions.funding import routing
from knowledge.config import DEFAULT_PROFILES, Settings
from knowledge.embedding import FakeEmbedder
from knowledge.facts import build_answerer
from knowledge.instruments import load_catalogue
from knowledge.partners.index import PartnerIndex
from knowledge.partners.searcher import PartnerSearcher
from knowledge.records import load_profiles


@pytest.fixture(scope="session")
def profiles():
    return load_profiles(DEFAULT_PROFILES)


@pytest.fixture(scope="session")
def fake_services(profiles, tmp_path_factory) -> composition.Services:
    embedder = FakeEmbedder(dim=64)
    index = PartnerIndex.build(profiles, embedder, progress=False)
    settings = Settings.from_env(index_dir=tmp_path_factory.mktemp("index"), embed_model="fake:64")
    return composition.Services(settings, embedder, PartnerSearcher(index, embedder))


@pytest.fixture
def services(fake_services):
    composition.install(fake_services)
    yield fake_services
    composition.install(None)


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


# The shipped instrument catalogue and a fact answerer over its cards with the fake embedder.
@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


@pytest.fixture(scope="module")
def answerer(catalogue, fake_services):
    return build_answerer(catalogue, fake_services.embedder)


@pytest.fixture
def floor(monkeypatch, answerer):
    """The fake embedder's routing floor: between its scores of searches and fact questions."""
    monkeypatch.setitem(routing.ROUTE_FLOORS, answerer.index.embedder.name, 0.5)
    return 0.5


@pytest.fixture
def fact_services(fake_services, catalogue, answerer, floor):
    """The fake services with the shipped catalogue and its fact answerer installed (the fake
    embedder's routing floor set); yields the catalogue."""
    composition.install(dataclasses.replace(fake_services, instruments=catalogue, facts=answerer))
    yield catalogue
    composition.install(None)


@pytest.fixture
def instrument_services(fake_services, catalogue, answerer):
    """The fake services with the shipped catalogue, its fact answerer and a fixed today
    (2026-11-21) installed; yields them."""
    services = dataclasses.replace(
        fake_services, instruments=catalogue, facts=answerer, today=lambda: date(2026, 11, 21)
    )
    composition.install(services)
    yield services
    composition.install(None)
