"""Fails at import: imports a name gkstd does not have."""

import gkstd  # noqa: F401
from gkstd import no_such_name_in_gkstd  # noqa: F401  # the failing line
