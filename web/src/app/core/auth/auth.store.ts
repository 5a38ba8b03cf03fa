import { HttpClient, HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import { Observable, catchError, finalize, firstValueFrom, map, of, shareReplay, switchMap, tap, timeout } from 'rxjs';

import { Usuario } from '../api/models';
import { NotificationService } from '../errors/notification.service';
import { ROL_ADMIN, homeUrlFor } from './roles';

export const TOKEN_URL = '/oauth2/token';
export const REVOKE_URL = '/oauth2/revoke';
export const ME_URL = '/api/auth/me';
export const CLIENT_ID = 'web';

/** How long the silent refresh at start-up may take before the app starts logged out. */
const RESTORE_TIMEOUT_MS = 10_000;

/**
 * localStorage key of a flag saying that this browser signed in and has not signed out since.
 * It carries no secret: it only spares the start-up refresh request, and the 400 it would get,
 * when there is evidently no refresh cookie.
 */
export const SESSION_FLAG_KEY = 'sesion';

const FORM_HEADERS = new HttpHeaders({ 'Content-Type': 'application/x-www-form-urlencoded' });

interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
}

interface SessionState {
  accessToken: string | null;
  usuario: Usuario | null;
}

/**
 * Session of the signed-in user. The access token lives only in this signal. The refresh token
 * is an HttpOnly cookie (path /oauth2) that the browser sends to the token endpoint, so the
 * `refresh_token` field of token responses is ignored and never stored. localStorage holds only
 * the flag {@link SESSION_FLAG_KEY}.
 */
@Injectable({ providedIn: 'root' })
export class AuthStore {
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  private readonly notifications = inject(NotificationService);

  private readonly state = signal<SessionState>({ accessToken: null, usuario: null });
  private refreshInFlight: Observable<string> | null = null;

  readonly accessToken = computed(() => this.state().accessToken);
  readonly usuario = computed(() => this.state().usuario);
  readonly isLoggedIn = computed(() => this.state().accessToken !== null && this.state().usuario !== null);
  readonly roles = computed(() => this.state().usuario?.roles ?? []);
  readonly isAdmin = computed(() => this.roles().includes(ROL_ADMIN));
  readonly clienteId = computed(() => this.state().usuario?.cliente_id ?? null);
  readonly homeUrl = computed(() => homeUrlFor(this.roles()));

  /** Exchanges email and password for an access token, then loads the user's roles. */
  login(email: string, password: string): Observable<Usuario> {
    const form = { grant_type: 'password', client_id: CLIENT_ID, username: email, password };
    return this.requestToken(form).pipe(
      tap(() => writeSessionFlag(true)),
      switchMap(() => this.loadUsuario()),
    );
  }

  /**
   * Gets a new access token with the refresh cookie. Callers that arrive while a refresh is
   * running share it, so a burst of expired requests sends one token request.
   */
  refresh(): Observable<string> {
    if (this.refreshInFlight === null) {
      this.refreshInFlight = this.requestToken({ grant_type: 'refresh_token', client_id: CLIENT_ID }).pipe(
        finalize(() => (this.refreshInFlight = null)),
        shareReplay({ bufferSize: 1, refCount: false }),
      );
    }
    return this.refreshInFlight;
  }

  /**
   * Tries one silent refresh so a page reload keeps the user signed in, but only when this browser
   * signed in before and has not signed out. Resolves signed out on any failure. A rejected
   * refresh also drops the flag, while a network failure or time-out keeps it for the next load.
   */
  restoreSession(): Promise<void> {
    if (readSessionFlag() === false) {
      return Promise.resolve();
    }
    const restored = this.refresh().pipe(
      switchMap(() => this.loadUsuario()),
      timeout(RESTORE_TIMEOUT_MS),
      map(() => undefined),
      catchError((error: unknown) => {
        this.state.set({ accessToken: null, usuario: null });
        if (isRejection(error)) {
          writeSessionFlag(false);
        }
        return of(undefined);
      }),
    );
    return firstValueFrom(restored);
  }

  /** Revokes the refresh cookie on the server, clears the local session and opens the login page. */
  logout(): Observable<void> {
    const body = new URLSearchParams({ client_id: CLIENT_ID }).toString();
    return this.http.post(REVOKE_URL, body, { headers: FORM_HEADERS, withCredentials: true }).pipe(
      map(() => undefined),
      // The session ends locally even when the revoke request fails.
      catchError(() => of(undefined)),
      finalize(() => {
        this.clear();
        void this.router.navigateByUrl('/login');
      }),
    );
  }

  /** Ends a session the server no longer accepts and opens the login page, once per session. */
  expireSession(): void {
    if (this.state().accessToken === null) {
      return;
    }
    this.clear();
    const currentUrl = this.router.url;
    if (currentUrl.startsWith('/login')) {
      return;
    }
    this.notifications.info('Tu sesión ha caducado. Vuelve a iniciar sesión.');
    const queryParams = currentUrl === '/' ? {} : { returnUrl: currentUrl };
    void this.router.navigate(['/login'], { queryParams });
  }

  /** Forgets the session in this tab and the flag that makes the next page load try a refresh. */
  clear(): void {
    this.state.set({ accessToken: null, usuario: null });
    writeSessionFlag(false);
  }

  private loadUsuario(): Observable<Usuario> {
    return this.http.get<Usuario>(ME_URL).pipe(tap((usuario) => this.state.update((s) => ({ ...s, usuario }))));
  }

  private requestToken(form: Record<string, string>): Observable<string> {
    // URLSearchParams encodes '+' as %2B; HttpParams would leave it as '+', which servers read as a space.
    const body = new URLSearchParams(form).toString();
    return this.http.post<TokenResponse>(TOKEN_URL, body, { headers: FORM_HEADERS, withCredentials: true }).pipe(
      map((response) => response.access_token),
      tap((accessToken) => this.state.update((s) => ({ ...s, accessToken }))),
    );
  }
}

/** Tells whether the server rejected the request (4xx), as opposed to being unreachable or failing. */
function isRejection(error: unknown): boolean {
  return error instanceof HttpErrorResponse && error.status >= 400 && error.status < 500;
}

/** Returns the session flag, or null when storage cannot be read (then the refresh is tried). */
function readSessionFlag(): boolean | null {
  try {
    return localStorage.getItem(SESSION_FLAG_KEY) === '1';
  } catch {
    return null;
  }
}

function writeSessionFlag(present: boolean): void {
  try {
    if (present) {
      localStorage.setItem(SESSION_FLAG_KEY, '1');
    } else {
      localStorage.removeItem(SESSION_FLAG_KEY);
    }
  } catch {
    // Storage disabled: every page load then tries the refresh, as without the flag.
  }
}
