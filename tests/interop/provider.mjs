// A certified OpenID provider (npm's oidc-provider, https://github.com/panva/node-oidc-provider)
// on 127.0.0.1 for the interop tests: `node provider.mjs CLIENTS_JSON KEY_DIR`.
// Listens on an ephemeral port and prints it as one JSON line ({"port": N}) on stdout, then
// serves until stdin closes (the test's end, even when it dies) or SIGTERM.
// The clients come from clients.json; their public keys from the PEM files in KEY_DIR.
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';

import Provider, { errors } from 'oidc-provider';

const [clientsFile, keyDir] = process.argv.slice(2);
const spec = JSON.parse(readFileSync(clientsFile, 'utf8'));

function publicJwk(entry) {
  const jwk = createPublicKey(readFileSync(join(keyDir, entry.key))).export({ format: 'jwk' });
  return { ...jwk, kid: entry.kid, use: 'sig', alg: entry.alg };
}

function clientMetadata(id, entry) {
  const metadata = {
    client_id: id,
    grant_types: entry.grants,
    // Revocation and introspection authenticate the client the same way.
    token_endpoint_auth_method: entry.auth,
    response_types: entry.grants.includes('authorization_code') ? ['code'] : [],
    redirect_uris: entry.redirect_uris ?? [],
  };
  if (entry.secret) metadata.client_secret = entry.secret;
  if (entry.alg) metadata.token_endpoint_auth_signing_alg = entry.alg;
  if (entry.key) metadata.jwks = { keys: [publicJwk(entry)] };
  // RFC 8252 §7.3: a native app's loopback redirect may use any port.
  if (entry.redirect_uris) metadata.application_type = 'native';
  return metadata;
}

const configuration = {
  clients: Object.entries(spec.clients).map(([id, entry]) => clientMetadata(id, entry)),
  cookies: { keys: ['interop-tests-only'] }, // signs the interaction cookies
  scopes: ['openid', 'offline_access', ...spec.resource_scope.split(' ')],
  findAccount: (ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
  // The authorization endpoint drops offline_access without prompt=consent (OIDC Core §11);
  // the clients that may refresh get a refresh token anyway, as many deployments configure.
  issueRefreshToken: (ctx, client) => client.grantTypeAllowed('refresh_token'),
  // Every authorization request must carry an S256 code challenge (RFC 7636).
  pkce: { methods: ['S256'], required: () => true },
  features: {
    devInteractions: { enabled: true }, // the sign-in and consent pages the scripted browser fills
    clientCredentials: { enabled: true },
    deviceFlow: { enabled: true },
    introspection: { enabled: true },
    revocation: { enabled: true },
    // Client-credentials tokens are for one API (RFC 8707): opaque, so that they can be
    // introspected and revoked; tokens of a sign-in stay for userinfo.
    resourceIndicators: {
      enabled: true,
      defaultResource: (ctx) => (ctx.oidc.params.grant_type === 'client_credentials'
        ? spec.resource : undefined),
      useGrantedResource: () => false,
      getResourceServerInfo: (ctx, indicator) => {
        if (indicator !== spec.resource) throw new errors.InvalidTarget();
        return {
          scope: spec.resource_scope, audience: spec.resource, accessTokenFormat: 'opaque',
        };
      },
    },
  },
};

const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  const provider = new Provider(`http://127.0.0.1:${port}`, configuration);
  server.on('request', provider.callback());
  process.stdout.write(`${JSON.stringify({ port })}\n`);
});

process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
