"""The rows of each fixture file, built from the repository's data and the OCHA taxonomy: one
module per source (the convention, the participants, the depositary record, the domestic steps).
``treaty.fixture_builder`` reads the inputs, assembles the files and writes them."""
