"""Reference data loaded beside the fixtures: outside sources read from ``data/`` as they are."""
