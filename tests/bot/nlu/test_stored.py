"""bot.nlu.stored: what trainable components keep in the model, and their ``create``."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest

pytest.importorskip("rasa")

from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource

from bot.nlu.stored import TrainedComponent, read_arrays, write_arrays


@pytest.fixture
def storage(tmp_path):
    return LocalModelStorage(tmp_path)


def both(arrays, record) -> tuple[dict[str, np.ndarray], Any]:
    return {name: arrays[name] for name in arrays}, record


def test_arrays_and_record_come_back_as_written(storage):
    resource = Resource("component")
    arrays = {"coef": np.arange(6, dtype=np.float64).reshape(2, 3), "idf_0": np.ones(3)}
    record = {"intents": ["a", "b"], "layout": [{"origin": "x", "sparse": True, "size": 3}]}
    write_arrays(storage, resource, "model.npz", arrays, "record.json", record)
    read, again = read_arrays(storage, resource, "model.npz", "record.json", both)
    assert again == record
    assert sorted(read) == ["coef", "idf_0"]
    for name, values in arrays.items():
        assert read[name].dtype == values.dtype
        np.testing.assert_array_equal(read[name], values)
    with storage.read_from(resource) as folder:
        assert json.loads((folder / "record.json").read_text(encoding="utf-8")) == record


def test_a_model_without_the_files_loads_untrained(storage):
    assert read_arrays(storage, Resource("never"), "model.npz", "record.json", both) is None
    resource = Resource("other-files")
    with storage.write_to(resource) as folder:
        (folder / "something.json").write_text("{}", encoding="utf-8")
    assert read_arrays(storage, resource, "model.npz", "record.json", both) is None


def test_files_of_another_shape_load_untrained(storage):
    resource = Resource("component")
    write_arrays(storage, resource, "model.npz", {"coef": np.ones(2)}, "record.json", {})
    # build asks for an array or a record entry that is not there: KeyError
    assert read_arrays(storage, resource, "model.npz", "record.json", lambda a, r: a["x"]) is None
    assert read_arrays(storage, resource, "model.npz", "record.json", lambda a, r: r["x"]) is None
    with storage.write_to(resource) as folder:
        (folder / "model.npz").write_bytes(b"not numpy")
    assert read_arrays(storage, resource, "model.npz", "record.json", both) is None


class Named(TrainedComponent):
    def __init__(self, config, name, model_storage, resource) -> None:
        self.config, self.name, self.storage, self.resource = config, name, model_storage, resource


def test_create_names_the_component_after_its_graph_node(storage):
    context = ExecutionContext(GraphSchema({}), node_name="run_Named0")
    resource = Resource("named")
    component = Named.create({"k": 1}, storage, resource, context)
    assert isinstance(component, Named)
    assert (component.config, component.name) == ({"k": 1}, "run_Named0")
    assert component.storage is storage and component.resource is resource
