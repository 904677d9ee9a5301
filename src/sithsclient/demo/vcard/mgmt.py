"""The card management key (slot 9B): a block cipher used in ECB on one block, as SP 800-73-4 part 2 §A.1 does
for its challenge/witness authentication. 3DES is the YubiKey default; AES is accepted as newer YubiKeys do."""

from __future__ import annotations

from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from sithsclient.demo.vcard.constants import MANAGEMENT_KEY_LENGTHS, Algorithm


def block_size(algorithm: int) -> int:
    return 8 if algorithm == Algorithm.TDES else 16


def valid_key(algorithm: int, key: bytes) -> bool:
    return algorithm in MANAGEMENT_KEY_LENGTHS and len(key) == MANAGEMENT_KEY_LENGTHS[Algorithm(algorithm)]


def _cipher(algorithm: int, key: bytes) -> Cipher[modes.ECB]:
    if algorithm == Algorithm.TDES:
        return Cipher(TripleDES(key), modes.ECB())
    return Cipher(algorithms.AES(key), modes.ECB())


def encrypt(algorithm: int, key: bytes, block: bytes) -> bytes:
    encryptor = _cipher(algorithm, key).encryptor()
    return encryptor.update(block) + encryptor.finalize()


def decrypt(algorithm: int, key: bytes, block: bytes) -> bytes:
    decryptor = _cipher(algorithm, key).decryptor()
    return decryptor.update(block) + decryptor.finalize()
