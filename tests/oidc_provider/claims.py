"""The claims of each person, given per scope the way ProConnect names them."""
from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator


class ProConnectLikeValidator(OAuth2Validator):
    oidc_claim_scope = {"sub": "openid", "email": "email", "given_name": "given_name", "usual_name": "usual_name",
                        "siret": "siret", "uid": "uid", "uai": "siret"}

    def get_additional_claims(self, request):
        person = next(p for p in settings.CONFIG["people"] if p["username"] == request.user.username)
        return {"uid": str(request.user.pk), **person["claims"]}
