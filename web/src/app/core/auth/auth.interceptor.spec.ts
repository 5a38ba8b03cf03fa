import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';

import { UNAUTHORIZED, signIn } from '../../../testing/sign-in';
import { NotificationService } from '../errors/notification.service';
import { authInterceptor } from './auth.interceptor';
import { AuthStore, TOKEN_URL } from './auth.store';

describe('authInterceptor', () => {
  let http: HttpClient;
  let httpMock: HttpTestingController;
  let auth: AuthStore;
  let navigate: ReturnType<typeof vi.spyOn>;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: NotificationService, useValue: { info: vi.fn(), error: vi.fn() } },
      ],
    });
    http = TestBed.inject(HttpClient);
    httpMock = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthStore);
    navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    signIn(auth, httpMock, ['ROLE_CLIENTE'], 'old-token');
  });

  afterEach(() => httpMock.verify());

  function apiRequests() {
    return httpMock.match((request) => request.url.startsWith('/api/'));
  }

  it('adds the bearer token to API requests', () => {
    http.get('/api/pedidos').subscribe();

    const request = httpMock.expectOne('/api/pedidos');
    expect(request.request.headers.get('Authorization')).toBe('Bearer old-token');
    request.flush({ items: [], page: 1, size: 20, total: 0 });
  });

  it('sends no bearer token to the token endpoint', () => {
    http.post(TOKEN_URL, 'grant_type=refresh_token&client_id=web').subscribe({ error: () => undefined });

    const request = httpMock.expectOne(TOKEN_URL);
    expect(request.request.headers.has('Authorization')).toBe(false);
    request.flush({ error: 'invalid_grant' }, { status: 400, statusText: 'Bad Request' });
  });

  it('refreshes once for parallel 401s and retries each', () => {
    const answers: unknown[] = [];
    for (const url of ['/api/pedidos', '/api/clientes/me', '/api/tracking/PED-1']) {
      http.get(url).subscribe((body) => answers.push(body));
    }
    const first = apiRequests();
    expect(first).toHaveLength(3);
    for (const request of first) {
      request.flush(UNAUTHORIZED, { status: 401, statusText: 'Unauthorized' });
    }

    const refresh = httpMock.expectOne(TOKEN_URL);
    expect(refresh.request.body).toBe('grant_type=refresh_token&client_id=web');
    expect(refresh.request.withCredentials).toBe(true);
    refresh.flush({ access_token: 'new-token', token_type: 'Bearer', expires_in: 900, refresh_token: 'ignored' });

    const retries = apiRequests();
    expect(retries).toHaveLength(3);
    for (const retry of retries) {
      expect(retry.request.headers.get('Authorization')).toBe('Bearer new-token');
      retry.flush({ ok: true });
    }
    expect(answers).toHaveLength(3);
    expect(auth.accessToken()).toBe('new-token');
    expect(navigate).not.toHaveBeenCalled();
  });

  it('retries a late 401 with the already refreshed token', () => {
    http.get('/api/pedidos').subscribe();
    http.get('/api/clientes/me').subscribe();
    const [early, late] = apiRequests();
    early.flush(UNAUTHORIZED, { status: 401, statusText: 'Unauthorized' });
    httpMock.expectOne(TOKEN_URL).flush({ access_token: 'new-token', token_type: 'Bearer', expires_in: 900 });
    httpMock.expectOne('/api/pedidos').flush({});

    late.flush(UNAUTHORIZED, { status: 401, statusText: 'Unauthorized' });

    httpMock.expectNone(TOKEN_URL);
    const retry = httpMock.expectOne('/api/clientes/me');
    expect(retry.request.headers.get('Authorization')).toBe('Bearer new-token');
    retry.flush({});
  });

  it('ends the session once when the refresh fails', () => {
    const errors: number[] = [];
    for (const url of ['/api/pedidos', '/api/clientes/me']) {
      http.get(url).subscribe({ error: (error) => errors.push(error.status) });
    }
    for (const request of apiRequests()) {
      request.flush(UNAUTHORIZED, { status: 401, statusText: 'Unauthorized' });
    }

    httpMock
      .expectOne(TOKEN_URL)
      .flush({ error: 'invalid_grant', error_description: 'expired' }, { status: 400, statusText: 'Bad Request' });

    expect(errors).toEqual([401, 401]);
    expect(apiRequests()).toHaveLength(0);
    httpMock.expectNone(TOKEN_URL);
    expect(auth.isLoggedIn()).toBe(false);
    expect(navigate).toHaveBeenCalledTimes(1);
    expect(navigate).toHaveBeenCalledWith(['/login'], { queryParams: {} });
  });

  it('ends the session when the retry is rejected too', () => {
    let status = 0;
    http.get('/api/pedidos').subscribe({ error: (error) => (status = error.status) });
    httpMock.expectOne('/api/pedidos').flush(UNAUTHORIZED, { status: 401, statusText: 'Unauthorized' });
    httpMock.expectOne(TOKEN_URL).flush({ access_token: 'new-token', token_type: 'Bearer', expires_in: 900 });

    httpMock.expectOne('/api/pedidos').flush(UNAUTHORIZED, { status: 401, statusText: 'Unauthorized' });

    expect(status).toBe(401);
    httpMock.expectNone(TOKEN_URL);
    expect(auth.isLoggedIn()).toBe(false);
    expect(navigate).toHaveBeenCalledTimes(1);
  });

  it('passes other errors through without refreshing', () => {
    let status = 0;
    http.get('/api/pedidos').subscribe({ error: (error) => (status = error.status) });

    httpMock.expectOne('/api/pedidos').flush({ status: 503 }, { status: 503, statusText: 'Service Unavailable' });

    expect(status).toBe(503);
    httpMock.expectNone(TOKEN_URL);
    expect(auth.isLoggedIn()).toBe(true);
  });
});
