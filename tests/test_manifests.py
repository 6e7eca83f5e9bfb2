"""Every Kubernetes manifest in the docs is a complete object that validates offline: core kinds
against the Kubernetes 1.37 schema, Gateway API and Istio kinds against the CRD schemas kept in the
repository (scripts/sitekit/schemas/)."""

from __future__ import annotations

import pytest

from conftest import ROOT, markdown_files
from check import manifest_problems
from sitekit.manifests import is_manifest, validate_block
from sitemodel import code_blocks


def manifest_blocks():
    """Each ```yaml manifest, with `where` (docs/page.md:LINE of the fence) and `path` set."""
    found = []
    for path in markdown_files():
        for b in code_blocks(path.read_text(encoding="utf-8")):
            if b.lang == "yaml" and is_manifest(b.text):
                b.path, b.where = path.relative_to(ROOT), f"{path.relative_to(ROOT)}:{b.line}"
                found.append(b)
    return found


def test_the_docs_show_manifests_of_every_family():
    text = "\n".join(b.text for b in manifest_blocks())
    for family in ("apiVersion: v1", "networking.k8s.io/v1", "gateway.networking.k8s.io/v1",
                   "gateway.networking.x-k8s.io", "networking.istio.io/v1"):
        assert family in text, f"no {family} manifest found: is the block parser broken?"


def test_every_manifest_validates_and_experimental_ones_say_so():
    problems = manifest_problems(ROOT)  # the checker `make check` runs (scripts/check.py)
    assert problems == [], "Fix these manifests (line = opening fence):\n" + "\n".join(problems)


SERVICE = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n"
STICKY_ROUTE = """apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: sticky
spec:
  rules:
  - backendRefs:
    - name: web
      port: 80
    sessionPersistence:
      sessionName: SERVERID
"""


@pytest.mark.parametrize("manifest, expected", [
    (SERVICE.replace("  ports:", "  sessionAffinty: ClientIP\n  ports:"), "'sessionAffinty' was unexpected"),
    (SERVICE.replace("metadata:\n  name: web\n", ""), "missing metadata"),
    (SERVICE.replace("port: 80", "port: eighty"), "spec.ports.0.port"),
    (STICKY_ROUTE, "'sessionPersistence' was unexpected"),  # standard channel has no such field
    ("# Gateway API experimental channel\n" + STICKY_ROUTE.replace("sessionName", "sesionName"), "sesionName"),
    (STICKY_ROUTE.replace("HTTPRoute", "HTTPRoutes"), "not served by the Gateway API"),
    ("apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: x\nspec:\n  hostz: [a]\n", "'hostz' was unexpected"),
    ("apiVersion: v1\nkind: Service\nmetadata: {name: [\n", "YAML does not parse"),
])
def test_a_broken_manifest_is_rejected(manifest, expected):
    problems = validate_block(manifest)
    assert any(expected in p for p in problems), problems


def test_the_experimental_comment_selects_the_experimental_channel():
    assert validate_block("# Gateway API v1.6 experimental channel\n" + STICKY_ROUTE) == []
