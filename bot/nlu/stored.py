"""What the project's trainable NLU components share: ``create``, and what they learnt on disk.

Rasa 3.6 builds a trainable component untrained with ``create`` and trained with ``load``, and
hands it a ``ModelStorage`` and a ``Resource`` where it keeps what it learnt. The project's
components keep numpy arrays (one ``.npz`` file) and a JSON record beside them, never a pickle,
so loading a model runs no stored code and does not depend on a library's version. This module
owns that format (:func:`write_arrays`, :func:`read_arrays`: a model without the files, or with
files of another shape, loads untrained) and the ``create`` of components constructed as
``cls(config, name, model_storage, resource)`` (:class:`TrainedComponent`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage

T = TypeVar("T")


class TrainedComponent(GraphComponent):
    """Base of a trainable component built as ``cls(config, name, model_storage, resource)``.

    ``name`` is the graph node's name (Rasa's featurizers and classifiers take it); what the
    component learnt comes later, from ``train`` or ``load``.
    """

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> TrainedComponent:
        """An untrained component, named after its graph node."""
        return cls(config, execution_context.node_name, model_storage, resource)


def write_arrays(
    model_storage: ModelStorage,
    resource: Resource,
    arrays_file: str,
    arrays: Mapping[str, np.ndarray],
    record_file: str,
    record: Any,
) -> None:
    """Store a component's arrays (``np.savez``) and its JSON record in its resource.

    Args:
        model_storage: The model's storage.
        resource: The component's resource.
        arrays_file: File name of the arrays (``.npz``).
        arrays: The arrays by name.
        record_file: File name of the record.
        record: What else the component keeps (JSON-serialisable: names, layout...).
    """
    with model_storage.write_to(resource) as folder:
        np.savez(folder / arrays_file, **arrays)
        (folder / record_file).write_text(json.dumps(record), encoding="utf-8")


def read_arrays(
    model_storage: ModelStorage,
    resource: Resource,
    arrays_file: str,
    record_file: str,
    build: Callable[[Mapping[str, np.ndarray], Any], T],
) -> T | None:
    """``build(arrays, record)`` of what :func:`write_arrays` stored.

    Args:
        model_storage: The model's storage.
        resource: The component's resource.
        arrays_file: File name of the arrays.
        record_file: File name of the record.
        build: Makes the component's state of the arrays (read while the file is open) and
            the record.

    Returns:
        What ``build`` returns; None when the resource or a file is missing or unreadable, or
        lacks a name ``build`` asks for (``KeyError``): the component then loads untrained.
    """
    try:
        with model_storage.read_from(resource) as folder:
            record = json.loads((folder / record_file).read_text(encoding="utf-8"))
            with np.load(folder / arrays_file, allow_pickle=False) as arrays:
                return build(arrays, record)
    except (ValueError, FileNotFoundError, KeyError):
        return None
