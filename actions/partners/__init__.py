"""Partner search wing: the search action, ``partner_search_form`` and the partner replies.

Modules: :mod:`~actions.partners.search` (``action_search_partners`` and the page helpers
navigation reuses), :mod:`~actions.partners.forms`, :mod:`~actions.partners.replies`.
rasa-sdk imports every submodule itself (``ActionExecutor.register_package`` walks subpackages).
"""
