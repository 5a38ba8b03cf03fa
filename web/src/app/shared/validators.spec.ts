import { FormControl, ValidatorFn } from '@angular/forms';

import { VALIDADORES, emailWithDomain, maxUtf8Bytes, requiredText, singleLine, telefono } from './validators';

function errorsOf(validators: ValidatorFn | ValidatorFn[], value: string) {
  return new FormControl(value, validators).errors;
}

describe('telefono validator', () => {
  it.each(['+34 600 111 222', '600111222', '(91) 555-12-34', '+1 (555) 010-9999'])('accepts %s', (value) => {
    expect(errorsOf(telefono, value)).toBeNull();
  });

  it.each(['abc', '+34', '600 111 22a', '600-', '-600111222', '+34 600 111 222 333 444 555 6', '600\n111'])(
    'rejects %j',
    (value) => {
      expect(errorsOf(telefono, value)).toEqual({ telefono: true });
    },
  );

  it('ignores surrounding spaces as the API does', () => {
    expect(errorsOf(telefono, '  600111222  ')).toBeNull();
  });
});

describe('password validators', () => {
  it('accepts 72 bytes', () => {
    expect(errorsOf(VALIDADORES.password, 'a'.repeat(72))).toBeNull();
  });

  it('rejects 40 times ñ, which is 80 bytes', () => {
    expect(errorsOf(VALIDADORES.password, 'ñ'.repeat(40))).toEqual({ maxBytes: { max: 72, actual: 80 } });
  });

  it('accepts 36 times ñ, which is 72 bytes', () => {
    expect(errorsOf(VALIDADORES.password, 'ñ'.repeat(36))).toBeNull();
  });

  it('counts an emoji as one character toward the minimum', () => {
    expect(errorsOf(VALIDADORES.password, '🙂🙂🙂🙂')?.['minlength']).toEqual({ requiredLength: 8, actualLength: 4 });
  });

  it('measures bytes in UTF-8', () => {
    expect(errorsOf(maxUtf8Bytes(3), 'añ')).toBeNull();
    expect(errorsOf(maxUtf8Bytes(3), 'ññ')).toEqual({ maxBytes: { max: 3, actual: 4 } });
  });
});

describe('text validators', () => {
  it('treats only spaces as missing', () => {
    expect(errorsOf(requiredText, '   ')).toEqual({ required: true });
  });

  it.each(['Calle Mayor 1\n28013 Madrid', 'Calle\tMayor', 'A\u0000B'])(
    'rejects the control characters in %j',
    (value) => {
      expect(errorsOf(singleLine, value)).toEqual({ singleLine: true });
    },
  );

  it('limits the length after trimming', () => {
    expect(errorsOf(VALIDADORES.nombre, `  ${'a'.repeat(100)}  `)).toBeNull();
    expect(errorsOf(VALIDADORES.nombre, 'a'.repeat(101))?.['maxlength']).toEqual({
      requiredLength: 100,
      actualLength: 101,
    });
  });

  it('requires a dot in the email domain', () => {
    expect(errorsOf(emailWithDomain, 'ana@localhost')).toEqual({ email: true });
    expect(errorsOf(emailWithDomain, 'ana@example.com')).toBeNull();
  });
});
