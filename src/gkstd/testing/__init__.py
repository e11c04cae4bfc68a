"""gkstd.testing: the conformance kit for domain packs (public, versioned API), and the
runner of the rules' own examples.

Floor 13 of the layers (docs/architecture.md): imports every part below the CLI.

* :mod:`gkstd.testing.strategies`: hypothesis strategies for element values, items,
  catalogs, tailorings, chains and mutations (``st.from_type(Catalog)`` works once it
  is imported);
* :mod:`gkstd.testing.checks`: the checks every pack must pass, each with a stable id;
* :mod:`gkstd.testing.conformance`: running them, as data
  (:func:`~gkstd.testing.conformance.run_conformance`) and as a pytest test class
  (:class:`~gkstd.testing.conformance.PackConformance`);
* :mod:`gkstd.testing.xfail`: the xfail file of known gaps, each with a reason;
* :mod:`gkstd.testing.examples`: running a rule's good and bad examples;
* the pytest plugin :mod:`gkstd_pytest` (entry point ``pytest11``): ``pytest --gkstd-pack CODE|all``.

The kit needs the ``testing`` extra (``pip install "gkstd[testing]"``: pytest and
hypothesis).  Importing :mod:`gkstd` alone never imports it.
"""

#: Version of the conformance kit's API.  It grows when checks or strategies change;
#: a check's id is never reused for a different check.
KIT_VERSION = "1.2"

__all__ = ["KIT_VERSION"]
