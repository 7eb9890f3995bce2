"""tests/unit mirrors src/allyhub: a directory of unit tests for each package, and for the
service layer a test file for each module (tests/unit/service/test_<module>.py).

A newcomer looking for the tests of `allyhub/x/y.py` finds them in `tests/unit/x/`; a
package added without tests, or a service module without a test file, fails here.
Migrations are Alembic's (tests/integration/test_migration_*.py run them on a database);
modules at the top of the package are tested at the top of tests/unit.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ROOT
from tests.unit.imports import SRC

UNIT = ROOT / "tests" / "unit"


def _packages() -> list[Path]:
    """Directories of src/allyhub holding Python modules, relative to it."""
    return sorted(
        {
            path.parent.relative_to(SRC)
            for path in SRC.rglob("*.py")
            if path.parent != SRC and "migrations" not in path.parts
        }
    )


def _has_tests(directory: Path) -> bool:
    return directory.is_dir() and any(directory.glob("test_*.py"))


def test_packages_are_found() -> None:
    assert {Path("service"), Path("store"), Path("taxii"), Path("records")} <= set(_packages())


def test_every_package_has_a_directory_of_unit_tests() -> None:
    assert [str(p) for p in _packages() if not _has_tests(UNIT / p)] == []


def test_every_service_module_has_a_test_file() -> None:
    modules = sorted(p.stem for p in (SRC / "service").glob("*.py") if p.stem != "__init__")
    assert [m for m in modules if not (UNIT / "service" / f"test_{m}.py").is_file()] == []


def test_no_unit_test_directory_outlives_its_package() -> None:
    packages = {str(p) for p in _packages()}
    directories = {
        str(d.parent.relative_to(UNIT)) for d in UNIT.rglob("test_*.py") if d.parent != UNIT
    }
    assert sorted(directories - packages) == []
