"""The FilterSets that parse and apply a request's query parameters to the records, shared by
the API and the exports (so both filter exactly alike): ``core`` (treaties, articles,
obligations, participants, actions, assessments, progress), ``domestic`` (domestic steps),
``laws`` (laws, provisions, mappings, indicator values), all on the base class of ``base`` and
built from the filters and form fields of ``fields``, with the per-request context of ``context`` (as-of day, who sees drafts, each
treaty's status). Nothing here imports the API, the pages, the admin or the exports.
"""
