"""Tables in files (CSV, XLSX): reading what a person chose and writing it back.

Not a use case: the services' importers and exporters use it. Depends only on ``domain``.
"""
