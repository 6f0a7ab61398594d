// An OpenID provider DVC did not write (the `oidc-provider` package from
// npm, certified by the OpenID Foundation), for the journey that signs in
// against it (tests/vneid.spec.ts): DVC must work with any
// standards-compliant provider, not only its own sandbox.
//
// Its login page is the package's own development page (any name, any
// password); the person is the name typed, their claims below. As the
// standard says for the code flow, the profile claims come from the
// userinfo endpoint, not in the ID token.
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT ?? 3103);
const portal = process.env.DVC_URL ?? 'http://127.0.0.1:3102';

/** The people this provider knows, by their personal ID number. */
const people = {
  '079190008888': { name: 'Đỗ Thị Mai', birthdate: '1990-08-08', phone_number: '0903000333' },
};

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{
    client_id: 'dvc-e2e',
    client_secret: 'dvc-e2e-secret-not-for-production',
    redirect_uris: [`${portal}/login/vneid/callback`],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  pkce: { required: () => true },
  scopes: ['openid', 'profile'],
  claims: { openid: ['sub'], profile: ['name', 'birthdate', 'phone_number', 'SoDinhDanh'] },
  acrValues: ['LoA1', 'LoA2'],
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['dvc-e2e-provider-cookies'] },
  async findAccount(_ctx, id) {
    return { accountId: id, async claims() { return { sub: id, SoDinhDanh: id, ...(people[id] ?? { name: 'Người thử' }) }; } };
  },
});
provider.listen(port, '127.0.0.1', () => console.log(`OpenID provider on http://127.0.0.1:${port}`));
