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
    expect(describeCode('email_conflict', { detail: 'Sign in with Acme SSO.' }).detail).toBe('Sign in with Acme SSO.');
    expect(describeCode('token_rejected', { detail: 'Some server wording.' }).detail).toBe('The provider’s answer could not be verified. Sign in again.');
  });
});
