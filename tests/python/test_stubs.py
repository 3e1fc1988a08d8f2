"""The committed python/rdha/_core.pyi is exactly what stubgen makes of the built module."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys

import pytest


def test_committed_stubs_match_the_compiled_module(root, package_path, tmp_path):
    pytest.importorskip("mypy.stubgen", reason="mypy (Debian python3-mypy) is needed to generate stubs")
    generated = tmp_path / "_core.pyi"
    subprocess.run(
        [sys.executable, str(root / "python" / "tools" / "stubgen.py"), "--output", str(generated)],
        check=True, timeout=300, env={**os.environ, "PYTHONPATH": str(package_path)},
    )
    committed = root / "python" / "rdha" / "_core.pyi"
    assert committed.exists(), "python/rdha/_core.pyi is missing: cmake --build build --target rdha_python_stubs"
    assert committed.read_text() == generated.read_text(), (
        "python/rdha/_core.pyi is out of date with the compiled module: "
        "cmake --build build --target rdha_python_stubs, then commit the result"
    )
    assert (root / "python" / "rdha" / "py.typed").exists()


def test_stubs_type_check_the_package_and_the_example(root, tmp_path):
    """mypy accepts the package (with its stubs) and the notebook example written against it."""
    pytest.importorskip("mypy.main", reason="mypy (Debian python3-mypy) is needed")
    python_dir = root / "python"
    result = subprocess.run(
        # mypy is compiled with mypyc: call its main() rather than `python -m mypy`.
        [sys.executable, "-c", "import sys; from mypy.main import main; main(args=sys.argv[1:])",
         "--no-incremental", "--cache-dir", str(tmp_path / "cache"), "--python-version", "3.11",
         "-p", "rdha"],
        capture_output=True, text=True, timeout=600, cwd=python_dir, env={**os.environ, "MYPYPATH": str(python_dir)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from mypy.main import main; main(args=sys.argv[1:])",
         "--no-incremental", "--cache-dir", str(tmp_path / "cache"), "--python-version", "3.11",
         "examples/notebook_example.py"],
        capture_output=True, text=True, timeout=600, cwd=python_dir, env={**os.environ, "MYPYPATH": str(python_dir)},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _stub_text(root) -> str:
    return (root / "python" / "rdha" / "_core.pyi").read_text()


def test_stubs_have_no_pybind11_fallbacks(root):
    """No signature pybind11 could not type: positional placeholders, capsules, C++ names,
    bare generics, untyped *args/**kwargs, typing's Union/Optional beside the | spelling."""
    text = _stub_text(root)
    for pattern, what in [
        (r"\barg\d\b", "an unnamed parameter (arg0)"),
        (r"\bcapsule\b", "a capsule"),
        (r"::|\bstd\b|\brdha\.|\bnlohmann\b", "a C++ or module-qualified type name"),
        (r"\b(Union|Optional)\[", "typing.Union/Optional (the stubs spell X | Y)"),
        (r"-> object\b|-> (list|dict|Iterator|Iterable)\b(?!\[)|: (list|dict|Iterable|Iterator)\b(?!\[)", "an untyped result"),
        (r"\*args(?!:)|\*\*kwargs(?!:)", "an unannotated *args or **kwargs"),
        (r"os\.PathLike(?!\[str\])", "os.PathLike without its str parameter"),
    ]:
        found = [line.strip() for line in text.splitlines() if not line.startswith("#") and re.search(pattern, line)]
        assert not found, f"{what} in the stubs: {found}"


def test_path_parameters_take_str_or_pathlike(root):
    text = _stub_text(root)
    parameters = re.findall(r"\b(\w*(?:_dir|directory|_path|_file|plan))\s*: ([^=,)]+(?:\[[^\]]*\])?[^=,)]*)", text)
    assert {name for name, _ in parameters} >= {"out_dir", "directory", "tf_dir", "config_path", "allow_file", "plan"}
    for name, annotation in parameters:
        assert annotation.strip().startswith("str | os.PathLike[str]"), f"{name}: {annotation}"


def test_list_wrappers_type_their_items(root):
    text = _stub_text(root)
    for wrapper, item in [("ReplicaSpecList", "ReplicaSpec"), ("NotificationEndpointList", "NotificationEndpoint"),
                          ("StringList", "str")]:
        body = text.split(f"\nclass {wrapper}:", 1)[1].split("\nclass ", 1)[0]
        for signature in [f"def __getitem__(self, index: int) -> {item}: ...",
                          f"def __getitem__(self, index: slice) -> List[{item}]: ...",
                          f"def __iter__(self) -> Iterator[{item}]: ...",
                          "def __len__(self) -> int: ...",
                          f"def pop(self, index: int = ...) -> {item}: ..."]:
            assert signature in body, f"{wrapper}: {signature}"


def _python_blocks(markdown: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", markdown, flags=re.S | re.M)


def test_readme_python_type_checks_strictly(root, tmp_path):
    """`mypy --strict` accepts the README's Python, against the package's stubs."""
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy (Debian python3-mypy) is not installed")
    blocks = _python_blocks((root / "README.md").read_text())
    assert blocks, "README.md has no ```python block"
    files = []
    for i, block in enumerate(blocks):
        files.append(tmp_path / f"readme_{i}.py")
        files[-1].write_text(block)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path / "cache"),
         *map(str, files)],
        capture_output=True, text=True, timeout=600, cwd=tmp_path,
        env={**os.environ, "MYPYPATH": str(root / "python")},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_stubs_are_strict_clean(root, tmp_path):
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy (Debian python3-mypy) is not installed")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path / "cache"),
         "-p", "rdha"],
        capture_output=True, text=True, timeout=600, cwd=root / "python",
        env={**os.environ, "MYPYPATH": str(root / "python")},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_package_ships_its_stubs_and_py_typed(root, package_path):
    """PEP 561: py.typed and the stubs go into the wheel and the build-tree package."""
    import tomllib

    package_data = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["rdha"]
    assert {"py.typed", "*.pyi"} <= set(package_data)
    assert "recursive-include python/rdha *.py *.pyi py.typed" in (root / "MANIFEST.in").read_text().splitlines()
    assert (package_path / "rdha" / "py.typed").exists() and (package_path / "rdha" / "_core.pyi").exists()
    assert (package_path / "rdha" / "_typed_bindings.pyi").exists()  # the base of Stack in _core.pyi


# ---- typed add_resource: one overload per type of tools/bindings.txt ---------------------

def _mypy_strict(root, tmp_path, snippets: dict[str, str]) -> subprocess.CompletedProcess:
    """`mypy --strict` over one file per snippet, against the package's stubs."""
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy (Debian python3-mypy) is not installed")
    files = []
    for name, code in snippets.items():
        files.append(tmp_path / f"{name}.py")
        files[-1].write_text(code)
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path / "cache"),
         *map(str, files)],
        capture_output=True, text=True, timeout=600, cwd=tmp_path,
        env={**os.environ, "MYPYPATH": str(root / "python")},
    )


TYPED_CALLS = '''\
import rdha

stack = rdha.Stack()
db = stack.add_resource(
    "aws_db_instance", "primary",
    instance_class="db.r6g.large", engine="postgres", allocated_storage=100, multi_az=True,
    tags={"Name": "primary"}, lifecycle={"prevent_destroy": True},
)
topic = stack.add_resource("aws_sns_topic", "alarms")
periods = stack.add_variable("evaluation_periods", type="number")
stack.add_resource(
    "aws_cloudwatch_metric_alarm", "storage",
    alarm_name=rdha.tmpl("storage-", db.identifier),   # a Template fits a string
    comparison_operator="LessThanThreshold",
    evaluation_periods=periods,                         # a reference fits a number
    threshold=db.allocated_storage,
    period=60, actions_enabled="true",                  # Terraform converts "true" to a bool
    dimensions={"DBInstanceIdentifier": db.identifier}, alarm_actions=[topic.arn],
    depends_on=[db],
)
stack.add_resource(
    "aws_security_group", "db", vpc_id=rdha.expr("var.vpc_id"),
    ingress=[{"from_port": 5432, "to_port": 5432, "protocol": "tcp", "cidr_blocks": ["10.0.0.0/16"]}],
)
stack.add_data(
    "aws_iam_policy_document", "publish",
    statement=[{"actions": ["sns:Publish"], "resources": [topic.arn],
                "principals": [{"type": "Service", "identifiers": ["cloudwatch.amazonaws.com"]}]}],
)
stack.add_resource("aws_sqs_queue", "dead_letters", anything_goes=1)  # a type without bindings
'''

REFUSED_CALLS = {
    # name: (snippet, the parameter the aws_cloudwatch_metric_alarm signature shows for it)
    "unknown_keyword": (
        'alarm_name="a", comparison_operator="GreaterThanThreshold", evaluation_periods=3, threshhold=5',
        None,
    ),
    "word_for_a_number": (
        'alarm_name="a", comparison_operator="GreaterThanThreshold", evaluation_periods="three"',
        "evaluation_periods: Union[int, float, Union[Ref, Template]],",
    ),
    "missing_required": (
        'comparison_operator="GreaterThanThreshold", evaluation_periods=3',
        "alarm_name: Union[str, int, float, Union[Ref, Template]],",
    ),
}


def test_typed_add_resource_accepts_typical_calls(root, tmp_path):
    """References and templates fit any argument, blocks are dicts, unbound types take anything."""
    result = _mypy_strict(root, tmp_path, {"typed_calls": TYPED_CALLS})
    assert result.returncode == 0, result.stdout + result.stderr


def test_typed_add_resource_refuses_mistakes_on_a_bound_type(root, tmp_path):
    """An unknown keyword, a word for a number and a missing required argument are errors.

    mypy reports a failed overloaded call as "No overload variant ... matches" followed by
    every signature; the one of aws_cloudwatch_metric_alarm shows the argument's type (a
    number: no str) or that it is required (no default), and that it takes no other keyword.
    """
    snippets = {name: f'import rdha\n\nrdha.Stack().add_resource(\n    "aws_cloudwatch_metric_alarm", "a", {call})\n'
                for name, (call, _) in REFUSED_CALLS.items()}
    result = _mypy_strict(root, tmp_path, snippets)
    assert result.returncode == 1, result.stdout + result.stderr
    for name, (_, shown) in REFUSED_CALLS.items():
        lines = [line for line in result.stdout.splitlines() if line.startswith(f"{name}.py:")]
        errors = [line for line in lines if ": error: " in line]
        assert len(errors) == 1 and errors[0].startswith(f"{name}.py:3: error: ")
        assert 'No overload variant of "add_resource" of "Stack" matches' in errors[0], errors
        alarm = [line for line in lines if "Literal['aws_cloudwatch_metric_alarm']" in line]
        assert len(alarm) == 1, f"{name}: the alarm's signature is not among the notes"
        assert "**kwargs" not in alarm[0] and "threshhold" not in alarm[0]
        if shown:
            assert shown in alarm[0], f"{name}: {shown!r} not in {alarm[0]}"
