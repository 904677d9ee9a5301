"""enroll: fetching new certificates from the issuing service (CMP). No Qt here."""
