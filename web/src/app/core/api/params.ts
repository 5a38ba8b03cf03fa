import { HttpParams } from '@angular/common/http';

export type QueryValue = string | number | boolean | null | undefined;

/** Builds query parameters, leaving out empty values so the API applies its defaults. */
export function toParams(query: Record<string, QueryValue>): HttpParams {
  let params = new HttpParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === null || value === undefined || value === '') {
      continue;
    }
    params = params.set(name, String(value));
  }
  return params;
}
