# workerd config for running the edge worker locally: a template, filled in by `cargo xtask demo`
# (into .assent-local/config.capnp) and by tests/js/edge.mjs (into a temp dir). The filled file
# lives in its state dir beside keys.private.json, and names the rest relative to itself:
#   {{ROOT}}   the repository root, relative to the state dir (embed paths must be relative)
#   {{SITE}}   the absolute path of www/site, served by a read-only disk service
#   {{STATE}}  the absolute path of the state dir; Durable Object storage is {{STATE}}/do
#   {{POLICY_VERSION}}  the published policy version in force (policies/releases/); empty: the seed
#   {{LOG_SHARDS}}  how many shards the receipt log has (1 for the demo; the tests use several)
# Deploying to Cloudflare uses wrangler.toml instead; the two declare the same bindings.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "assent-edge", worker = .edgeWorker),
    (name = "site", disk = (path = "{{SITE}}", writable = false)),
    (name = "log-storage", disk = (path = "{{STATE}}/do", writable = true)),
  ],
  sockets = [(name = "http", address = "127.0.0.1:8787", http = (), service = "assent-edge")],
);

const edgeWorker :Workerd.Worker = (
  # Module names are resolved like paths, bare ones too: www/worker.js imports ../policies/seed.json
  # (wrangler bundles the same relative import) and "assent", which is therefore www/assent here;
  # the package entry imports ./assent_signing.js and its .wasm module beside it.
  modules = [
    (name = "www/worker.js", esModule = embed "{{ROOT}}/www/worker.js"),
    (name = "www/edge.js", esModule = embed "{{ROOT}}/www/edge.js"),
    (name = "www/consent-log.js", esModule = embed "{{ROOT}}/www/consent-log.js"),
    (name = "www/log-api.js", esModule = embed "{{ROOT}}/www/log-api.js"),
    (name = "www/log-head.js", esModule = embed "{{ROOT}}/www/log-head.js"),
    (name = "www/log-shards.js", esModule = embed "{{ROOT}}/www/log-shards.js"),
    (name = "www/signatures.js", esModule = embed "{{ROOT}}/www/signatures.js"),
    (name = "www/guardian.js", esModule = embed "{{ROOT}}/www/guardian.js"),
    (name = "www/guardian-requests.js", esModule = embed "{{ROOT}}/www/guardian-requests.js"),
    (name = "www/policies.js", esModule = embed "{{ROOT}}/www/policies.js"),
    (name = "www/html-page.js", esModule = embed "{{ROOT}}/www/html-page.js"),
    (name = "www/http.js", esModule = embed "{{ROOT}}/www/http.js"),
    (name = "www/visitor.js", esModule = embed "{{ROOT}}/www/visitor.js"),
    (name = "www/events.js", esModule = embed "{{ROOT}}/www/events.js"),
    (name = "policies/seed.json", json = embed "{{ROOT}}/policies/seed.json"),
    (name = "policies/versions/seed-1.1.0.json", json = embed "{{ROOT}}/policies/versions/seed-1.1.0.json"),
    (name = "policies/releases/1.1.1.json", json = embed "{{ROOT}}/policies/releases/1.1.1.json"),
    (name = "policies/releases/2.0.0.json", json = embed "{{ROOT}}/policies/releases/2.0.0.json"),
    (name = "www/assent", esModule = embed "{{ROOT}}/pkg/workerd.js"),
    (name = "www/assent_signing.js", esModule = embed "{{ROOT}}/pkg/assent_signing.js"),
    (name = "www/assent_signing_bg.wasm", wasm = embed "{{ROOT}}/pkg/assent_signing_bg.wasm"),
  ],
  compatibilityDate = "2025-01-01",
  bindings = [
    # The private key set: a secret on Cloudflare; here the file cargo xtask demo generated.
    (name = "SIGNING_KEYS", text = embed "keys.private.json"),
    # The auditor's bearer token for GET /v1/log/entries: a secret on Cloudflare; here a file
    # generated beside the key (never committed).
    (name = "AUDITOR_TOKEN", text = embed "auditor.token"),
    (name = "ASSETS", service = "site"),
    # The receipt log: LOG_SHARDS shards (ConsentLog objects shard-0, shard-1, ...), a subject on
    # the shard a keyed hash under LOG_SHARD_KEY picks (a secret on Cloudflare; here a generated
    # file, never committed), and the head over all shards.
    (name = "CONSENT_LOG", durableObjectNamespace = "ConsentLog"),
    (name = "LOG_HEAD", durableObjectNamespace = "LogHead"),
    (name = "LOG_SHARDS", text = "{{LOG_SHARDS}}"),
    (name = "LOG_SHARD_KEY", text = embed "shard.key"),
    (name = "LOG_ORIGIN", text = "127.0.0.1:8787/consent-log"),
    (name = "DEFAULT_JURISDICTION", text = "CN"),
    # The policy version in force; publishing a new one is changing this (POLICY_VERSION in wrangler.toml).
    (name = "POLICY_VERSION", text = "{{POLICY_VERSION}}"),
    (name = "GUARDIAN_REQUESTS", durableObjectNamespace = "GuardianRequests"),
    # Local runs only (never in wrangler.toml): the outbox at /dev/outbox, the development card
    # verifier, and the X-Assent-Dev-Now clock for tests.
    (name = "DEV_MODE", text = "1"),
  ],
  durableObjectNamespaces = [
    (className = "ConsentLog", uniqueKey = "assent-consent-log", enableSql = true),
    (className = "LogHead", uniqueKey = "assent-log-head", enableSql = true),
    (className = "GuardianRequests", uniqueKey = "assent-guardian-requests", enableSql = true),
  ],
  durableObjectStorage = (localDisk = "log-storage"),
);
