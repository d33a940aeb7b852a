"""The federation's API: a child pushes its signed bundle (``POST /api/federation/bundles/``)
with a token of a login of its own center; the parent reads its children's freshness."""

from __future__ import annotations

from django.conf import settings
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from servicehall.core.context import acting_as
from servicehall.core.permissions import VIEW
from servicehall.federation.bundle import BundleError
from servicehall.federation.models import ReceivedBundle
from servicehall.federation.services import freshness, import_bundle
from servicehall.org.models import Center


class BundlesView(APIView):
    """联网报送: a federated child's signed bundle of daily rollups and published issues; the
    token's login must be a center admin of the bundle's center or a center above it."""

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        responses={200: OpenApiTypes.OBJECT},
        operation_id="federation_push",
    )
    def post(self, request: Request) -> Response:
        user = request.user
        if not getattr(user, "is_center_admin", False):
            return Response({"detail": "只有中心管理员账号的令牌可以报送数据包"}, status=403)
        limit = settings.SERVICEHALL_MAX_REQUEST_MB * 1024 * 1024
        stream = request.stream
        data = stream.read(limit + 1) if stream is not None else b""
        if not data:
            return Response({"detail": "请求中没有数据包"}, status=400)
        if len(data) > limit:
            return Response(
                {"detail": f"数据包超过 {settings.SERVICEHALL_MAX_REQUEST_MB} MB"}, status=413
            )
        with acting_as(user, source="api"):
            try:
                result = import_bundle(data, user=user, via=ReceivedBundle.Via.API)
            except BundleError as exc:
                return Response({"detail": str(exc)}, status=exc.status)
        return Response(result.as_dict(), status=200)


class ChildrenView(APIView):
    """联网下级报送时效: each federated child of the reader's subtree, its last pushed day,
    last push and stale marker."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="federation_children")
    def get(self, request: Request) -> Response:
        rows = freshness(Center.objects.for_user(request.user, VIEW))
        return Response({"children": [row.as_dict() for row in rows]})


urlpatterns = [
    path("federation/bundles/", BundlesView.as_view(), name="api-federation-bundles"),
    path("federation/children/", ChildrenView.as_view(), name="api-federation-children"),
]
