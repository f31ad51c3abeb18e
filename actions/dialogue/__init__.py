"""Dialogue wing: what every feature shares in a conversation.

Modules: :mod:`~actions.dialogue.parsing` (entities, ordinals, filters from a message),
:mod:`~actions.dialogue.forms` (shared form helpers), :mod:`~actions.dialogue.navigation`
(refine, show more, select, similar over the last search), :mod:`~actions.dialogue.fallback`,
:mod:`~actions.dialogue.language` and :mod:`~actions.dialogue.texts` (the language notice),
:mod:`~actions.dialogue.feedback` and :mod:`~actions.dialogue.feedback_store`.
"""
