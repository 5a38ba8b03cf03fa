import { Injectable, computed, inject, signal } from '@angular/core';
import { Observable, catchError, finalize, map, of, switchMap } from 'rxjs';

import { ClientesApi } from '../../core/api/clientes-api';
import { NuevoCliente } from '../../core/api/models';
import { AuthStore } from '../../core/auth/auth.store';

/** `sin-sesion`: the account exists but the automatic login after it failed. */
export type ResultadoRegistro = 'con-sesion' | 'sin-sesion';

/** Sign-up: creates the customer with its login, then signs in with the same credentials. */
@Injectable()
export class RegistroService {
  private readonly clientesApi = inject(ClientesApi);
  private readonly auth = inject(AuthStore);

  private readonly state = signal({ enviando: false });
  readonly enviando = computed(() => this.state().enviando);

  /** Fails only when the account could not be created. */
  register(datos: NuevoCliente): Observable<ResultadoRegistro> {
    this.state.set({ enviando: true });
    return this.clientesApi.register(datos).pipe(
      switchMap(() =>
        this.auth.login(datos.email, datos.password).pipe(
          map((): ResultadoRegistro => 'con-sesion'),
          catchError(() => of<ResultadoRegistro>('sin-sesion')),
        ),
      ),
      finalize(() => this.state.set({ enviando: false })),
    );
  }
}
