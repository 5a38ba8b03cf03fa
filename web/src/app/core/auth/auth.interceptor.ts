import { HttpErrorResponse, HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, of, switchMap, throwError } from 'rxjs';

import { AuthStore } from './auth.store';

function isApiRequest(url: string): boolean {
  return url.startsWith('/api/');
}

function withBearer<T>(request: HttpRequest<T>, token: string | null): HttpRequest<T> {
  return token ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : request;
}

function isUnauthorized(error: unknown): boolean {
  return error instanceof HttpErrorResponse && error.status === 401;
}

function expireOnUnauthorized(auth: AuthStore) {
  return (retryError: unknown) => {
    if (isUnauthorized(retryError)) {
      auth.expireSession();
    }
    return throwError(() => retryError);
  };
}

/**
 * Adds the access token to API requests. On a 401 it refreshes the token once (requests that
 * fail meanwhile share that refresh) and retries the request once. When the refresh or the
 * retry fails with 401 the session ends and the user goes to /login. Requests to /oauth2 pass
 * through untouched, so a failing refresh cannot trigger another refresh.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  if (!isApiRequest(request.url)) {
    return next(request);
  }
  const auth = inject(AuthStore);
  const sentToken = auth.accessToken();

  return next(withBearer(request, sentToken)).pipe(
    catchError((error: unknown) => {
      if (!isUnauthorized(error)) {
        return throwError(() => error);
      }
      // Another request may already have refreshed the token since this one was sent.
      const current = auth.accessToken();
      const token$ = current !== null && current !== sentToken ? of(current) : auth.refresh();
      return token$.pipe(
        catchError(() => {
          auth.expireSession();
          return throwError(() => error);
        }),
        switchMap((token) => next(withBearer(request, token)).pipe(catchError(expireOnUnauthorized(auth)))),
      );
    }),
  );
};
