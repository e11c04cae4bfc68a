"""``python -m gkstd``: the same as the ``gkstd`` command."""

from gkstd.cli.main import main

if __name__ == "__main__":
    main()
