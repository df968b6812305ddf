"""The Python surface is checked against the Rust types it stands on: the
keywords against the run request's fields, the error codes against the
closed list, the stub file against the extension module."""

import ast
import re
import inspect
from pathlib import Path

import hpi_studio as hs
from hpi_studio import _native

PACKAGE = Path(hs.__file__).parent


def test_calculate_takes_every_field_of_the_run_request():
    keywords = set(inspect.signature(hs.calculate).parameters)
    fields = set(_native.request_fields())
    assert fields <= keywords, f"run request fields calculate() lacks: {sorted(fields - keywords)}"
    # ... and documents each.
    args = hs.calculate.__doc__.split("Args:")[1].split("Raises:")[0]
    for name in keywords:
        assert re.search(rf"^\s+(\w+, )*{name}(, \w+)*:", args, re.M), name


def test_error_codes_are_the_rust_list():
    assert list(hs.CODES) == _native.error_codes()


def test_the_stub_file_declares_what_the_module_has():
    stub = ast.parse((PACKAGE / "_native.pyi").read_text())
    declared = {}
    for node in stub.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            declared[node.name] = node
        elif isinstance(node, ast.AnnAssign):
            declared[node.target.id] = node
    public = {n for n in dir(_native) if not n.startswith("_") or n == "__version__"}
    assert set(declared) == public
    for name, node in declared.items():
        if isinstance(node, ast.FunctionDef):
            stub_args = [a.arg for a in node.args.args]
            text = getattr(_native, name).__text_signature__
            native_args = [a.split("=")[0].strip() for a in text.strip("()").split(",") if a.strip()]
            assert stub_args == [a for a in native_args if a not in ("$module", "/")], name
        if isinstance(node, ast.ClassDef):
            methods = {m.name for m in node.body if isinstance(m, ast.FunctionDef)}
            native = {m for m in dir(getattr(_native, name)) if not m.startswith("_")} | {"__arrow_c_stream__", "__len__"} & set(dir(getattr(_native, name)))
            assert methods == native, name


def test_the_package_is_typed():
    assert (PACKAGE / "py.typed").exists()
