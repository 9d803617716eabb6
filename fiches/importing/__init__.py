"""Import of fiche documents (text, Markdown, DOCX) into draft fiches.

Importers are plugins (hook ``register_importers``); each turns a file into the
section model of :mod:`.sections`, which :mod:`.mapping` turns into fiche data
(schema fiche-1); :mod:`.service` applies it as a draft, all or nothing.
"""
