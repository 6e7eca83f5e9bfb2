"""Validate the Kubernetes manifests shown in the docs, offline.

- Core kinds: `kubernetes-validate` against the Kubernetes 1.37 OpenAPI schema, strict (unknown
  fields are errors).
- Gateway API kinds: the v1.6.1 CRD schemas in schemas/gateway-api-v1.6.1/ beside this file. A block
  is checked against the experimental channel only if its first comment says "experimental" (so the
  text has to say it too); otherwise against the standard channel.
- Istio kinds: the istio/api CRD schemas in schemas/istio/ beside this file.
The schemas are kept in the repository (only the kinds the docs show; schemas/README.md says where they
come from and how to add one), so the checks need nothing outside the clone.
CRD schemas are made strict here (additionalProperties: false wherever the schema lists properties
and does not preserve unknown fields), which is what the API server's pruning would silently do.
CEL rules (x-kubernetes-validations) are not evaluated.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path

import jsonschema
import kubernetes_validate
import yaml

from sitekit.build import ROOT
from sitemodel import GATEWAY_API_VERSION, KUBERNETES_VERSION as SITE_KUBERNETES

SCHEMAS = Path(__file__).resolve().parent / "schemas"
KUBERNETES_VERSION = SITE_KUBERNETES.removeprefix("v") + ".0"  # "v1.37" -> "1.37.0"
GATEWAY_API = f"gateway-api-{GATEWAY_API_VERSION}"  # the folder in SCHEMAS
GATEWAY_GROUPS = ("gateway.networking.k8s.io", "gateway.networking.x-k8s.io")
ISTIO_GROUP = "networking.istio.io"
# Configuration files read by a component, not objects served by the API server.
NOT_API_OBJECTS = {"KubeProxyConfiguration"}


def strict(schema: dict) -> dict:
    schema = copy.deepcopy(schema)

    def walk(node):
        if isinstance(node, dict):
            if "properties" in node and not node.get("x-kubernetes-preserve-unknown-fields"):
                node.setdefault("additionalProperties", False)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    # Some CRD schemas (Istio's) describe only spec and status; every object has these too.
    schema.setdefault("properties", {}).update({
        "apiVersion": {"type": "string"}, "kind": {"type": "string"}, "metadata": {"type": "object"},
    })
    return schema


@functools.cache
def crd_schemas(folder: Path) -> dict[tuple[str, str, str], dict]:
    """(group, version, kind) -> strict schema, for every CRD file in a folder."""
    if not folder.is_dir():
        raise FileNotFoundError(f"CRD schemas not found at {folder}; they belong in the repository (see {SCHEMAS}/README.md)")
    found = {}
    for path in sorted(folder.glob("*.yaml")):
        for crd in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if not crd or crd.get("kind") != "CustomResourceDefinition":
                continue
            spec = crd["spec"]
            for version in spec["versions"]:
                schema = version.get("schema", {}).get("openAPIV3Schema")
                if schema:
                    found[(spec["group"], version["name"], spec["names"]["kind"])] = strict(schema)
    return found


def schema_folder(group: str, experimental: bool) -> Path:
    if group == ISTIO_GROUP:
        return SCHEMAS / "istio"
    channel = "experimental" if experimental else "standard"
    return SCHEMAS / GATEWAY_API / channel


def validate_object(obj: dict, experimental: bool = False) -> list[str]:
    """Problems with one manifest object; an empty list means it is valid."""
    if not isinstance(obj, dict):
        return ["not a mapping"]
    if obj.get("kind") in NOT_API_OBJECTS:
        return []
    missing = [f for f in ("apiVersion", "kind", "metadata") if f not in obj]
    if missing:
        return [f"incomplete object: missing {', '.join(missing)}"]
    kind, api_version = obj["kind"], obj["apiVersion"]
    if "name" not in (obj.get("metadata") or {}):
        return ["incomplete object: metadata.name missing"]
    group, _, version = api_version.rpartition("/")
    if group in GATEWAY_GROUPS or group == ISTIO_GROUP:
        schema = crd_schemas(schema_folder(group, experimental)).get((group, version, kind))
        if schema is None:
            channel = "experimental" if experimental else "standard"
            where = "Istio" if group == ISTIO_GROUP else f"Gateway API {GATEWAY_API_VERSION} {channel} channel"
            return [f"{api_version} {kind} is not served by the {where} CRDs kept in "
                    f"{SCHEMAS.relative_to(ROOT)} (a new kind's upstream CRD may need adding: see its README.md)"]
        validator = jsonschema.Draft7Validator(schema)
        return [f"{'.'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
                for e in sorted(validator.iter_errors(obj), key=lambda e: list(map(str, e.path)))]
    try:
        kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)
    except kubernetes_validate.ValidationError as error:
        path = ".".join(map(str, error.path)) or "(root)"
        return [f"{path}: {error.message}"]
    except kubernetes_validate.SchemaNotFoundError:
        return [f"{api_version} {kind} is not a Kubernetes {KUBERNETES_VERSION} kind"]
    return []


def is_manifest(text: str) -> bool:
    return "apiVersion:" in text and "kind:" in text


def validate_block(text: str) -> list[str]:
    """Problems in a YAML code block that holds one or more manifests."""
    experimental = text.lstrip().startswith("#") and "experimental" in text.lstrip().splitlines()[0].lower()
    try:
        documents = [d for d in yaml.safe_load_all(text) if d is not None]
    except yaml.YAMLError as error:
        return [f"YAML does not parse: {error}"]
    problems = []
    for number, document in enumerate(documents, start=1):
        label = f"document {number} ({document.get('kind', '?')})" if isinstance(document, dict) else f"document {number}"
        problems += [f"{label}: {p}" for p in validate_object(document, experimental)]
    return problems
