import { HttpTestingController } from '@angular/common/http/testing';

import { Rol } from '../app/core/api/models';
import { AuthStore, ME_URL, TOKEN_URL } from '../app/core/auth/auth.store';

/** Signs a user in through the real AuthStore, flushing its token and /me requests. */
export function signIn(auth: AuthStore, httpMock: HttpTestingController, roles: Rol[], token = 'token-1'): void {
  auth.login('ana@example.com', 'secreto+123').subscribe();
  httpMock.expectOne(TOKEN_URL).flush({ access_token: token, token_type: 'Bearer', expires_in: 900 });
  httpMock.expectOne(ME_URL).flush({
    sub: 'u-1',
    email: 'ana@example.com',
    roles,
    cliente_id: roles.includes('ROLE_CLIENTE') ? 'c-1' : null,
  });
}

/** A 401 problem+json body as the API sends it. */
export const UNAUTHORIZED = { type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'Token expired' };
