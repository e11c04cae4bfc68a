"""Time: 公开时限 wording read into values, the official working-day calendar, deadlines,
and the day arithmetic the checks share.

Floor 3 of the layers (docs/architecture.md): imports model and diagnostics.
"""
