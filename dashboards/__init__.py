"""Reports and dashboards, drawn only from protected releases, never from raw facts."""
