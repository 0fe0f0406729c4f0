"""Protected releases for publication: the collaborative's last due months."""
