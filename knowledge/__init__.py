"""Knowledge layer of the cluster support assistant.

Typed records, embeddings, partner search and the CLI (``python -m knowledge``). Importing this
package loads nothing heavy: models, indexes and clients are created on purpose at start-up.
"""

__all__: list[str] = []
