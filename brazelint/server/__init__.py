"""The language server (``brazelint server``); needs the ``lsp`` extra (pygls)."""
