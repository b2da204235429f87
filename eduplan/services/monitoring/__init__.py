"""Monitoring data (监测数据): recording and importing observations with their checks,
submission and approval, and values read from documents (sources and proposals)."""
