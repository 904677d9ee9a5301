"""Coverage-guided fuzzing (atheris) of what reads untrusted bytes: the client's reading and checking of the
issuing service's answers, the practice issuing service's handling of requests, the journal loader and the
configuration loader. `python -m fuzz.run --help`; `make fuzz` runs each target for a million inputs.

A finding is any exception other than the typed errors the layer is documented to raise for bad input, or an
answer that breaks the layer's promise (see each target's docstring).
"""
