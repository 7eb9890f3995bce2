"""The seed scenario: the 2015 coalition's public facts as STIX shared by its members."""
