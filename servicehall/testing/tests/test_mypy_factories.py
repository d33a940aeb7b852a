"""The mypy plugin (``servicehall.testing.mypy_factories``): ``XFactory(...)`` is its model.

mypy is run on a small module of factories, once with the plugin and once without: factory_boy's
own typing reads a factory's call as the factory class, the plugin as the model it makes.
"""

from __future__ import annotations

from pathlib import Path

from mypy import api

FACTORIES = """
from factory.base import Factory


class Thing:
    pass


class ThingFactory(Factory[Thing]):
    class Meta:
        model = Thing


class RedThingFactory(ThingFactory):
    colour = "red"


reveal_type(ThingFactory())
reveal_type(RedThingFactory(colour="blue"))
reveal_type(ThingFactory.create())
"""

# factory_boy's Django, SQLAlchemy and Mongo modules and the Django stubs are not read: only
# factory.base matters here, and reading Django's stubs took most of a cold run.
NOT_READ = (
    "django.*,factory.django,factory.alchemy,factory.mogo,factory.mongoengine,factory.faker,faker.*"
)


def revealed(tmp_path: Path, plugins: str) -> list[str]:
    """The types mypy reveals for the three calls above, in order."""
    (tmp_path / "things.py").write_text(FACTORIES)
    config = tmp_path / "mypy.ini"
    config.write_text(f"[mypy]\nplugins = {plugins}\n[mypy-{NOT_READ}]\nfollow_imports = skip\n")
    out, err, status = api.run(
        ["--no-incremental", "--config-file", str(config), str(tmp_path / "things.py")]
    )
    assert status == 0, out + err
    return [
        line.split("Revealed type is ")[1].strip('"')
        for line in out.splitlines()
        if "Revealed" in line
    ]


def test_a_factory_called_is_typed_as_the_model_it_makes(tmp_path: Path) -> None:
    assert revealed(tmp_path, "servicehall.testing.mypy_factories") == [
        "things.Thing",
        "things.Thing",  # a factory's subclass makes the same model
        "things.Thing",
    ]


def test_without_the_plugin_mypy_takes_the_call_for_the_factory_class(tmp_path: Path) -> None:
    # Why the plugin exists: factory_boy types create(), but not the call of the class.
    assert revealed(tmp_path, "") == [
        "things.ThingFactory",
        "things.RedThingFactory",
        "things.Thing",
    ]
