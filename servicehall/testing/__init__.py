"""Test support (测试支持): the personas and the factories every app's tests use.

Registered once as pytest plugins by the root ``conftest.py``; outside the layers of the
import-linter contract, like the apps' ``tests`` packages.
"""
