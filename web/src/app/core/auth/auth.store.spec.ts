import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';

import { NotificationService } from '../errors/notification.service';
import { authInterceptor } from './auth.interceptor';
import { AuthStore, ME_URL, REVOKE_URL, SESSION_FLAG_KEY, TOKEN_URL } from './auth.store';

const ME = { sub: 'u-1', email: 'ana@example.com', roles: ['ROLE_CLIENTE'], cliente_id: 'c-1' };

describe('AuthStore', () => {
  let httpMock: HttpTestingController;
  let auth: AuthStore;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: NotificationService, useValue: { info: vi.fn(), error: vi.fn() } },
      ],
    });
    httpMock = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthStore);
    vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
  });

  afterEach(() => httpMock.verify());

  it('logs in with a form-encoded password grant', () => {
    auth.login('ana@example.com', 'a+b&c=d').subscribe();

    const token = httpMock.expectOne(TOKEN_URL);
    expect(token.request.headers.get('Content-Type')).toBe('application/x-www-form-urlencoded');
    expect(new URLSearchParams(token.request.body).get('password')).toBe('a+b&c=d');
    expect(token.request.body).toContain('grant_type=password&client_id=web&username=ana%40example.com');
    token.flush({ access_token: 'abc', token_type: 'Bearer', expires_in: 900, refresh_token: 'r-1' });
    const me = httpMock.expectOne(ME_URL);
    expect(me.request.headers.get('Authorization')).toBe('Bearer abc');
    me.flush(ME);

    expect(auth.isLoggedIn()).toBe(true);
    expect(auth.clienteId()).toBe('c-1');
    expect(auth.homeUrl()).toBe('/pedidos');
  });

  it('keeps the refresh token out of storage', () => {
    auth.login('ana@example.com', 'secreto123').subscribe();
    httpMock.expectOne(TOKEN_URL).flush({ access_token: 'abc', token_type: 'Bearer', refresh_token: 'r-1' });
    httpMock.expectOne(ME_URL).flush(ME);

    expect(localStorage.length).toBe(1);
    expect(localStorage.getItem(SESSION_FLAG_KEY)).toBe('1');
    expect(sessionStorage.length).toBe(0);
    expect(document.cookie).not.toContain('r-1');
  });

  it('skips the start-up refresh without the session flag', async () => {
    await auth.restoreSession();

    httpMock.expectNone(TOKEN_URL);
    expect(auth.isLoggedIn()).toBe(false);
  });

  it('sets no session flag on a failed login', () => {
    auth.login('ana@example.com', 'incorrecta').subscribe({ error: () => undefined });
    httpMock.expectOne(TOKEN_URL).flush({ error: 'invalid_grant' }, { status: 400, statusText: 'Bad Request' });

    expect(localStorage.getItem(SESSION_FLAG_KEY)).toBeNull();
  });

  it('restores a session with the refresh cookie', async () => {
    localStorage.setItem(SESSION_FLAG_KEY, '1');
    const restored = auth.restoreSession();

    const refresh = httpMock.expectOne(TOKEN_URL);
    expect(refresh.request.body).toBe('grant_type=refresh_token&client_id=web');
    refresh.flush({ access_token: 'abc', token_type: 'Bearer', expires_in: 900 });
    httpMock.expectOne(ME_URL).flush(ME);
    await restored;

    expect(auth.isLoggedIn()).toBe(true);
  });

  it('starts signed out when no refresh cookie works', async () => {
    localStorage.setItem(SESSION_FLAG_KEY, '1');
    const restored = auth.restoreSession();

    httpMock
      .expectOne(TOKEN_URL)
      .flush({ error: 'invalid_grant', error_description: 'missing' }, { status: 400, statusText: 'Bad Request' });
    await restored;

    expect(auth.isLoggedIn()).toBe(false);
    expect(auth.accessToken()).toBeNull();
    expect(localStorage.getItem(SESSION_FLAG_KEY)).toBeNull();
  });

  it('keeps the session flag when the server is unreachable', async () => {
    localStorage.setItem(SESSION_FLAG_KEY, '1');
    const restored = auth.restoreSession();

    httpMock.expectOne(TOKEN_URL).error(new ProgressEvent('error'), { status: 0, statusText: 'Unknown Error' });
    await restored;

    expect(auth.isLoggedIn()).toBe(false);
    expect(localStorage.getItem(SESSION_FLAG_KEY)).toBe('1');
  });

  it('revokes the cookie on logout and clears the session', () => {
    auth.login('ana@example.com', 'secreto123').subscribe();
    httpMock.expectOne(TOKEN_URL).flush({ access_token: 'abc', token_type: 'Bearer' });
    httpMock.expectOne(ME_URL).flush(ME);

    auth.logout().subscribe();
    const revoke = httpMock.expectOne(REVOKE_URL);
    expect(revoke.request.body).toBe('client_id=web');
    expect(revoke.request.withCredentials).toBe(true);
    revoke.flush(null);

    expect(auth.isLoggedIn()).toBe(false);
    expect(localStorage.getItem(SESSION_FLAG_KEY)).toBeNull();
  });
});
