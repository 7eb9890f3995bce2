"""allyhub: a federated intelligence-sharing hub for coalitions.

Members share STIX 2.1 over TAXII 2.1 through hubs that replicate to each other; the
originator's markings and each member's standing decide who sees what.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
