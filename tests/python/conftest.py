# The module under test is build/python/quantloop*.so (PYTHONPATH set by ctest); the CLI twin
# is $QL_BINARY; the bundled real data is data/ at the repository root.
import json
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def data():
    return ROOT / "data"


@pytest.fixture(scope="session")
def cli():
    binary = os.environ.get("QL_BINARY", str(ROOT / "build" / "quantloop"))

    def run(*args, expect_json=True):
        done = subprocess.run([binary, *map(str, args)], capture_output=True, text=True,
                              check=False)
        assert done.returncode in (0, 3), done.stderr
        return json.loads(done.stdout) if expect_json else done.stdout

    return run
