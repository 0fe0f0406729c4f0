"""Data quality for evaluators: the risk profile of accepted data and the quality report."""
