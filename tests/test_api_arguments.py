"""The public functions check what they are given: a wrong type is an ArgumentError (a
TypeError and a GkstdError) naming the argument, what it takes, what it got and the fix,
in Chinese and English — never an AttributeError from deep inside, and never a string
silently read as a list of one-character paths."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gkstd
from gkstd.audit import audit
from gkstd.diagnostics.arguments import ArgumentError
from gkstd.model import Level
from gkstd.tables import import_table

ROOT = Path(__file__).parent.parent
ZICHUAN = ROOT / "examples" / "zichuan-municipal-services.yaml"
YOUYANG = ROOT / "examples" / "shizheng-fuwu__chongqing-youyang.csv"
RECORDS = ROOT / "examples" / "synthetic-records-municipal-services.csv"


class _BytesPath:
    """A path object whose ``__fspath__`` gives bytes, not text."""

    def __fspath__(self) -> bytes:
        return b"/tmp"


def _catalog() -> gkstd.Catalog:
    catalog = gkstd.resolve(str(ZICHUAN)).catalog
    assert catalog is not None
    return catalog


CASES: list[tuple[str, Callable[[], object], str, str]] = [
    ("validate a dict", lambda: gkstd.validate({"gkstd": "1.0"}), "source", "json.dumps"),
    ("validate a number", lambda: gkstd.validate(123), "source", "int 123"),
    ("load a list", lambda: gkstd.load(["a.yaml"]), "source", "list"),
    ("resolve None", lambda: gkstd.resolve(None), "source", "NoneType"),  # type: ignore[arg-type]
    ("select a number", lambda: gkstd.validate(str(ZICHUAN), select=5), "select", "int 5"),  # type: ignore[arg-type]
    ("ignore of numbers", lambda: gkstd.validate(str(ZICHUAN), ignore=[101]), "ignore[0]", "int"),  # type: ignore[list-item]
    ("parents a list", lambda: gkstd.validate(str(ZICHUAN), parents=["x"]), "parents", "list"),  # type: ignore[arg-type]
    (
        "search_path numbers",
        lambda: gkstd.validate(str(ZICHUAN), search_path=[1]),
        "search_path[0]",
        "int",
    ),  # type: ignore[list-item]
    (
        "deadline from text",
        lambda: gkstd.deadline("2026-01-01", 20),  # type: ignore[arg-type]
        "gkstd.deadline(start)",
        "fromisoformat",
    ),
    ("deadline True", lambda: gkstd.deadline(dt.date(2026, 1, 5), True), "time_limit", "bool"),
    ("check numbers", lambda: gkstd.check([5]), "gkstd.check(paths)[0]", "int 5"),  # type: ignore[list-item]
    ("check bytes", lambda: gkstd.check(b"dir"), "gkstd.check(paths)", "bytes"),  # type: ignore[arg-type]
    (
        "audit a pack code",
        lambda: audit(str(RECORDS), ["municipal-services"]),  # type: ignore[list-item]
        "audit(catalogs)[0]",
        "gkstd.resolve",
    ),
    ("audit a path", lambda: audit(str(RECORDS), str(ZICHUAN)), "audit(catalogs)", "gkstd.resolve"),  # type: ignore[arg-type]
    ("audit as_of text", lambda: audit(str(RECORDS), [], as_of="2026-01-01"), "as_of", "str"),  # type: ignore[arg-type]
    ("import a number", lambda: import_table(123), "import_table(source)", "int 123"),  # type: ignore[arg-type]
    (
        "import an unknown level",
        lambda: import_table(str(YOUYANG), level="大区级"),
        "import_table(level)",
        "乡级",
    ),
    ("dump text", lambda: gkstd.dump("x"), "gkstd.dump(catalog)", "str 'x'"),  # type: ignore[arg-type]
    ("dump xml", lambda: gkstd.dump(_catalog(), "xml"), "gkstd.dump(fmt)", "'xml'"),
    (
        "derive level 3",
        lambda: gkstd.derive("市政服务", jurisdiction="某县", level=3),
        "level",
        "int 3",
    ),  # type: ignore[arg-type]
    (
        "validate a registry text",
        lambda: gkstd.validate(str(ZICHUAN), registry="x"),
        "registry",
        "str",
    ),  # type: ignore[arg-type]
    (
        "diff a workspace text",
        lambda: gkstd.diff(str(ZICHUAN), str(ZICHUAN), workspace="x"),
        "workspace",
        "str",
    ),  # type: ignore[arg-type]
    ("check a scheme text", lambda: gkstd.check([str(ZICHUAN)], scheme="x"), "scheme", "str"),  # type: ignore[arg-type]
    ("check a progress text", lambda: gkstd.check([str(ZICHUAN)], progress="x"), "progress", "str"),  # type: ignore[arg-type]
    ("audit a sink text", lambda: audit(str(RECORDS), [], sink="x"), "sink", "str"),  # type: ignore[arg-type]
    ("import sheet 0", lambda: import_table(YOUYANG, sheet=0), "import_table(sheet)", "int 0"),  # type: ignore[arg-type]
    ("import domains of numbers", lambda: import_table(YOUYANG, domains={1: 2}), "domains", "int"),  # type: ignore[dict-item]
    ("import mapping a dict", lambda: import_table(YOUYANG, mapping={}), "mapping", "dict"),  # type: ignore[arg-type]
    (
        "import a document format unknown",
        lambda: import_table(YOUYANG, document_format="xml"),
        "import_table(document_format)",
        "'xml'",
    ),
    (
        "import an id the schema refuses",
        lambda: import_table(YOUYANG, catalog_id="../a b"),
        "import_table(catalog_id)",
        "370302/municipal-services",
    ),
    (
        "import an id with a NUL",
        lambda: import_table(YOUYANG, catalog_id="a\x00"),
        "catalog_id",
        "'a\\x00'",
    ),
    (
        "import an id ending in a newline",
        lambda: import_table(YOUYANG, catalog_id="a\n"),
        "catalog_id",
        "'a\\n'",
    ),
    (
        "check an empty path",
        lambda: gkstd.check(""),
        "gkstd.check(paths)",
        '"."',
    ),  # the working directory
    ("check jobs 0", lambda: gkstd.check([str(ZICHUAN)], jobs=0), "gkstd.check(jobs)", "int 0"),
    (
        "check jobs True",
        lambda: gkstd.check([str(ZICHUAN)], jobs=True),
        "gkstd.check(jobs)",
        "bool",
    ),
    (
        "check a path of bytes",
        lambda: gkstd.check([_BytesPath()]),
        "gkstd.check(paths)[0]",
        "_BytesPath",
    ),
    (
        "import a path of bytes",
        lambda: import_table(_BytesPath()),
        "import_table(source)",
        "_BytesPath",
    ),
]


@pytest.mark.parametrize(("case", "call", "where", "said"), CASES, ids=[c[0] for c in CASES])
def test_a_wrong_argument_is_named_with_the_fix(
    case: str, call: Callable[[], object], where: str, said: str
) -> None:
    with pytest.raises(ArgumentError) as raised:
        call()
    error = raised.value
    assert isinstance(error, TypeError)
    assert isinstance(error, gkstd.GkstdError)
    assert where in error.message
    assert where in error.message_en
    assert "应为" in error.message
    assert "expected" in error.message_en
    assert said in error.message or said in error.message_en


def test_one_path_alone_is_that_path_never_its_characters() -> None:
    """``check("目录")`` is the folder (it was the paths 目 and 录, both missing);
    ``search_path="上级"`` is that folder; ``validate_all("a.yaml")`` that file."""
    folder = str(ROOT / "examples")
    alone = gkstd.check(folder)
    listed = gkstd.check([folder])
    assert [f.path for f in alone.files] == [f.path for f in listed.files]
    assert len(alone.files) >= 2
    assert not any(s.reason == "missing" for s in alone.skipped)
    assert gkstd.check(Path(folder)).to_dict() == listed.to_dict()
    report = gkstd.validate(str(ZICHUAN), search_path=folder)
    assert report.valid
    from gkstd.inherit.workspace import Workspace

    assert Workspace().validate_all(str(ZICHUAN)).files == 1


@pytest.mark.parametrize(
    ("start", "limit"),
    [
        (dt.date(2100, 1, 1), 20),  # a mistyped year: IndexError from the calendar
        (dt.date(2104, 3, 1), "20个工作日"),
        (dt.date(9999, 12, 1), "1个月"),  # ValueError: year 10000 is out of range
        (dt.date(2099, 12, 20), "1个月"),  # the deadline past the calendar's last year
    ],
)
def test_a_date_outside_the_calendar_is_a_calendar_error(start: dt.date, limit: object) -> None:
    from gkstd.timing.calendar import CalendarError, default_calendar

    with pytest.raises(CalendarError):
        gkstd.deadline(start, limit)  # type: ignore[arg-type]
    with pytest.raises(CalendarError):
        default_calendar().add_working_days(dt.date(2100, 1, 4), 3)


def test_empty_wording_of_a_limit_is_an_argument_error() -> None:
    for text in ("", "   "):
        with pytest.raises(ArgumentError) as raised:
            gkstd.deadline(dt.date(2026, 1, 5), text)
        assert "time_limit" in raised.value.message


def test_what_the_arguments_now_take_besides() -> None:
    """A time limit's wording, a level's label and one catalog alone are taken as what
    they say."""
    start = dt.date(2026, 1, 27)
    from gkstd.timing.limits import parse

    assert gkstd.deadline(start, "批准后20日内") == gkstd.deadline(start, parse("批准后20日内"))
    imported = import_table(str(YOUYANG), level="乡级", check=False)
    assert imported.catalog is not None
    assert imported.catalog.jurisdiction.level is Level.TOWNSHIP
    catalog = _catalog()
    as_of = dt.date(2026, 6, 30)
    one = audit(str(RECORDS), catalog, as_of=as_of)
    listed = audit(str(RECORDS), [catalog], as_of=as_of)
    assert one.findings == listed.findings
    assert one.records == listed.records > 0
    assert one.items == listed.items


_ANYTHING = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.tuples(st.integers()),
    st.sets(st.integers(), max_size=2),
    st.just(object()),
)


@settings(max_examples=60, deadline=None)
@given(value=_ANYTHING)
def test_any_wrong_value_is_an_argument_error_or_a_result(value: Any) -> None:
    """Whatever is passed, each entry point returns its result or raises a GkstdError
    (ArgumentError for a wrong type, CalendarError for a negative number of days): no
    other exception escapes."""
    calls: list[Callable[[], object]] = [
        lambda: gkstd.load(value),
        lambda: gkstd.validate(value),
        lambda: gkstd.validate(str(ZICHUAN), select=value),
        lambda: gkstd.deadline(value, 20),
        lambda: gkstd.deadline(dt.date(2026, 3, 2), value),
        lambda: gkstd.check(value),
        lambda: audit(value, []),
        lambda: audit(str(RECORDS), value),
        lambda: import_table(value),
        lambda: gkstd.dump(value),
    ]
    for call in calls:
        with contextlib.suppress(gkstd.GkstdError):
            call()


_DAY = dt.date(2026, 2, 10)


def _unchecked_calls() -> dict[str, Any]:
    from gkstd.audit import read_records
    from gkstd.inherit.workspace import Workspace
    from gkstd.tables import export_csv, export_markdown
    from gkstd.tables.siteplan import column_plan
    from gkstd.timing.calendar import WorkCalendar, load_notices
    from gkstd.timing.deadlines import deadline_part
    from gkstd.timing.limits import format_limit, parse

    records = str(
        Path(__file__).parent.parent / "examples" / "synthetic-records-municipal-services.csv"
    )
    return {
        "add_calendar_days(10**24)": lambda: WorkCalendar().add_calendar_days(_DAY, 10**24),
        "is_workday(text)": lambda: WorkCalendar().is_workday("2026-02-10"),
        "WorkCalendar(extra_notices=[None])": lambda: WorkCalendar(extra_notices=[None]),
        "validate_all(None)": lambda: Workspace().validate_all(None),
        "read_records(fmt=1)": lambda: read_records(records, fmt=1),
        "read_records(None)": lambda: read_records(None),
        "load_notices(NUL)": lambda: load_notices("\x00"),
        "parse(None)": lambda: parse(None),
        "format_limit(text)": lambda: format_limit("20个工作日"),
        "deadline_part(text)": lambda: deadline_part("20个工作日"),
        "export_csv(None)": lambda: export_csv(None),
        "export_markdown({})": lambda: export_markdown({}),
        "column_plan(None)": lambda: column_plan(None),
    }


@pytest.mark.parametrize("call", sorted(_unchecked_calls()))
def test_more_public_functions_refuse_wrong_arguments_as_gkstd_errors(call: str) -> None:
    """An OverflowError, AttributeError or TypeError from deep inside before (a campaign
    of 2026-12-07): each is gkstd's own error now, naming the argument."""
    with pytest.raises(gkstd.GkstdError) as caught:
        _unchecked_calls()[call]()
    assert caught.value.message
    assert caught.value.message_en
