"""The web application: Chinese pages (Jinja2 + htmx + ECharts, all served locally) and
a JSON API under /api/v1. Processes are stateless: sessions are signed cookies and every
other piece of state lives in the database, so several workers can share one PostgreSQL."""
