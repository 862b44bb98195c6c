import openApi from '../../../docs/openapi.json';
import { describeCode, errorCodes, toErrorCode } from './errorMessages';

describe('error messages', () => {
  it('has a message for exactly the codes the backend’s OpenAPI document declares', () => {
    const declared = openApi.components.schemas.ProblemDetails.properties.code.enum;

    expect([...errorCodes].sort()).toEqual([...declared].sort());
    for (const code of declared) {
      expect(describeCode(toErrorCode(code)).title, code).not.toBe('');
    }
  });

  it('reads an unknown or missing code as unexpected', () => {
    expect(toErrorCode('something_new')).toBe('unexpected');
    expect(toErrorCode(undefined)).toBe('unexpected');
    expect(toErrorCode('__proto__')).toBe('unexpected');
  });

  it('shows the server’s detail only where it says more than the page can', () => {
    expect(describeCode('login_in_use', { detail: 'It signs in to another account here, with Acme SSO.' }).detail).toBe(
      'It signs in to another account here, with Acme SSO.',
    );
    expect(describeCode('token_rejected', { detail: 'Some server wording.' }).detail).toBe('The provider’s answer couldn’t be verified. Sign in again.');
  });

  it('words an email conflict alike on every route, from the code and the provider it names', () => {
    // The server's detail (the ID-token route has one, the redirect's address none) does not change the words.
    expect(describeCode('email_conflict', { detail: 'Other words.', signInWith: 'Google' }).detail).toBe(
      'This email address belongs to an account that signs in with Google. Sign in with Google, then add this sign-in method from your account page.',
    );
    expect(describeCode('email_conflict', { detail: 'Other words.' }).detail).toBe(
      'This email address belongs to another account here. Sign in the way you signed in before.',
    );
  });

  it('tells a cancelled sign-in as news, not as a fault', () => {
    expect(describeCode('access_denied')).toMatchObject({ title: 'Sign-in was cancelled', neutral: true });
    expect(describeCode('token_rejected')).not.toHaveProperty('neutral');
  });
});
