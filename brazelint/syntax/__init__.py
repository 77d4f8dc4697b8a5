"""Languages as tables: a ``LanguageSpec`` per grammar (``spec.py``) and one lowering that
turns any tree-sitter tree into facts with it (``lower.py``). See docs/frontend-contract.md."""
