"""Wagtail's admin under a Content-Security-Policy without 'unsafe-inline' scripts.

Wagtail still writes a few widget initialisers as inline ``<script>`` (date pickers, choosers,
inline panels). This app writes each of them as inert JSON naming an allowed initialiser and its
arguments (:func:`.calls.deferred_call`), and one static script, loaded on every admin page, runs
them: those in the page once it is parsed, those added later (a new inline form) as they appear.
"""
