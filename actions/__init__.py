"""Custom actions of the cluster support assistant, served by rasa-sdk, in feature wings.

- :mod:`actions.partners`: partner search, its form and replies.
- :mod:`actions.funding`: calls for proposals and funding instruments.
- :mod:`actions.handoff`: human handoff (form, tickets, adviser webhook, release).
- :mod:`actions.dialogue`: what the wings share (parsing, navigation over the last search,
  fallback, language notice, feedback, form helpers).
- :mod:`actions.services`: the composition root; every service is built once, at server start
  (:mod:`actions.server`), and actions reach it only through ``get_services()``.

Actions are thin: they read the tracker, call the knowledge layer and format replies with their
wing's ``replies`` module. Nothing is loaded when this package is imported. rasa-sdk registers
the actions by importing every submodule, subpackages included
(``ActionExecutor.register_package("actions")``; ``tests/actions/test_registry.py`` checks it).
"""
