"""Date formats in the style of United Nations documents, per language (FORMAT_MODULE_PATH)."""
