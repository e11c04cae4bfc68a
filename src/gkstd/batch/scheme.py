"""The scoring scheme (评分方案): the weights, penalties and grades that turn a catalog's
measures into a score.

The default is ``gkstd/data/scoring.yaml`` (explained in docs/scoring.md); a supervisor
copies it, changes the numbers and passes it with ``gkstd check --scoring FILE``.  A scheme
file is checked against :data:`SCHEMA` (JSON Schema 2020-12) and a bad one raises
:class:`SchemeError` naming the file, the place and the fix.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import yaml

from gkstd.diagnostics.errors import GkstdError
from gkstd.diagnostics.sidefiles import SideFile, read_side_bytes, side_text
from gkstd.io.sideyaml import load_side_yaml

__all__ = ["MEASURES", "SCHEMA", "Grade", "Scheme", "SchemeError", "default_scheme", "load_scheme"]

#: The measures a scheme weighs, in the order reports show them.
MEASURES = ("coverage", "elements", "time_limits", "channels")

#: Largest scheme file read (a scheme is a few hundred bytes).
_MAX_BYTES = 64 * 1024

_NUMBER = {"type": "number", "minimum": 0, "maximum": 1000}

#: JSON Schema (Draft 2020-12) of a scheme file.
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["scheme", "version", "weights"],
    "additionalProperties": False,
    "properties": {
        "scheme": {"const": "gkstd-scoring"},
        "version": {"const": 1},
        "name": {"type": "string"},
        "name_en": {"type": "string"},
        "weights": {
            "type": "object",
            "additionalProperties": False,
            "properties": dict.fromkeys(MEASURES, _NUMBER),
            "minProperties": 1,
        },
        "penalties": {
            "type": "object",
            "additionalProperties": False,
            "properties": dict.fromkeys(("error", "warning", "info", "cap"), _NUMBER),
        },
        "grades": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["min", "name"],
                "additionalProperties": False,
                "properties": {
                    "min": {"type": "number", "minimum": 0, "maximum": 100},
                    "name": {"type": "string", "minLength": 1},
                    "name_en": {"type": "string"},
                },
            },
        },
    },
}


class SchemeError(GkstdError):
    """A scoring scheme file that cannot be used (the message names file, place and fix)."""


#: A scheme file, for its messages (:mod:`gkstd.diagnostics.sidefiles`).
_KIND = SideFile(
    "评分方案",
    "the scoring scheme",
    SchemeError,
    "以 docs/scoring.md“自定义方案”一节的方案为模板修改。",
    "Start from the scheme in docs/scoring.md (Your own scheme).",
)


@attrs.frozen
class Grade:
    """A grade (等次): scores of at least ``min`` get it."""

    min: float
    name: str
    name_en: str = ""


@attrs.frozen
class Scheme:
    """Weights of the measures, points off per finding (at most ``cap``) and grades."""

    weights: tuple[tuple[str, float], ...]
    error: float = 2.0
    warning: float = 0.5
    info: float = 0.0
    cap: float = 30.0
    grades: tuple[Grade, ...] = ()
    name: str = "默认评分方案"
    name_en: str = "default scheme"
    source: str = "default"

    def weight(self, measure: str) -> float:
        """The weight of ``measure`` (0 when the scheme leaves it out)."""
        return dict(self.weights).get(measure, 0.0)

    def grade(self, score: float) -> Grade | None:
        """The highest grade whose ``min`` the score reaches."""
        return next((g for g in self.grades if score >= g.min), None)

    def to_dict(self) -> dict[str, Any]:
        """Plain data (what the reports print under 评分方案)."""
        return {
            "name": self.name,
            "name_en": self.name_en,
            "source": self.source,
            "weights": dict(self.weights),
            "penalties": {
                "error": self.error,
                "warning": self.warning,
                "info": self.info,
                "cap": self.cap,
            },
            "grades": [{"min": g.min, "name": g.name, "name_en": g.name_en} for g in self.grades],
        }


#: The English of the grade names 政务公开 assessments use, for a scheme that gives a grade
#: no ``name_en`` (an English report had shown the Chinese name).
_GRADE_EN = {
    "优秀": "excellent",
    "优": "excellent",
    "良好": "good",
    "良": "good",
    "较好": "fairly good",
    "合格": "pass",
    "中": "fair",
    "一般": "fair",
    "基本合格": "basic pass",
    "较差": "poor",
    "差": "poor",
    "不合格": "fail",
}


def _from_data(data: dict[str, Any], source: str) -> Scheme:
    penalties = data.get("penalties", {})
    grades = sorted(
        (
            Grade(
                float(g["min"]), g["name"], g.get("name_en") or _GRADE_EN.get(g["name"].strip(), "")
            )
            for g in data.get("grades", [])
        ),
        key=lambda g: -g.min,
    )
    return Scheme(
        weights=tuple((m, float(data["weights"][m])) for m in MEASURES if m in data["weights"]),
        error=float(penalties.get("error", 2.0)),
        warning=float(penalties.get("warning", 0.5)),
        info=float(penalties.get("info", 0.0)),
        cap=float(penalties.get("cap", 30.0)),
        grades=tuple(grades),
        name=data.get("name", Path(source).stem),
        name_en=data.get("name_en", data.get("name", Path(source).stem)),
        source=source,
    )


def default_scheme() -> Scheme:
    """The scheme in ``gkstd/data/scoring.yaml``."""
    text = resources.files("gkstd").joinpath("data/scoring.yaml").read_text("utf-8")
    return _from_data(yaml.safe_load(text), "default")


def load_scheme(path: str | os.PathLike[str]) -> Scheme:
    """Read a scheme file; :class:`SchemeError` (file, place, fix) when it cannot be used."""
    import jsonschema

    name = os.fspath(path)
    text = side_text(read_side_bytes(name, _MAX_BYTES, _KIND), name, _KIND)
    data = load_side_yaml(text, name, _KIND)
    validator = jsonschema.Draft202012Validator(SCHEMA)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        raise _KIND.misfit(name, errors[0], "评分方案格式", "the scheme format")
    assert isinstance(data, dict)
    if not any(float(v) > 0 for v in data["weights"].values()):
        raise SchemeError(
            f"{name}：weights 的权重全为 0，无法计分。请至少给一项正的权重。",
            f"{name}: every weight is 0, nothing to score. Give at least one positive weight.",
        )
    return _from_data(data, name)
