"""Exports for the national report and meeting briefings: images, data packages, 7NR tables,
briefing packs, all computed from the database or from a named snapshot of it."""
