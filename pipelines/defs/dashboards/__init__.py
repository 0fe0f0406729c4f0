"""The collaborative's gap dashboards, funders' reports, and the schedules that build them."""
