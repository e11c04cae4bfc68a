"""The format of a catalog document a command writes: ``--format yaml|json``, else the
output file's extension.  Part of :mod:`gkstd.cli`.
"""

from __future__ import annotations

import click

from gkstd.cli.common import t

__all__ = ["YAML_OR_JSON", "document_format"]

#: ``--format yaml|json`` of a command that writes a catalog document (``None`` when not
#: given: :func:`document_format` decides by the output's name).
YAML_OR_JSON = click.option(
    "--format",
    "fmt",
    type=click.Choice(["yaml", "json"]),
    default=None,
    help="文档格式（默认按输出文件扩展名：.json 为 json，否则 yaml）/ document format "
    "(default: by the output file's extension: json for .json, else yaml).",
)


def document_format(fmt: str | None, output: str | None) -> str:
    """The format of a catalog document written to ``output`` (``None``: standard output):
    ``fmt`` when given, else ``json`` for a ``.json`` file and ``yaml`` otherwise
    (``-o 目录.json`` had written YAML).  YAML into a ``.json`` file is a usage error:
    ``gkstd validate`` reads a ``.json`` file as JSON and could not read it back.

    A ``.json`` file is a name ending in ``.json``, as the reader tells one
    (:func:`gkstd.io.parse.parse_text`): ``-o .json`` (a name that is all extension, which
    :func:`os.path.splitext` calls extensionless) had been written as YAML, then refused by
    ``gkstd validate .json`` (GK004) while the import said it would read back the same."""
    named_json = output is not None and output.lower().endswith(".json")
    if fmt == "yaml" and named_json:
        raise click.UsageError(
            t(
                f"-o {output} 是 .json 文件，而 --format yaml 要写 YAML，gkstd validate 将读不了它；"
                "请去掉 --format（按扩展名写 JSON），或把输出文件改为 .yaml。",
                f"-o {output} is a .json file but --format yaml writes YAML, which gkstd "
                "validate would not read: leave out --format (JSON by the extension) or name "
                "the output .yaml.",
            )
        )
    return fmt or ("json" if named_json else "yaml")
