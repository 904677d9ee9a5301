"""sithsclient: upgrade the certificates on a SITHS eID card without fear."""

__version__ = "0.1.0"
