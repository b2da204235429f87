"""The observations of a plan export (``eduplan export --format json``) as import rows.

``eduplan import FILE.json`` reads the ``observations`` array of the export: each entry
becomes one raw row with the fields of the long CSV layout (indicator, region, year,
value, unit, source, note, basis), so the monitoring service checks and stores them exactly as
it does a CSV file. Row numbers count the entries from 1.
"""

from __future__ import annotations

from eduplan.errors import InputError
from eduplan.services.observation_files import FIELD_LABELS, FIELDS, DataFile, RawRow


def read_export_observations(data: bytes, name: str) -> DataFile:
    from eduplan.services.plan_archive import load_export_json

    parsed = load_export_json(data, name)
    entries = parsed.get("observations")
    if not isinstance(entries, list):
        raise InputError("导出文件中没有 observations（监测数据）数组", location=name)
    labels = {f: f"{FIELD_LABELS[f]}（{f}）" for f in FIELDS}
    out = DataFile(name)
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise InputError(f"第{number}条监测数据不是对象", location=name)
        out.rows.append(RawRow(number, {f: entry.get(f) for f in FIELDS}, labels))
    return out
