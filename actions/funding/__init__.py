"""Funding wing: calls for proposals and funding instruments.

Modules: :mod:`~actions.funding.calls` (call search and status), :mod:`~actions.funding.forms`
(``call_search_form``), :mod:`~actions.funding.instruments` (instrument and cluster facts),
:mod:`~actions.funding.replies` (their texts and payloads).
"""
