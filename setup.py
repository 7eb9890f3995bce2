"""Build fusion's compiled phoneme alignment (optional: without a C compiler the package
installs all the same and uses the Python loop; see src/allyhub/fusion/_alignc.c)."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension("allyhub.fusion._alignc", ["src/allyhub/fusion/_alignc.c"], optional=True)
    ]
)
