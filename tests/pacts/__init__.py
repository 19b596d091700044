"""Consumer-driven contracts (Pact) for the edges between plugins."""
