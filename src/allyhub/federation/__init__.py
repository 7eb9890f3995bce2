"""Federation: pull loops that keep this hub in step with its peers and feeds."""
