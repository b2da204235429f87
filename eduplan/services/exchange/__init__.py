"""What goes in and out as files: documents read (and extracted) from files, monitoring data
files, the fill-in workbook, plan exports and their JSON format, numbers as people type them,
and reading uploads safely in a worker process."""
