import { HttpErrorResponse } from '@angular/common/http';
import { FormControl, FormGroup } from '@angular/forms';

import { applyFieldErrors, controlErrorText, toApiError } from './api-error';

function httpError(status: number, error: unknown = null): HttpErrorResponse {
  return new HttpErrorResponse({ status, error, url: '/api/x' });
}

function problem(status: number, detail: string, errors: { field: string; message: string }[] = []) {
  return { type: 'about:blank', title: 'Error', status, detail, errors };
}

describe('toApiError', () => {
  it('reads the field errors of a problem+json body', () => {
    const body = problem(422, 'One or more fields are invalid.', [
      { field: 'body.email', message: 'value is not a valid email address' },
    ]);

    const apiError = toApiError(httpError(422, body));

    expect(apiError.status).toBe(422);
    expect(apiError.message).toBe('Revisa los campos marcados.');
    expect(apiError.fieldErrors).toEqual([
      { field: 'body.email', label: 'Correo electrónico', message: 'Introduce un correo electrónico válido.' },
    ]);
  });

  it('replaces pydantic messages with Spanish ones', () => {
    const body = problem(422, 'One or more fields are invalid.', [
      { field: 'telefono', message: "String should match pattern '^\\+?[0-9(][0-9 ()-]{4,22}[0-9]$'" },
      { field: 'password', message: 'Value error, String should have at most 72 bytes in UTF-8' },
      { field: 'nombre', message: 'String should have at most 100 characters' },
    ]);

    const [telefono, password, nombre] = toApiError(httpError(422, body)).fieldErrors;

    expect(telefono.message).toBe('Introduce un teléfono válido (solo números, espacios, +, paréntesis y guiones).');
    expect(password.message).toContain('La contraseña debe tener entre 8 caracteres y 72 bytes');
    expect(nombre.message).toBe('Introduce un nombre de hasta 100 caracteres, en una sola línea.');
    expect(nombre.label).toBe('Nombre');
  });

  it('falls back to a generic field message', () => {
    const body = problem(422, 'One or more fields are invalid.', [
      { field: 'desconocido', message: 'Input should be a valid string' },
      { field: 'body', message: 'Value error, send at least one of producto, cantidad or direccion_entrega' },
    ]);

    const fieldErrors = toApiError(httpError(422, body)).fieldErrors;

    expect(fieldErrors[0]).toEqual({ field: 'desconocido', label: 'desconocido', message: 'Valor no válido.' });
    expect(fieldErrors[1]).toEqual({ field: 'body', label: '', message: 'Valor no válido.' });
  });

  it('lists a field once when it has several errors', () => {
    const body = problem(422, 'One or more fields are invalid.', [
      { field: 'password', message: 'String should have at least 8 characters' },
      { field: 'password', message: 'NUL characters are not allowed' },
    ]);

    expect(toApiError(httpError(422, body)).fieldErrors).toHaveLength(1);
  });

  it.each([
    ['Order PED-1 is at version 4, not 3. Reload it and try again.', 'Otra persona modificó el pedido'],
    ['Order PED-1 cannot change from ENVIADO to CANCELADO.', 'El pedido ya no admite ese cambio de estado'],
    [
      'Order PED-1 is EN_PREPARACION, and it can be edited only while CREADO or CONFIRMADO.',
      'ya no se puede modificar',
    ],
    ['A customer with this email already exists.', 'Este correo ya está registrado'],
  ])('translates the 409 detail %s', (detail, expected) => {
    const message = toApiError(httpError(409, problem(409, detail))).message;

    expect(message).toContain(expected);
    expect(message).not.toContain(detail);
  });

  it('prefers the caller message to a known detail', () => {
    const body = problem(409, 'Order PED-1 cannot change from ENVIADO to CANCELADO.');

    expect(toApiError(httpError(409, body), { 409: 'Ya ha salido.' }).message).toBe('Ya ha salido.');
  });

  it('uses the status message for an unknown detail', () => {
    const message = toApiError(httpError(409, problem(409, 'Something else happened.'))).message;

    expect(message).toBe('Los datos han cambiado mientras tanto. Recarga la página e inténtalo de nuevo.');
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
      { field: 'body.email', label: 'Correo electrónico', message: 'Introduce un correo electrónico válido.' },
      { field: 'otro', label: 'otro', message: 'Valor no válido.' },
    ]);

    expect(controlErrorText(form.controls.email)).toBe('Introduce un correo electrónico válido.');
    expect(form.controls.email.touched).toBe(true);
    expect(form.controls.nombre.errors).toBeNull();
    expect(rest).toEqual([{ field: 'otro', label: 'otro', message: 'Valor no válido.' }]);
  });
});

describe('controlErrorText', () => {
  it('explains validator errors in Spanish', () => {
    const control = new FormControl('ab');

    control.setErrors({ minlength: { requiredLength: 8, actualLength: 2 } });

    expect(controlErrorText(control)).toBe('Debe tener al menos 8 caracteres.');
  });

  it.each([
    [{ telefono: true }, 'Introduce un teléfono válido'],
    [{ singleLine: true }, 'en una sola línea'],
    [{ maxBytes: { max: 72, actual: 80 } }, 'No puede superar 72 bytes'],
  ])('explains the custom error %o', (errors, expected) => {
    const control = new FormControl('x');

    control.setErrors(errors);

    expect(controlErrorText(control)).toContain(expected);
  });
});
