"""The apps import each other in one direction only (docs/architecture.md, "Layers"), checked with
import-linter as `make lint` does; and every app of ours has its place in the order."""

import subprocess
import sys
import tomllib
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def _contracts() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def test_no_app_imports_a_higher_one_and_the_outbox_has_no_cycle():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([lint_imports, "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_every_app_has_a_layer():
    apps = {name.split(".")[0] for name in settings.LOCAL_APPS}
    config = _contracts()
    assert set(config["root_packages"]) == apps
    [layers] = [c["layers"] for c in config["contracts"] if c["type"] == "layers" and "containers" not in c]
    placed = {app.strip() for layer in layers for app in layer.replace("|", ":").split(":")}
    assert placed == apps
