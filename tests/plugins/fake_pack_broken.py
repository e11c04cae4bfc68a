"""A pack whose import fails."""

import gkstd_this_module_does_not_exist  # noqa: F401
