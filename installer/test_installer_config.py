"""Checks the installer configuration that only the release workflow builds
(Windows, macOS): the WiX fragment is well-formed and referenced, writes
exactly the policy keys the app reads, its properties are documented, and
every file the Tauri configs name exists. Run by scripts/test.sh."""
import json
import pathlib
import re
import unittest
import xml.etree.ElementTree as ET

ROOT = pathlib.Path(__file__).resolve().parent.parent
SRC_TAURI = ROOT / "src-tauri"
WIX = "{http://schemas.microsoft.com/wix/2006/wi}"


def config(name):
    return json.loads((SRC_TAURI / name).read_text())


def policy_keys():
    """The keys src-tauri/src/policy.rs knows, from its own message."""
    source = (SRC_TAURI / "src" / "policy.rs").read_text()
    known = re.search(r"\(known: ([A-Za-z, ]+)\)", source).group(1)
    return {k.strip() for k in known.split(",")}


class WixFragment(unittest.TestCase):
    def setUp(self):
        wix = config("tauri.release.conf.json")["bundle"]["windows"]["wix"]
        self.paths = [SRC_TAURI / p for p in wix["fragmentPaths"]]
        self.refs = wix["componentRefs"]
        self.trees = [ET.parse(p) for p in self.paths]

    def components(self):
        return [c for t in self.trees for c in t.iter(WIX + "Component")]

    def test_every_referenced_component_exists_once_with_its_own_guid(self):
        ids = [c.get("Id") for c in self.components()]
        self.assertEqual(sorted(ids), sorted(self.refs))
        guids = [c.get("Guid").lower() for c in self.components()]
        self.assertEqual(len(set(guids)), len(guids))

    def test_the_values_written_are_the_keys_the_app_reads(self):
        values = [v for t in self.trees for v in t.iter(WIX + "RegistryValue")]
        self.assertEqual({v.get("Name") for v in values}, policy_keys())
        for v in values:
            self.assertEqual((v.get("Root"), v.get("Key")), ("HKLM", r"Software\Policies\HPI Studio"))

    def test_each_value_is_written_only_when_its_property_is_given_and_survives_upgrades(self):
        searched = {p.get("Id") for t in self.trees for p in t.iter(WIX + "Property")
                    if p.find(WIX + "RegistrySearch") is not None}
        for component in self.components():
            value = component.find(WIX + "RegistryValue")
            prop = re.fullmatch(r"\[(\w+)\]", value.get("Value")).group(1)
            self.assertEqual(component.find(WIX + "Condition").text.strip(), prop)
            self.assertIn(prop, searched, f"{prop} is not read back before an upgrade")

    def test_the_properties_are_documented(self):
        docs = (ROOT / "docs" / "deployment.md").read_text()
        for p in (p.get("Id") for t in self.trees for p in t.iter(WIX + "Property")):
            self.assertIn(f"`{p}", docs, f"{p} is not in docs/deployment.md")


class ConfigPaths(unittest.TestCase):
    def test_every_file_the_configs_name_exists(self):
        named = []
        for name in ("tauri.conf.json", "tauri.release.conf.json"):
            bundle = config(name).get("bundle", {})
            named += bundle.get("icon", [])
            for kind in ("deb", "rpm"):
                linux = bundle.get("linux", {}).get(kind, {})
                named += [linux["desktopTemplate"]] if "desktopTemplate" in linux else []
                named += list(linux.get("files", {}).values())
            named += bundle.get("windows", {}).get("wix", {}).get("fragmentPaths", [])
            if "entitlements" in bundle.get("macOS", {}):
                named.append(bundle["macOS"]["entitlements"])
            sign = bundle.get("windows", {}).get("signCommand", "")
            named += re.findall(r"(\.\./\S+\.ps1)", sign)
        self.assertGreater(len(named), 10)
        for path in named:
            self.assertTrue((SRC_TAURI / path).is_file(), f"{path} (relative to src-tauri) does not exist")

    def test_the_shipped_config_holds_no_test_key_and_requires_signed_versions(self):
        for name in ("tauri.conf.json", "tauri.release.conf.json"):
            updater = config(name).get("plugins", {}).get("updater", {})
            self.assertNotIn("dangerousInsecureTransportProtocol", updater, name)
        self.assertTrue(config("tauri.conf.json")["plugins"]["updater"]["requireSignedVersion"])


if __name__ == "__main__":
    unittest.main()
