"""The practice issuing service: a real CMP server for practice mode and the tests.

In-process (the practice hierarchy is made in `state_dir` on first start)::

    with IssuerServer.open(state_dir) as issuer:
        enroller = CmpEnroller(issuer.client_settings())
        issuer.set_fault("wrong_key")  # or FaultSetting(Fault.DELAY, delay_seconds=3)
        order = issuer.add_order("SE2120001234-S000000000777")  # a first pair: order.reference, order.secret
"""

from sithsclient.demo.issuer.faults import Fault, FaultSetting, FaultSwitch
from sithsclient.demo.issuer.keys import IssuerKeys
from sithsclient.demo.issuer.ledger import Ledger
from sithsclient.demo.issuer.orders import Order, OrderBook
from sithsclient.demo.issuer.replies import Reply
from sithsclient.demo.issuer.server import CMP_PATH, IssuerServer
from sithsclient.demo.issuer.service import IssuingService

__all__ = [
    "CMP_PATH",
    "Fault",
    "FaultSetting",
    "FaultSwitch",
    "IssuerKeys",
    "IssuerServer",
    "IssuingService",
    "Ledger",
    "Order",
    "OrderBook",
    "Reply",
]
