"""Human handoff wing: consent form, ticket, adviser notification, pause and release.

One job per module: :mod:`~actions.handoff.actions` (the Rasa actions and the flow),
:mod:`~actions.handoff.email_check`, :mod:`~actions.handoff.transcript`,
:mod:`~actions.handoff.texts`, :mod:`~actions.handoff.settings`,
:mod:`~actions.handoff.service` (ticket store + webhook + Rasa API), :mod:`~actions.handoff.store`
(the ``TicketStore`` seam and its SQLite implementation), :mod:`~actions.handoff.webhook`,
:mod:`~actions.handoff.routes` (the release route) and :mod:`~actions.handoff.cli`
(``python -m actions.handoff``).
"""
