"""Server-rendered SVG graphics for the public pages: the timeline chart and the world map.

Everything here is pure (no database, no network): the pages pass rows they already fetched,
and the map geometry is read from data committed under ``treaty/data/``.
"""
