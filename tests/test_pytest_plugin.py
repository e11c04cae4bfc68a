"""The gkstd pytest plugin (pytest11 entry point), tested with pytester: inert unless
asked, ``--gkstd-pack`` adds the checks, the xfail file is strict and checked."""

from __future__ import annotations

import pytest

from gkstd.testing.checks import CHECK_IDS

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestAssertRewriteWarning")

PACK = "municipal-services"
N = len(CHECK_IDS)  # one test per check


def test_installing_gkstd_changes_nobodys_test_run(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
        import sys

        def pytest_sessionfinish(session):
            loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("gkstd", "hypothesis"))
            print("LOADED", loaded)
        """
    )
    pytester.makepyfile("def test_one():\n    assert True\n")
    # other installed plugins that import hypothesis themselves (schemathesis, the
    # service's test tool) are switched off: the question is what gkstd's plugin loads
    result = pytester.runpytest_subprocess(
        "-s", "-p", "no:hypothesispytest", "-p", "no:schemathesis", "-p", "no:cacheprovider"
    )
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*LOADED []*"])  # no gkstd module, no hypothesis
    listed = pytester.runpytest("--co", "-q", "-p", "no:cacheprovider")
    assert "gkstd-conformance" not in listed.stdout.str()


def test_the_plugin_is_registered_through_pytest11(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--help")
    result.stdout.fnmatch_lines(["*--gkstd-pack=CODE*"])
    off = pytester.runpytest("-p", "no:gkstd", "--gkstd-pack", PACK)
    assert off.ret == pytest.ExitCode.USAGE_ERROR  # -p no:gkstd switches it off


def test_gkstd_pack_runs_every_check_on_the_pack(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_own():\n    assert True\n")
    result = pytester.runpytest(
        "--gkstd-pack", PACK, "--gkstd-examples", "3", "-v", "-p", "no:cacheprovider"
    )
    result.assert_outcomes(passed=N + 1)
    result.stdout.fnmatch_lines(
        [
            f"*gkstd-conformance::{PACK}::loads PASSED*",
            f"*gkstd-conformance::{PACK}::mutations PASSED*",
        ]
    )
    only = pytester.runpytest(
        "--gkstd-pack",
        PACK,
        "--gkstd-examples",
        "3",
        "-m",
        "gkstd_conformance",
        "-p",
        "no:cacheprovider",
    )
    only.assert_outcomes(passed=N, deselected=1)


def test_an_unknown_pack_fails_its_load_check(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--gkstd-pack", "no-such-pack", "-p", "no:cacheprovider")
    result.assert_outcomes(failed=1, skipped=N - 1)
    result.stdout.fnmatch_lines(["*[[]loads[]]*no-such-pack*"])


def test_xfail_entry_of_a_passing_check_fails_the_run(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", xfail=f"- {{pack: {PACK}, check: metadata, reason: 已知问题}}\n")
    result = pytester.runpytest(
        "--gkstd-pack", PACK, "--gkstd-examples", "3", "--gkstd-xfail", "xfail.yaml",
        "-k", "metadata", "-p", "no:cacheprovider",
    )  # fmt: skip
    result.assert_outcomes(failed=1, deselected=N - 1)
    result.stdout.fnmatch_lines(["*请从 xfail 文件中删除这一项*"])


def test_an_xfail_entry_without_a_reason_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", xfail=f"- {{pack: {PACK}, check: metadata}}\n")
    pytester.makeini("[pytest]\ngkstd_xfail = xfail.yaml\n")
    result = pytester.runpytest("--gkstd-pack", PACK, "-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*xfail.yaml*entry 1*missing reason*"])


def test_a_pack_test_file_opts_in_with_one_class(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        f"""
        from gkstd.testing.conformance import PackConformance

        class TestMine(PackConformance):
            pack = "{PACK}"
            examples = 3
        """
    )
    result = pytester.runpytest("-v", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=N)
    result.stdout.fnmatch_lines(["*TestMine::test_conformance[[]rules-total[]] PASSED*"])


def test_pack_conformance_xfail_needs_a_reason_and_a_known_check(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        f"""
        from gkstd.testing.conformance import PackConformance

        class TestMine(PackConformance):
            pack = "{PACK}"
            xfail = {{"bogus": "because"}}
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    assert result.ret != pytest.ExitCode.OK
    result.stdout.fnmatch_lines(["*unknown check 'bogus'*"])


def test_pack_conformance_reports_a_known_gap_as_xfail(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        from gkstd.testing.conformance import PackConformance

        class TestMine(PackConformance):
            pack = "no-such-pack"
            xfail = {"loads": "not published yet"}
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider", "-rx")
    result.assert_outcomes(xfailed=1, skipped=N - 1)
    result.stdout.fnmatch_lines(["*not published yet*"])


def test_a_malformed_xfail_file_is_one_clear_error(pytester: pytest.Pytester) -> None:
    pytester.makefile(
        ".yaml",
        xfail="# known gaps\n- {pack: employment, check: clean, reason: ok}\n- pack: employment\n  check: orders\n",
    )
    pytester.makeini("[pytest]\ngkstd_xfail = xfail.yaml\n")
    pytester.makepyfile(
        """
        from gkstd.testing.conformance import PackConformance

        class TestMine(PackConformance):
            pack = "no-such-pack"
        """
    )
    # schemathesis's collection hook wraps the error in a pluggy warning: not gkstd's output
    result = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:schemathesis")
    assert result.ret == 2  # interrupted during collection: no check runs
    out = result.stdout.str()
    assert "Traceback" not in out
    assert len(out.splitlines()) < 20, out
    result.stdout.fnmatch_lines(
        [
            "*xfail.yaml:3: 第 2 项 / entry 2: 缺少 reason*missing reason*",
            "*- {pack: CODE, check: CHECK, reason: *",
        ]
    )
