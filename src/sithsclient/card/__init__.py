"""card: PKCS#11 tokens grouped into physical cards, PINs, keys, and the PC/SC card watcher. No Qt here."""
