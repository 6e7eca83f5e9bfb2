"""The releases every statement on the site is true for (docs/index.md says so in prose; the cheat
sheets print it; the manifest check validates against these schemas). Change them together with the
pages and scripts/sitekit/schemas/."""

KUBERNETES_VERSION = "v1.37"
GATEWAY_API_VERSION = "v1.6.1"
BASELINE = f"Kubernetes {KUBERNETES_VERSION} and Gateway API {GATEWAY_API_VERSION}"
