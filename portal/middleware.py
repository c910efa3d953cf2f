from django.conf import settings


class AdminContentSecurityPolicyMiddleware:
    """Give the Wagtail admin its relaxed policy (it needs inline scripts).

    Listed after Django's ContentSecurityPolicyMiddleware so that its response
    phase runs first and the CSP middleware then builds the header from it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(("/admin/", "/django-admin/")):
            response._csp_config = settings.PORTAL_ADMIN_CSP
        return response
