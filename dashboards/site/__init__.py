"""The collaborative's gap dashboards: a static site drawn from its protected monthly releases."""
