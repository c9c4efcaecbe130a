import {
  provisioningTemplatePath,
  userFromNamespace,
} from './provisioningTemplate';

describe('provisioning template link', () => {
  it('derives the user from the SockShop namespace', () => {
    expect(userFromNamespace('user2-sockshop')).toBe('user2');
    expect(userFromNamespace('team-a-sockshop')).toBe('team-a');
    expect(userFromNamespace('sockshop')).toBeUndefined();
    expect(userFromNamespace('user2-shop')).toBeUndefined();
  });

  it('pre-fills the form with the user', () => {
    const url = new URL(
      provisioningTemplatePath('user7-sockshop'),
      'http://app',
    );
    expect(url.pathname).toBe(
      '/create/templates/default/sockshop-service-mesh',
    );
    expect(JSON.parse(url.searchParams.get('formData')!)).toEqual({
      userId: 'user7',
    });
  });

  it('links to the empty form when no user can be derived', () => {
    expect(provisioningTemplatePath('payments')).toBe(
      '/create/templates/default/sockshop-service-mesh',
    );
  });
});
