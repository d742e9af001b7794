import { SECRET_LOOKING } from './secret-names';

describe('SECRET_LOOKING: one rule for every place that asks', () => {
  it.each(['GH_TOKEN', 'NPM_TOKEN_FILE', 'SSH_PRIVATE_KEY', 'DB_PASSWORD', 'passwd', 'API_KEY', 'APIKEY', 'AWS_CREDENTIALS', 'GH_PAT', 'PAT', 'client_secret'])(
    '%s looks like a credential',
    (name) => {
      expect(SECRET_LOOKING.test(name)).toBe(true);
    },
  );
  it.each(['COMPAT', 'VERSION', 'GOFLAGS', 'PATH', 'BASE_IMAGE', 'KEYBOARD'])('%s does not', (name) => {
    expect(SECRET_LOOKING.test(name)).toBe(false);
  });
});
