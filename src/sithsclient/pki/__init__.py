"""pki: what a certificate is (purpose, generation, HSA-ID) and what the card needs (the verdict). No Qt here."""
