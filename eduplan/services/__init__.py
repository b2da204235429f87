"""The one API the CLI and the web app call. Services own transactions, check roles
and write the audit log.

Its parts, each importing only those before it (``tests/test_layers.py`` keeps the order):
``access`` (the ``Actor`` and the role and scope checks), ``accounts``, ``dictionary``
(indicators and regions), ``exchange`` (files in and out), ``monitoring`` (data),
``plans``, ``evaluation`` (and the report), ``views`` (one read model per screen);
``database`` and ``demo`` set up a database.
"""
