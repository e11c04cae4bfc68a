"""The ``gkstd`` command line: one module per group of commands, output formatting only
(the work is done by the library), and the docs generator.

Floor 14, the top of the layers (docs/architecture.md): may import every part.
"""
