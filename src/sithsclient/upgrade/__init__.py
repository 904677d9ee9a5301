"""upgrade: the engine. No Qt here."""
