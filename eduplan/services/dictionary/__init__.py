"""The dictionaries plans and data refer to: indicators (指标库: load, link, match, merge, edit)
and regions (区划)."""
