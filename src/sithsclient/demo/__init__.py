"""demo: practice mode — a virtual card, a practice CA hierarchy and a local issuing service."""
