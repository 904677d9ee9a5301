"""A virtual PIV smart card that answers like a YubiKey 5, for practice mode and tests (no Qt).

`piv.VirtualPivCard` processes APDUs, `vpcd` connects it to pcscd's vpcd reader, `provision` makes a card as a
card office would, and `python -m sithsclient.demo.vcard` runs one.
"""
