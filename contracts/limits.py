"""How much user text each layer looks at: the query length limits, in one place.

Three limits, different on purpose (each layer bounds its own input; a longer limit further
down only matters to callers that skip the layer above, such as the knowledge CLI):

* :data:`CHAT_QUERY_CHARS`: what the action server keeps of a chat message as a partner query
  or a remembered topic (slots ``partner_query``, ``call_topic``, ``last_search``): a chat
  question, not a document.
* :data:`PARTNER_QUERY_CHARS`: what the partner searcher embeds and tokenises of any query
  (the CLI and the API take longer texts, e.g. a pasted project description).
* :data:`CALL_QUERY_CHARS`: what the calls search reads of user text before turning it into a
  safe FTS5 query (the call actions cut the message to the same length).
"""

from __future__ import annotations

CHAT_QUERY_CHARS = 500
PARTNER_QUERY_CHARS = 2_000
CALL_QUERY_CHARS = 1_000
