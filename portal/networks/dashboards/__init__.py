"""Indicator dashboards: who sees which scope (access), the figures through the indicators app's
roll-ups (source), tables with their charts and map (tables), and their exports (exports)."""
