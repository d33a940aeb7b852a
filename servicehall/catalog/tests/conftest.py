from servicehall.core.tests.personas import (  # noqa: F401  (pytest fixtures)
    center,
    center_admin,
    clerk,
    leader,
    police,
    police_liaison,
    water,
    water_liaison,
)
