import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, of } from 'rxjs';

import { Tracking, TrackingLote } from './models';

/** The API accepts at most this many numbers in one batch lookup. */
export const MAX_NUMEROS_POR_CONSULTA = 100;

/** HTTP calls to tracking-service, the Redis read model of order status. */
@Injectable({ providedIn: 'root' })
export class TrackingApi {
  private readonly http = inject(HttpClient);

  get(numero: string): Observable<Tracking> {
    return this.http.get<Tracking>(`/api/tracking/${encodeURIComponent(numero)}`);
  }

  getMany(numeros: readonly string[]): Observable<TrackingLote> {
    if (numeros.length === 0) {
      return of({ items: [], faltantes: [] });
    }
    const lote = numeros.slice(0, MAX_NUMEROS_POR_CONSULTA).join(',');
    return this.http.get<TrackingLote>('/api/tracking', { params: { numeros: lote } });
  }
}
