"""A mypy plugin (类型检查插件): ``XFactory(...)`` is the model ``XFactory`` makes.

factory_boy makes ``XFactory(**fields)`` return a saved model instance through its metaclass's
``__call__``; mypy types a class call from ``__init__``/``__new__`` only, as an instance of the
class, so every ``CaseFactory(...)`` in the tests would read as a ``CaseFactory``. This plugin
gives such a call the model type argument of the factory's ``factory.base.BaseFactory[M]`` base
(``ModelFactory[Case]`` → ``Case``). Registered in ``[tool.mypy] plugins``; mypy only imports it.
"""

from __future__ import annotations

from collections.abc import Callable

from mypy.maptype import map_instance_to_supertype
from mypy.nodes import TypeInfo
from mypy.plugin import FunctionContext, Plugin
from mypy.types import Instance, Type, get_proper_type

BASE_FACTORY = "factory.base.BaseFactory"


def _model_made(ctx: FunctionContext) -> Type:
    made = get_proper_type(ctx.default_return_type)
    if not isinstance(made, Instance):
        return ctx.default_return_type
    base = next((info for info in made.type.mro if info.fullname == BASE_FACTORY), None)
    if base is None:
        return ctx.default_return_type
    model = map_instance_to_supertype(made, base).args
    return model[0] if model else ctx.default_return_type


class FactoryCallPlugin(Plugin):
    def get_function_hook(self, fullname: str) -> Callable[[FunctionContext], Type] | None:
        symbol = self.lookup_fully_qualified(fullname)
        if (
            symbol is not None
            and isinstance(symbol.node, TypeInfo)
            and symbol.node.has_base(BASE_FACTORY)
        ):
            return _model_made
        return None


def plugin(version: str) -> type[Plugin]:
    """mypy's entry point: the plugin class for any mypy version (the API used is stable)."""
    return FactoryCallPlugin
