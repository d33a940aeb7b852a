"""factory_boy's declarations with the signatures its package leaves out (工厂声明的类型).

factory_boy 3.3.3 ships ``py.typed`` and types ``Factory[T].create()``/``build()``, but not the
constructors of its declarations (``SubFactory``, ``Sequence``, ``LazyAttribute`` …): called from
``--strict`` code each is an untyped call. These functions are the same constructors, typed once
here, returning factory_boy's own declaration objects unchanged; ``factories.py`` uses them.

``ModelFactory[M]`` is the base of every factory: ``XFactory.create()`` / ``.build()`` return
``M`` by factory_boy's own typing, and ``XFactory(...)`` does too under mypy through the plugin
``servicehall.testing.mypy_factories`` (mypy cannot read a metaclass's ``__call__``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Self, TypeVar

from factory import declarations
from factory import django as factory_django
from factory.builder import Resolver
from factory.django import DjangoModelFactory

M = TypeVar("M")


class ModelFactory(DjangoModelFactory[M]):
    """The base of the project's factories: a saved ``M`` from ``XFactory(**fields)``."""

    class Meta:
        abstract = True

    if TYPE_CHECKING:
        # At run time ``XFactory(**kwargs)`` is factory_boy's metaclass ``__call__`` (the default
        # create strategy), never this ``__new__``: declared only to give mypy the call's
        # keyword-only signature, whose result the plugin then types as ``M``.
        def __new__(cls, **kwargs: Any) -> Self: ...


# factory_boy's own names, so that the factories read as its documentation. Each constructor is
# untyped in factory_boy 3.3.3 (no annotations on the declarations' ``__init__``): the one ignore
# per constructor names that gap.


def SubFactory(
    factory: type[DjangoModelFactory[Any]] | str, **defaults: Any
) -> declarations.SubFactory:
    """A related row made by ``factory`` (or the one it names), with ``defaults`` for it."""
    return declarations.SubFactory(factory, **defaults)  # type: ignore[no-untyped-call]  # factory_boy: SubFactory.__init__ unannotated


def Sequence(function: Callable[[int], object]) -> declarations.Sequence:
    """A value from the factory's counter ``n`` (0, 1, 2 …)."""
    return declarations.Sequence(function)  # type: ignore[no-untyped-call]  # factory_boy: Sequence.__init__ unannotated


def LazyFunction(function: Callable[[], object]) -> declarations.LazyFunction:
    """A fresh value per row (a new dict or list each time)."""
    return declarations.LazyFunction(function)  # type: ignore[no-untyped-call]  # factory_boy: LazyFunction.__init__ unannotated


def LazyAttribute(function: Callable[[Resolver], object]) -> declarations.LazyAttribute:
    """A value computed from the row's other fields; the ``Resolver`` answers each by name."""
    return declarations.LazyAttribute(function)  # type: ignore[no-untyped-call]  # factory_boy: LazyAttribute.__init__ unannotated


def SelfAttribute(attribute_name: str) -> declarations.SelfAttribute:
    """Another field's value, ``..name`` reaching the factory that made this one."""
    return declarations.SelfAttribute(attribute_name)  # type: ignore[no-untyped-call]  # factory_boy: SelfAttribute.__init__ unannotated


def Password(password: str) -> factory_django.Password:
    """The hash of ``password`` for a user's password field."""
    return factory_django.Password(password)  # type: ignore[no-untyped-call]  # factory_boy: Password.__init__ unannotated
