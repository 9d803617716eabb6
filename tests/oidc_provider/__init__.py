"""A small OpenID Connect provider for the tests, built on django-oauth-toolkit and run as its own
process (``python -m tests.oidc_provider``): it plays ProConnect (scopes ``given_name``,
``usual_name``, ``siret``, ``uid``; claims also ``uai``), with its own SQLite database.

Configured by a JSON file named by ``OIDC_PROVIDER_CONFIG``: ``database`` path, ``port``, the
``client`` (id, secret, redirect URI, post-logout URI) and the ``people`` it knows (username,
password and claims). It prints ``ready`` once it serves.
"""
