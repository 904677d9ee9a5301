"""The group policy templates (installer/policy/): parsed as the Group Policy editor reads them, held to the
ADMX schema's structure, and tied to the program: each policy writes a key the program reads, every setting the
MSI takes has a policy, and both languages say every string."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from sithsclient import config

ROOT = Path(__file__).resolve().parent.parent
POLICY = ROOT / "installer" / "policy"
NS = "{http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions}"
LANGUAGES = ("en-US", "sv-SE")
# The order of a policy's children in the ADMX schema (PolicyDefinitions.xsd's PolicyDefinition sequence).
POLICY_CHILDREN = ["parentCategory", "seeAlso", "keywords", "supportedOn", "enabledValue", "disabledValue",
                   "enabledList", "disabledList", "elements"]  # fmt: skip
BOX_FOR = {"text": "textBox", "multiText": "multiTextBox", "decimal": "decimalTextBox", "enum": "dropdownList"}


def _tag(element: ET.Element) -> str:
    assert element.tag.startswith(NS), f"{element.tag} is outside the PolicyDefinitions namespace"
    return element.tag[len(NS) :]


def _admx() -> ET.Element:
    return ET.parse(POLICY / "sithsclient.admx").getroot()


def _adml(language: str) -> ET.Element:
    return ET.parse(POLICY / language / "sithsclient.adml").getroot()


def _refs(text: str, kind: str) -> set[str]:
    return set(re.findall(rf"\$\({kind}\.([A-Za-z0-9_]+)\)", text))


def _policies() -> list[ET.Element]:
    policies = _admx().find(f"{NS}policies")
    assert policies is not None
    return list(policies)


def test_the_admx_follows_the_schemas_structure() -> None:
    root = _admx()
    assert _tag(root) == "policyDefinitions" and root.get("revision") and root.get("schemaVersion") == "1.0"
    assert [_tag(child) for child in root] == ["policyNamespaces", "resources", "supportedOn", "categories", "policies"]
    target = root.find(f"{NS}policyNamespaces/{NS}target")
    assert target is not None and target.get("prefix") and target.get("namespace")
    categories = {c.get("name") for c in root.iter(f"{NS}category")}
    supported = {d.get("name") for d in root.iter(f"{NS}definition")}
    for policy in _policies():
        name = policy.get("name")
        assert _tag(policy) == "policy"
        for attribute in ("name", "class", "displayName", "explainText", "key", "presentation"):
            assert policy.get(attribute), f"policy {name} lacks {attribute}"
        assert policy.get("class") in ("Machine", "User", "Both")
        order = [POLICY_CHILDREN.index(_tag(child)) for child in policy]
        assert order == sorted(order), f"policy {name}: children out of the schema's order"
        parent, on = policy.find(f"{NS}parentCategory"), policy.find(f"{NS}supportedOn")
        assert parent is not None and parent.get("ref") in categories
        assert on is not None and on.get("ref") in supported
        elements = policy.find(f"{NS}elements")
        assert elements is not None and len(elements) > 0
        for element in elements:
            assert _tag(element) in BOX_FOR and element.get("id") and element.get("valueName")


def test_every_policy_writes_a_setting_the_program_reads_from_the_policy_key() -> None:
    for policy in _policies():
        # Machine policies: a user cannot override them, and the program reads HKLM only.
        assert policy.get("class") == "Machine"
        assert policy.get("key", "").lower() == config.POLICY_KEY.lower()
    written = {e.get("valueName") for p in _policies() for e in p.iter() if e.get("valueName")}
    known = {name for name in config.Config.__dataclass_fields__ if name not in ("sources", "origins")}
    assert written <= known


def test_every_setting_the_msi_takes_has_a_policy() -> None:
    wxs = (ROOT / "installer" / "sithsclient.wxs").read_text()
    msi = set(re.findall(r'Key="Software\\sithsclient" Name="([a-z_]+)"', wxs))
    assert msi, "no settings found in the MSI"
    written = {e.get("valueName") for p in _policies() for e in p.iter() if e.get("valueName")}
    assert msi <= written, f"MSI settings without a policy: {sorted(msi - written)}"


def test_values_as_the_editor_writes_them_are_accepted(tmp_path: Path) -> None:
    """text writes REG_SZ, multiText REG_MULTI_SZ, decimal REG_DWORD, enum its item's string: the program's
    policy layer takes each, and every choice an enum offers."""
    samples = {"text": "https://ca.region.se/cmp", "multiText": [str(tmp_path / "root.pem"), "policy.pem"]}
    values: dict[str, object] = {}
    choices: dict[str, list[str]] = {}
    for element in (e for p in _policies() for e in p.iter() if e.get("valueName")):
        name, kind = element.get("valueName", ""), _tag(element)
        if kind == "decimal":
            values[name] = int(element.get("maxValue", "0"))
        elif kind == "enum":
            choices[name] = [s.text or "" for s in element.iter(f"{NS}string")]
            values[name] = choices[name][-1]
        else:
            values[name] = samples[kind]
    none = tmp_path / "none"
    cfg = config.load(machine_file=none, user_file=none, registry=dict, policy=lambda: values)
    assert cfg.trust == (str(tmp_path / "root.pem"), str(config.machine_config_path().parent / "policy.pem"))
    assert {cfg.origin(name) for name in values} == {config.POLICY_SOURCE}
    assert cfg.renewal_days == 365
    assert choices == {"renewal": list(config.RENEWALS)}
    for choice in choices["renewal"]:
        assert config.load(machine_file=none, user_file=none, registry=dict, policy=lambda c=choice: {"renewal": c})


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_says_every_string_and_presents_every_element(language: str) -> None:
    adml = _adml(language)
    assert _tag(adml) == "policyDefinitionResources" and adml.get("schemaVersion") == "1.0"
    assert [_tag(child) for child in adml] == ["displayName", "description", "resources"]
    table = adml.find(f"{NS}resources/{NS}stringTable")
    assert table is not None
    strings = {s.get("id"): (s.text or "").strip() for s in table}
    presentations = {p.get("id"): p for p in adml.iter(f"{NS}presentation")}
    admx_text = (POLICY / "sithsclient.admx").read_text(encoding="utf-8")
    assert _refs(admx_text, "string") == set(strings), "strings used and strings given differ"
    assert _refs(admx_text, "presentation") == set(presentations)
    assert all(strings.values()), "an empty string"
    for policy in _policies():
        shown = presentations[policy.get("presentation", "")[len("$(presentation.") : -1]]
        boxes = {box.get("refId"): _tag(box) for box in shown}
        elements = policy.find(f"{NS}elements")
        assert elements is not None
        assert boxes == {e.get("id"): BOX_FOR[_tag(e)] for e in elements}, policy.get("name")
        for box in shown:
            label = box.find(f"{NS}label")
            assert (label.text if label is not None else box.text or "").strip(), f"{box.get('refId')} has no label"


def test_the_swedish_template_is_swedish() -> None:
    english = {s.get("id"): s.text for s in _adml("en-US").iter(f"{NS}string")}
    swedish = {s.get("id"): s.text for s in _adml("sv-SE").iter(f"{NS}string")}
    assert set(english) == set(swedish)
    assert all(swedish[key] != english[key] for key in english if key != "Sithsclient")
