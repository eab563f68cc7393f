"""pyproject.toml and environment.yml must name the same packages."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_conda_environment_names_the_same_packages_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pip_names = {_name(r) for r in project["dependencies"]}
    pip_names |= {_name(r) for extra in project["optional-dependencies"].values() for r in extra}

    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda_names = {_name(d) for d in environment["dependencies"] if isinstance(d, str)}
    pip_sections = [d["pip"] for d in environment["dependencies"] if isinstance(d, dict)]
    conda_names |= {_name(r) for section in pip_sections for r in section if not r.startswith("-")}
    conda_names -= {"python", "pip"}

    assert conda_names == pip_names, (
        f"only in environment.yml: {sorted(conda_names - pip_names)}; "
        f"only in pyproject.toml: {sorted(pip_names - conda_names)}"
    )


def test_conda_environment_installs_the_package_itself():
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_sections = [d["pip"] for d in environment["dependencies"] if isinstance(d, dict)]
    assert any("-e ." in section for section in pip_sections)
