import { HttpErrorResponse } from '@angular/common/http';
import { FormControl, FormGroup } from '@angular/forms';

import { applyFieldErrors, controlErrorText, toApiError } from './api-error';

function httpError(status: number, error: unknown = null): HttpErrorResponse {
  return new HttpErrorResponse({ status, error, url: '/api/x' });
}

describe('toApiError', () => {
  it('reads the field errors of a problem+json body', () => {
    const body = {
      type: 'about:blank',
      title: 'Unprocessable Content',
      status: 422,
      detail: 'Invalid fields',
      errors: [{ field: 'body.email', message: 'value is not a valid email address' }],
    };

    const apiError = toApiError(httpError(422, body));

    expect(apiError.status).toBe(422);
    expect(apiError.message).toBe('Revisa los campos marcados.');
    expect(apiError.fieldErrors).toEqual([{ field: 'body.email', message: 'value is not a valid email address' }]);
  });

  it('reads the RFC 6749 error code', () => {
    const apiError = toApiError(httpError(400, { error: 'invalid_grant', error_description: 'bad password' }));

    expect(apiError.oauthError).toBe('invalid_grant');
  });

  it('prefers the message given for the status', () => {
    expect(toApiError(httpError(409), { 409: 'Correo ya registrado.' }).message).toBe('Correo ya registrado.');
  });

  it('explains a network failure', () => {
    expect(toApiError(httpError(0)).message).toContain('No se pudo conectar');
  });

  it('explains unknown 5xx statuses', () => {
    expect(toApiError(httpError(507)).message).toContain('no está disponible');
  });
});

describe('applyFieldErrors', () => {
  it('marks matching controls and returns the rest', () => {
    const form = new FormGroup({ email: new FormControl(''), nombre: new FormControl('') });

    const rest = applyFieldErrors(form, [
      { field: 'body.email', message: 'invalid' },
      { field: 'otro', message: 'unknown' },
    ]);

    expect(controlErrorText(form.controls.email)).toBe('invalid');
    expect(form.controls.email.touched).toBe(true);
    expect(form.controls.nombre.errors).toBeNull();
    expect(rest).toEqual([{ field: 'otro', message: 'unknown' }]);
  });
});

describe('controlErrorText', () => {
  it('explains validator errors in Spanish', () => {
    const control = new FormControl('ab');

    control.setErrors({ minlength: { requiredLength: 8, actualLength: 2 } });

    expect(controlErrorText(control)).toBe('Debe tener al menos 8 caracteres.');
  });
});
